"""The quarterly regional board report: one print template (on the council reports' print
base), WeasyPrint through reports.pdf for the PDF."""

from datetime import datetime

from django.template.loader import render_to_string
from django.templatetags.static import static

from reports.pdf import html_to_pdf
from reports.regions import presenters
from reports.regions.selectors import RegionAt, RegionMarket
from sufficiency.calendar import quarter_label
from sufficiency.charts import Table
from sufficiency.regions.models import Region

TEMPLATE = "regions/print/report.html"


REPORT_PROVIDERS = 20


def _shortened(tables: dict[str, Table]) -> dict[str, Table]:
    """The board report lists the shared providers with most children (the page and the
    download list them all); the total row stays, for all shared providers."""
    shared = tables["shared-providers"]
    if len(shared.rows) > REPORT_PROVIDERS + 1:
        tables["shared-providers"] = Table(
            shared.headings,
            [*shared.rows[:REPORT_PROVIDERS], shared.rows[-1]],
            caption=f"The {REPORT_PROVIDERS} providers used by several members with most "
            f"children (of {len(shared.rows) - 1})",
        )
    return tables


def report_context(
    region: Region, at: RegionAt, market: RegionMarket, *, not_sharing: int, made: datetime
) -> dict:
    return {
        "region": region,
        # The print base names the document's owner in each page's header.
        "la": region,
        "at": at,
        "tables": _shortened(presenters.tables(at, market)),
        "forecast": presenters.forecast_series(at),
        "not_sharing": not_sharing,
        "title": "Quarterly regional board report",
        "subtitle": quarter_label(at.on),
        "made": made,
    }


def html(context: dict) -> str:
    return render_to_string(TEMPLATE, context)


def web_html(context: dict) -> str:
    """The report as a page in the browser: the print style from the static files' address
    (the PDF reads it beside the document)."""
    return html(context).replace('href="css/print.css"', f'href="{static("css/print.css")}"')


def pdf(context: dict) -> tuple[bytes, int]:
    return html_to_pdf(html(context))
