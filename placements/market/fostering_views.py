"""Fostering supply the council enters by quarter (market.fostering), under
/<la>/market/fostering/: the quarters with their targets, the net change in fostering
households against its target, and a form per quarter (GOV.UK patterns)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from placements.market import services
from placements.market.forms import COUNTS, FosteringQuarterForm
from placements.market.fostering import FosteringQuarter
from placements.market.fostering_figures import FUNNEL, year_to
from sufficiency import tags
from sufficiency.access import CouncilRequest, council_view
from sufficiency.calendar import long_date, short_quarter_label
from sufficiency.formatting import count, signed
from sufficiency.roles import Permission, can


def _rows(quarters: list[FosteringQuarter]) -> list[dict]:
    def with_target(value, target) -> str:
        return count(value) + (f" (target {count(target)})" if target is not None else "")

    return [
        {
            "item": q,
            "label": short_quarter_label(q.quarter_end),
            "cells": [
                with_target(q.households, q.households_target),
                with_target(q.approvals, q.approvals_target),
                count(q.deregistrations),
                count(q.vacancies),
                with_target(q.enquiries, q.enquiries_target),
                count(q.initial_visits),
                count(q.applications),
            ],
        }
        for q in quarters
    ]


def measure_text(quarters: list[FosteringQuarter], on: date) -> dict | None:
    """The measure: net change in fostering households in the year, with its target."""
    year = year_to([_as_dict(q) for q in quarters], on)
    if year is None:
        return None
    return {
        "label": f"Net change in fostering households in the year to {long_date(year.quarter_end)}",
        "value": signed(year.net_change) if year.net_change is not None else "Not known",
        "target": signed(year.net_change_target) if year.net_change_target is not None else None,
        "behind": year.net_change is not None
        and year.net_change_target is not None
        and year.net_change < year.net_change_target,
        "funnel": [(label, count(v)) for label, v in year.funnel],
        "behind_css": tags.css(tags.BAD),
    }


def _as_dict(q: FosteringQuarter) -> dict:
    return {"quarter_end": q.quarter_end, **{name: getattr(q, name) for name in COUNTS}}


@council_view(Permission.VIEW)
def fostering(request: CouncilRequest) -> HttpResponse:
    quarters = list(FosteringQuarter.objects.filter(la=request.la))
    return render(
        request,
        "placements/market/fostering.html",
        {
            "rows": _rows(quarters),
            "measure": measure_text(quarters, timezone.localdate()),
            "funnel_labels": [label for _, label in FUNNEL],
            "can_edit": can(request.role, Permission.EDIT_MARKET),
        },
    )


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def fostering_form(request: CouncilRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(FosteringQuarter, la=request.la, pk=pk) if pk else None
    form = FosteringQuarterForm(
        request.POST or None, instance=instance, la=request.la, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        item = services.save_record(form, la=request.la)
        messages.success(request, f"Fostering figures for {short_quarter_label(item.quarter_end)} "
                                  "saved.")  # fmt: skip
        return redirect("market:fostering", la_code=request.la.code)
    return render(
        request,
        "placements/market/fostering_form.html",
        {"form": form, "item": instance},
        status=400 if form.errors else 200,
    )
