"""Rendering the quarterly dashboard and the annual strategy as a print document: one HTML
template per report, charts as SVG, WeasyPrint for the PDF."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from reports import presenters, selectors, strategy_document
from reports.pdf import ChartBatch, html_to_pdf
from sufficiency.calendar import quarter_label
from sufficiency.charts import Chart, Table
from sufficiency.councils import LocalAuthority


@dataclass
class PrintChart:
    id: str
    title: str
    image: str  # an <img> of the chart, drawn by the batch it belongs to
    table: Table


QUARTER_END_MONTHS = ("Mar ", "Jun ", "Sep ", "Dec ")


def print_table(table: Table) -> Table:
    """A monthly table (the forecast's) cut to quarter ends for paper; the full monthly
    table downloads from the dashboard."""
    if table.headings[0] != "Month end":
        return table
    rows = [row for row in table.rows if str(row[0]).startswith(QUARTER_END_MONTHS)]
    caption = "Quarter ends shown; monthly figures download from the dashboard in the service."
    return Table(headings=table.headings, rows=rows, caption=caption)


def print_sections(
    sections: dict[str, list[Chart]],
) -> tuple[dict[str, list[PrintChart]], ChartBatch]:
    """Every section's charts, started drawing in one batch, as images for the print template.

    Charts are embedded as images, not inline SVG: WeasyPrint then draws each as one picture
    instead of styling every shape of it as part of the page.
    """
    flat = [chart for charts in sections.values() for chart in charts]
    batch = ChartBatch([chart.figure for chart in flat])
    images = iter(
        PrintChart(
            chart.id,
            chart.title,
            mark_safe(f'<img alt="{escape(chart.title)}" src="{batch.url(index)}">'),  # noqa: S308
            print_table(chart.table),
        )
        for index, chart in enumerate(flat)
    )
    return {key: [next(images) for _ in charts] for key, charts in sections.items()}, batch


def quarterly_context(la: LocalAuthority, on: date, progress: Callable | None = None) -> dict:
    dash = selectors.dashboard(la, on)
    context = presenters.dashboard_context(dash)
    if progress:
        progress(40, "Drawing the charts")
    context["print_sections"], context["chart_batch"] = print_sections(context["sections"])
    context.update(
        la=la,
        title="Quarterly sufficiency dashboard",
        subtitle=quarter_label(on),
        made=timezone.localtime(),
    )
    return context


def render_report(
    *, la: LocalAuthority, kind: str, on: date, fmt: str, progress: Callable | None = None
) -> tuple[bytes | str, int | None]:
    """The report as PDF bytes (with its page count) or as a standalone HTML string."""
    if kind == "quarterly":
        context = quarterly_context(la, on, progress)
        template = "reports/print/quarterly.html"
    elif kind == "strategy":
        context = strategy_document.context(la, on, progress)
        template = "reports/print/strategy.html"
    else:
        raise ValueError(f"No report called {kind}")
    html = render_to_string(template, context)
    batch = context["chart_batch"]
    if fmt == "html":
        return batch.inline(html), None
    if progress:
        progress(75, "Laying out the pages")
    return html_to_pdf(html, charts=batch)
