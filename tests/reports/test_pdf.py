"""The PDFs open, have the expected pages, contents entries, page numbers and marking."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from reports.rendering import render_report


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


@pytest.mark.parametrize("kind", ["quarterly", "strategy"])
def test_pdf_pages_are_numbered_and_marked(council, kind):
    pdf, count = render_report(la=council, kind=kind, on=date(2025, 3, 31), fmt="pdf")
    assert pdf.startswith(b"%PDF")
    texts = pages_text(pdf)
    assert len(texts) == count >= 4
    for number, text in enumerate(texts, start=1):
        assert "OFFICIAL" in text
        if number > 1:  # the cover carries no running header or page number
            assert f"Page {number} of {count}" in text
            assert council.name in text


def test_quarterly_contents_point_at_the_right_pages(council):
    pdf, _ = render_report(la=council, kind="quarterly", on=date(2025, 3, 31), fmt="pdf")
    texts = pages_text(pdf)
    entries = contents_entries(texts[1])
    assert {"Scorecard", "Children in care", "Placement mix", "Action plan"} <= set(entries)
    for title, page in entries.items():
        body = texts[page - 1]
        assert title.split(" ")[0] in body, f"{title} is not on page {page}"


def test_strategy_has_its_sections_and_the_needs_sentences(council):
    pdf, _ = render_report(la=council, kind="strategy", on=date(2025, 3, 31), fmt="pdf")
    texts = pages_text(pdf)
    whole = "\n".join(texts)
    entries = contents_entries(texts[1])
    for title in ["Executive summary", "Needs analysis", "Our priorities", "Action plan",
                  "Measures and targets", "Appendix: definitions"]:  # fmt: skip
        assert title in entries
        assert title.split(":")[0] in texts[entries[title] - 1]
    # Two children looked after on 31 March 2025 a year earlier, three now: 50.0% more;
    # 3 / 30,000 x 10,000 = 1.0 per 10,000.
    flat = " ".join(whole.split())
    assert "On 31 March 2025, 3 children were looked after, 50.0% more than a year earlier" in flat
    assert "1.0 per 10,000 children" in flat
    assert "Fewer children need to come into care" in flat or "Priority" in flat


def test_html_output_is_the_same_document(council):
    html, pages = render_report(la=council, kind="quarterly", on=date(2025, 3, 31), fmt="html")
    assert pages is None
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert "Quarterly sufficiency dashboard" in html


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
