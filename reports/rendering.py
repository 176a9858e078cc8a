"""Rendering the quarterly dashboard and the annual strategy as a print document: one HTML
template per report, charts as SVG, WeasyPrint for the PDF."""

import json
from collections.abc import Callable
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from reports import (
    chapters,
    figures,
    presenters,
    referrals_section,
    selectors,
    strategy_document,
)
from reports import cover_presenters as cover_presenters
from reports.pdf import html_to_pdf
from reports.print_charts import print_sections
from sufficiency.calendar import quarter_label
from sufficiency.councils import LocalAuthority


def quarterly_context(la: LocalAuthority, on: date, progress: Callable | None = None) -> dict:
    dash = selectors.dashboard(la, on)
    context = presenters.dashboard_context(dash)
    if progress:
        progress(40, "Drawing the charts")
    context["print_sections"], context["chart_batch"] = print_sections(context["sections"])
    context.update(
        la=la,
        title="Quarterly sufficiency report",
        subtitle=quarter_label(on),
        made=timezone.localtime(),
        referrals=referrals_section.quarter_referrals(la, on),
        paper=cover_presenters.quarterly_paper(dash, context),
    )
    return context


def render_report(
    *, la: LocalAuthority, kind: str, on: date, fmt: str, progress: Callable | None = None
) -> tuple[bytes | str, int | None]:
    """The report as PDF bytes (with its page count), a standalone HTML string, or its figures
    as JSON (reports.figures)."""
    if fmt == "json":
        if kind not in ("quarterly", "strategy"):
            raise ValueError(f"No report called {kind}")
        # Both documents print the figures of one Dashboard at the date (the strategy adds only
        # text), so both read the same registry.
        dash = selectors.dashboard(la, on)
        collected = figures.collect(dash)
        if kind == "strategy":
            chapters.register(collected, chapters.chapters(dash), dash)
        payload = figures.as_json(kind, la.code, on, collected)
        return json.dumps(payload, indent=2, ensure_ascii=False), None
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
