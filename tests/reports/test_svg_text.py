"""Chart labels drawn a run at a time (reports/svg_text.py): the same words in the same places
as WeasyPrint's letter-by-letter drawing, with one layout per label instead of one per letter,
and labels that place letters one by one still drawn letter by letter."""

import base64
import subprocess
from html.parser import HTMLParser
from unittest import mock
from xml.etree import ElementTree

import pytest
import weasyprint
import weasyprint.text.line_break as line_break

from reports import svg_text

LABELS = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">'
    '<text x="200" y="30" text-anchor="middle" font-family="Liberation Sans" '
    'font-size="14px">Children in care</text>'
    '<text x="380" y="60" text-anchor="end" font-size="12px">Fostering agency</text>'
    '<text transform="translate(20,150) rotate(-90)" x="0" y="0" font-size="12px">Children'
    "</text>"
    '<text x="40" y="100" font-size="12px"><tspan x="40" dy="0">Placed in</tspan>'
    '<tspan x="40" dy="1.3em">the area</tspan></text>'
    "</svg>"
)
# Letters placed one by one: each must stay where its own x puts it.
SPACED = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100">'
    '<text x="20 120 220" y="50" font-size="14px">ABC</text></svg>'
)


def pdf_of(svg: str) -> bytes:
    data = base64.b64encode(svg.encode()).decode()
    html = f'<img style="width: 400px" src="data:image/svg+xml;base64,{data}">'
    return weasyprint.HTML(string=html).write_pdf()


class Words(HTMLParser):
    """The words pdftotext -bbox finds, with their boxes in points."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[tuple[str, float, float]] = []
        self._box: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        self._box = {k: v or "" for k, v in attrs} if tag == "word" else None

    def handle_data(self, data):
        if self._box is not None and data.strip():
            self.words.append((data.strip(), float(self._box["xmin"]), float(self._box["ymin"])))
            self._box = None


def words(pdf: bytes, tmp_path) -> list[tuple[str, float, float]]:
    path = tmp_path / "labels.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    parser = Words()
    parser.feed(html)
    return parser.words


@pytest.fixture
def letters_then_runs():
    """Each test starts drawing letter by letter and leaves runs installed, as html_to_pdf does."""
    svg_text.uninstall()
    yield
    svg_text.install()


def layouts_made(svg: str) -> int:
    with mock.patch.object(
        line_break, "split_first_line", wraps=line_break.split_first_line
    ) as split:
        pdf_of(svg)
    return split.call_count


def test_installed_for_the_pinned_weasyprint():
    # A new WeasyPrint draws letter by letter until someone checks this module against it.
    assert weasyprint.__version__ in svg_text.CHECKED_VERSIONS
    assert svg_text.install() is True and svg_text.installed()


def test_labels_in_runs_are_the_same_words_in_the_same_places(letters_then_runs, tmp_path):
    by_letter = words(pdf_of(LABELS), tmp_path)
    svg_text.install()
    in_runs = words(pdf_of(LABELS), tmp_path)

    assert [w for w, _, _ in in_runs] == [
        "Children", "in", "care", "Children", "Fostering", "agency", "Placed", "in", "the", "area",
    ]  # fmt: skip
    assert [w for w, _, _ in by_letter] == [w for w, _, _ in in_runs]
    for (word, x1, y1), (_, x2, y2) in zip(by_letter, in_runs, strict=True):
        # Kerning inside a run may move a word by a fraction of a point; never more than one.
        assert abs(x1 - x2) < 1 and abs(y1 - y2) < 1, word


def test_one_layout_per_label_instead_of_one_per_letter(letters_then_runs):
    labels = ("Children in care", "Fostering agency", "Children", "Placed in", "the area")
    letters = sum(len(label) for label in labels)
    by_letter = layouts_made(LABELS)
    svg_text.install()
    in_runs = layouts_made(LABELS)
    # Letter by letter: a layout of each label, then one of each of its letters.
    assert by_letter - in_runs == letters - len(labels)


def test_letters_placed_one_by_one_stay_letter_by_letter(letters_then_runs, tmp_path):
    by_letter = words(pdf_of(SPACED), tmp_path)
    svg_text.install()
    assert layouts_made(SPACED) == 1 + 3  # the label, then A, B and C
    spaced = words(pdf_of(SPACED), tmp_path)
    assert spaced == by_letter
    # 100 user units apart in a 400-unit SVG drawn 400 px (300 pt) wide: 75 pt apart.
    (a, xa, _), (b, xb, _), (c, xc, _) = spaced
    assert (a, b, c) == ("A", "B", "C")
    assert (round(xb - xa, 1), round(xc - xb, 1)) == (75.0, 75.0)


@pytest.mark.parametrize(
    "attributes, one_by_one",
    [
        ('x="5" y="9"', False),
        ('x="5" dy="1.3em"', False),
        ("", False),
        ('x="5 15" y="9"', True),
        ('x="5,15" y="9"', True),
        ('x="5" dx="1 2 3"', True),
        ('x="5" rotate="10"', True),
        ('x="5" letter-spacing="2"', True),
        ('x="5" textLength="80"', True),
    ],
)
def test_which_labels_place_letters_one_by_one(attributes, one_by_one):
    element = ElementTree.fromstring(f"<text {attributes}>Care</text>")  # noqa: S314
    assert svg_text.places_letters(element) is one_by_one
