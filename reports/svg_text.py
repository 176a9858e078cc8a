"""Chart text drawn a run at a time in the PDF, not a letter at a time.

WeasyPrint draws every SVG <text> and <tspan> one letter at a time, so that each letter can take
its own x, y, dx, dy or rotate. It lays out and draws every letter as a text of its own (about
a tenth of a quarterly report's time, for a few hundred axis, bar and legend labels). plotly's
labels never place letters one by one: each has one position. For such a label the loop is
given the label as a single "letter", so WeasyPrint lays it out and draws it once, with every
other rule of its own (anchors, baselines, fill, the bounding box) unchanged. Labels that do
place letters one by one (several positions, rotate, letter-spacing, textLength) are drawn as
WeasyPrint draws them. Whole runs are also what a browser draws: letters keep their kerning.

This leans on two private details of WeasyPrint (its SVG tag table and a node's element), so it
is installed only for the version it was checked against (pyproject.toml pins it); another
version draws letter by letter, correctly and more slowly, until this is checked again.
"""

import threading

CHECKED_VERSIONS = frozenset({"70.0"})
# Attributes with which SVG positions, turns or spaces letters one by one.
_PER_LETTER = ("rotate", "letter-spacing", "textLength")
_POSITIONS = ("x", "y", "dx", "dy")

_lock = threading.Lock()


class _Run(str):
    """A label that iterates as one item, itself: WeasyPrint's per-letter loop then runs once."""

    __slots__ = ()

    def __iter__(self):
        yield str(self)


def places_letters(node) -> bool:
    """Whether the node positions, turns or spaces its letters one by one."""
    from weasyprint.svg.utils import normalize

    if any(node.get(name) for name in _PER_LETTER):
        return True
    return any(len(normalize(node.get(name) or "").split()) > 1 for name in _POSITIONS)


def _in_runs(draw_letters):
    def draw_text(svg, node, font_size):
        if node.tag in ("text", "tspan") and node.text and not places_letters(node):
            node._etree_node.text = _Run(node.text)
        return draw_letters(svg, node, font_size)

    draw_text.draws_letters = draw_letters
    return draw_text


def installed() -> bool:
    import weasyprint.svg as weasyprint_svg

    return hasattr(weasyprint_svg.text, "draws_letters")


# WeasyPrint is imported when a document is first made, as in reports.pdf: most processes that
# import this module (every web worker) never make one.
def install() -> bool:
    """Draw chart labels in runs from now on in this process (idempotent); whether it is on."""
    import weasyprint
    import weasyprint.svg as weasyprint_svg

    with _lock:
        if installed():
            return True
        if weasyprint.__version__ not in CHECKED_VERSIONS:
            return False
        draw_letters = weasyprint_svg.text
        draw_text = _in_runs(draw_letters)
        # draw_node recognises text nodes by comparing the table's entry with this name.
        weasyprint_svg.text = draw_text
        for tag, draw in weasyprint_svg.TAGS.items():
            if draw is draw_letters:
                weasyprint_svg.TAGS[tag] = draw_text
        return True


def uninstall() -> None:
    """WeasyPrint's own letter-by-letter drawing again (the tests compare the two)."""
    import weasyprint.svg as weasyprint_svg

    with _lock:
        if not installed():
            return
        draw_text = weasyprint_svg.text
        weasyprint_svg.text = draw_text.draws_letters
        for tag, draw in weasyprint_svg.TAGS.items():
            if draw is draw_text:
                weasyprint_svg.TAGS[tag] = draw_text.draws_letters
