"""Charts for paper: every chart of a document drawn in one batch and embedded as an image,
with its data table cut to what fits a page."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from reports.pdf import ChartBatch
from sufficiency.charts import Chart, Table


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
