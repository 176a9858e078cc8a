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
# A table over time on paper shows the last two years by quarter: the charts show the rest.
QUARTERS_ON_PAPER = 8
ACTUAL_QUARTERS_BEFORE_FORECAST = 4


def print_table(table: Table) -> Table:
    """A table over time cut to what a reader takes in on paper: the last 8 quarters of a
    quarterly table; for the forecast's monthly table, the last four quarter ends that happened
    and then the forecast at each 31 March."""
    first = table.headings[0] if table.headings else ""
    if first == "Quarter end" and len(table.rows) > QUARTERS_ON_PAPER:
        return Table(
            headings=table.headings,
            rows=table.rows[-QUARTERS_ON_PAPER:],
            caption=f"The last {QUARTERS_ON_PAPER} quarters; the chart shows every quarter.",
        )
    if first != "Month end" or "Lowest likely" not in table.headings:
        return table
    quarter_ends = [row for row in table.rows if str(row[0]).startswith(QUARTER_END_MONTHS)]
    # Rows that happened have no likely range; forecast rows have one.
    actual = [row for row in quarter_ends if not str(row[2]).strip()]
    forecast = [row for row in quarter_ends if str(row[2]).strip()]
    year_ends = [row for row in forecast if str(row[0]).startswith("Mar ")]
    caption = (
        f"Children in care at the last {ACTUAL_QUARTERS_BEFORE_FORECAST} quarter ends, then the "
        "forecast at each 31 March."
    )
    return Table(
        headings=table.headings,
        rows=actual[-ACTUAL_QUARTERS_BEFORE_FORECAST:] + (year_ends or forecast),
        caption=caption,
    )


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
