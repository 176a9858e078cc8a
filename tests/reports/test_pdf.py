"""The PDFs open, have the expected pages, contents entries, page numbers and marking."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from reports.rendering import render_report
from sufficiency import glossary
from tests.html import texts as element_texts


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def contents_entries(text: str) -> dict[str, int]:
    """'Needs analysis ........ 4' -> {'Needs analysis': 4}"""
    entries = {}
    for line in text.splitlines():
        match = re.match(r"^(.*?)[\s.]*\.{3,}\s*(\d+)$", line.strip())
        if match:
            entries[match.group(1).strip(" .")] = int(match.group(2))
    return entries


def contents_page(texts: list[str]) -> str:
    """The page of contents: after the cover and the summary."""
    return next(t for t in texts if "Contents" in t.splitlines()[:3] or "\nContents\n" in t)


@pytest.mark.parametrize(
    ("kind", "heading"), [("quarterly", "Summary"), ("strategy", "Executive summary")]
)
def test_the_summary_comes_first_after_the_cover(council, kind, heading):
    pdf, _ = render_report(la=council, kind=kind, on=date(2025, 3, 31), fmt="pdf")
    texts = pages_text(pdf)
    # Page 3 opens with the summary (after the committee's cover report on page 1, the title
    # page on page 2, and the running header), before the contents.
    lines = [line.strip() for line in texts[2].splitlines() if line.strip()]
    assert heading in lines[:3]
    assert "Contents" not in texts[2]
    entries = contents_entries(contents_page(texts))
    assert min(entries.values()) == entries[heading] == 3


@pytest.mark.parametrize("kind", ["quarterly", "strategy"])
def test_pdf_pages_are_numbered_and_marked(council, kind):
    pdf, count = render_report(la=council, kind=kind, on=date(2025, 3, 31), fmt="pdf")
    assert pdf.startswith(b"%PDF")
    texts = pages_text(pdf)
    assert len(texts) == count >= 4
    for number, text in enumerate(texts, start=1):
        assert "OFFICIAL" in text
        # The committee cover report and the document's title page carry no running header
        # or page number.
        if number > 2:
            assert f"Page {number} of {count}" in text
            assert council.name in text


@pytest.mark.parametrize("kind", ["quarterly", "strategy"])
def test_pdfs_carry_the_deployments_marking_and_end_with_the_glossary(council, kind, settings):
    settings.PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
    html, _ = render_report(la=council, kind=kind, on=date(2025, 3, 31), fmt="html")
    # The glossary of sufficiency/glossary.py, not a copy.
    assert element_texts(html, "[data-testid=glossary] dd") == [
        t.definition for t in glossary.terms()
    ]
    pdf, count = render_report(la=council, kind=kind, on=date(2025, 3, 31), fmt="pdf")
    texts = pages_text(pdf)
    assert all("OFFICIAL-SENSITIVE" in text for text in texts)
    assert "Glossary" in texts[-1] or "Glossary" in texts[-2]


def test_quarterly_contents_point_at_the_right_pages(council):
    pdf, _ = render_report(la=council, kind="quarterly", on=date(2025, 3, 31), fmt="pdf")
    texts = pages_text(pdf)
    entries = contents_entries(contents_page(texts))
    assert {"Scorecard", "Children in care", "Placement mix", "Action plan"} <= set(entries)
    for title, page in entries.items():
        body = texts[page - 1]
        assert title.split(" ")[0] in body, f"{title} is not on page {page}"


def test_strategy_has_its_sections_and_the_needs_sentences(council):
    pdf, _ = render_report(la=council, kind="strategy", on=date(2025, 3, 31), fmt="pdf")
    texts = pages_text(pdf)
    whole = "\n".join(texts)
    entries = contents_entries(contents_page(texts))
    for title in ["Executive summary", "Needs analysis", "Our priorities", "Action plan",
                  "Measures and targets", "Appendix: definitions"]:  # fmt: skip
        assert title in entries
        assert title.split(":")[0] in texts[entries[title] - 1]
    # Each sentence of the needs analysis, as the HTML document writes it, is on the page the
    # contents give for it (the figures themselves are checked in the HTML just below).
    html, _ = render_report(la=council, kind="strategy", on=date(2025, 3, 31), fmt="html")
    needs_page = " ".join(texts[entries["Needs analysis"] - 1].split())
    sentences = element_texts(html, "#needs > p")
    assert sentences and all(sentence in needs_page for sentence in sentences)
    flat = " ".join(whole.split())
    assert "Fewer children need to come into care" in flat or "Priority" in flat


def test_strategy_needs_sentences_give_the_figures(council):
    html, _ = render_report(la=council, kind="strategy", on=date(2025, 3, 31), fmt="html")
    # Two children looked after on 31 March 2024, three on 31 March 2025: 50.0% more;
    # 3 / 30,000 x 10,000 = 1.0 per 10,000. Child 3 started on 1 July 2024; nobody left.
    # Child 1 is in kinship foster care (U1), child 3 with an agency's foster carer (U4, PR4),
    # child 2 in a children's home (K2): 2 of 3 = 66.7% fostered, 1 of 3 = 33.3% in a home.
    # Child 2 lives in Leeds (LS1), more than 20 miles from WV1; the test council's code is not
    # a real area, so all 3 live outside it. Nobody moved: 0.0% with 3+ placements; child 1
    # (under 16, in care since May 2022) is the 1 child in long-term care, in the same home.
    assert element_texts(html, "#needs > p") == [
        "On 31 March 2025, 3 children were looked after, 50.0% more than a year earlier: "
        "1.0 per 10,000 children.",
        "During the year, 1 child started to be looked after and 0 ceased, so more came into "
        "care than left, by 1.",
        "2 of 3 children (66.7%) lived in foster care: 1 with family or friends, 0 with the "
        "council's own foster carers and 1 with independent fostering agencies. Of the rest, "
        "the largest groups were: 1 (33.3%) children's home.",
        "1 child (33.3%) lived more than 20 miles from home, and 3 outside the council's area.",
        "0.0% of children in care had 3 or more placements in the year. Of the 1 child under "
        "16 who had been in care for at least two and a half years, 100.0% had lived in the "
        "same placement for at least two years.",
        "No care leavers were recorded for this year.",
    ]
    # The executive summary opens with the first two.
    assert (
        element_texts(html, "#summary [data-testid=summary-position] > p")[:2]
        == element_texts(html, "#needs > p")[:2]
    )


def test_html_output_is_the_same_document(council):
    html, pages = render_report(la=council, kind="quarterly", on=date(2025, 3, 31), fmt="html")
    assert pages is None
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert "Quarterly sufficiency report" in html


def test_render_report_command_writes_both_formats(council, tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    common = ["render_report", "--la", council.code, "--date", "2025-03-31"]
    call_command(*common, "--kind", "strategy", "--out", str(tmp_path / "s.pdf"), stdout=out)
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF") and "pages" in out.getvalue()
    call_command(
        *common, "--kind", "quarterly", "--format", "html", "--out", str(tmp_path / "q.html")
    )
    assert "<svg" in (tmp_path / "q.html").read_text()
