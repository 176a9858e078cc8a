"""Rendering the quarterly dashboard and the annual strategy as a print document: one HTML
template per report, charts as SVG, WeasyPrint for the PDF."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from reports import presenters, selectors, strategy_document
from reports.charts import Chart, Table
from reports.pdf import html_to_pdf, renderer
from sufficiency.models import LocalAuthority


@dataclass
class PrintChart:
    id: str
    title: str
    svg: str
    table: Table


def print_charts(charts: list[Chart], *, width: int = 680) -> list[PrintChart]:
    return [
        PrintChart(c.id, c.title, mark_safe(renderer.svg(c.figure, width=width)), c.table)  # noqa: S308
        for c in charts
    ]


def quarterly_context(la: LocalAuthority, on: date, progress: Callable | None = None) -> dict:
    dash = selectors.dashboard(la, on)
    context = presenters.dashboard_context(dash)
    if progress:
        progress(40, "Drawing the charts")
    context["print_sections"] = {
        key: print_charts(charts) for key, charts in context["sections"].items()
    }
    context.update(
        la=la,
        title="Quarterly sufficiency dashboard",
        subtitle=presenters.quarter_label(on),
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
    if fmt == "html":
        return html, None
    if progress:
        progress(75, "Laying out the pages")
    return html_to_pdf(html)
