"""The committee paper's pages: the cover and implications of a report at a date, and the
strategy's children's voice and previous strategy. Each field edits in place: a Change link
asks (htmx) for the field's form, Save posts it and gets the field's row back; without
JavaScript the same links and forms work as pages. A save from a stale version is refused like
an action's (ADR 0007), showing what the other person changed and keeping what was typed."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from placements.cohort import selectors as cohort
from reports import cover_forms as forms
from reports import cover_presenters as presenters
from reports import cover_selectors as selectors
from reports import cover_services as services
from reports import selectors as report_selectors
from reports.cover_models import CoverReport, Kind, StrategyReview
from sufficiency.access import CouncilRequest, council_view
from sufficiency.calendar import previous_quarter_end, quarter_ends_before
from sufficiency.plan import presenters as plan_presenters
from sufficiency.plan import selectors as plan_selectors
from sufficiency.roles import Permission, can

PAGE = "reports/cover/page.html"
COVER_GROUPS = [
    ("Cover", presenters.COVER_FIELDS),
    ("Implications", presenters.IMPLICATION_FIELDS),
    ("Sign-offs and background papers", presenters.SIGN_OFF_FIELDS),
]
REVIEW_GROUPS = [
    ("Children's voice", presenters.VOICE_FIELDS),
    ("The previous strategy", presenters.PREVIOUS_FIELDS),
]


def _dates(request: CouncilRequest) -> list[date]:
    data = cohort.cohort(la=request.la)
    if data is not None:
        return cohort.reference_dates(data)
    return quarter_ends_before(previous_quarter_end(date.today()), 8)[::-1]


def _on(request: CouncilRequest) -> date:
    """The report's date asked for (default: the latest the data allows)."""
    dates = _dates(request)
    asked = request.POST.get("date") or request.GET.get("date") or ""
    return next((d for d in dates if d.isoformat() == asked), dates[0])


@dataclass
class Target:
    """What a page edits: the cover of a report at a date, or the strategy's review."""

    instance: CoverReport | StrategyReview
    groups: list[tuple[str, list[str]]]
    on: date | None = None
    kind: str = ""

    @property
    def names(self) -> list[str]:
        return [n for _, names in self.groups for n in names]


def _target(request: CouncilRequest, kind: str) -> tuple[Target, Callable[..., dict]]:
    """The instance for `kind` ("quarterly", "strategy" or "review") and a function giving
    the drafts of the fields asked for."""
    on = _on(request)
    if kind == "review":
        strategy = plan_selectors.current_strategy(request.la)
        review = selectors.review_of(strategy)
        if review is None:
            raise Http404("Set up the strategy first")
        return Target(review, REVIEW_GROUPS, on=on, kind=kind), (
            lambda only=None: presenters.review_drafts(review)
        )
    if kind not in Kind.values:
        raise Http404("No such report")
    cover = selectors.cover_at(request.la, kind, on)
    strategy = selectors.strategy_of(request.la)
    dash = cache(lambda: report_selectors.dashboard(request.la, on))
    return Target(cover, COVER_GROUPS, on=on, kind=kind), (
        lambda only=None: presenters.cover_drafts(cover, strategy, dash, only)
    )


def _urls(request: CouncilRequest, target: Target) -> dict:
    code = request.la.code
    query = f"?date={target.on.isoformat()}" if target.on else ""
    return {
        "page": reverse("reports:paper", kwargs={"la_code": code, "kind": target.kind}) + query,
        "history": reverse("reports:paper_history", kwargs={"la_code": code, "kind": target.kind})
        + query,
        "query": query,
    }


def _row_context(request, target: Target, name: str, drafts: dict, **extra) -> dict:
    return {
        "target": target,
        "f": presenters.shown(target.instance, name, drafts),
        "kind": target.kind,
        "on": target.on,
        "urls": _urls(request, target),
        "can_edit": can(request.role, Permission.EDIT_PLAN),
        **extra,
    }


def _title(target: Target) -> str:
    if target.kind == "review":
        return "Children's voice and the previous strategy"
    return f"Committee paper: {Kind(target.kind).label.lower()}"


@council_view(Permission.VIEW)
def paper(request: CouncilRequest, kind: str) -> HttpResponse:
    target, drafts_of = _target(request, kind)
    drafts = drafts_of()
    groups = [
        (title, [presenters.shown(target.instance, n, drafts) for n in names])
        for title, names in target.groups
    ]
    context = {
        "target": target,
        "groups": groups,
        "title": _title(target),
        "kind": kind,
        "on": target.on,
        "dates": _dates(request),
        "urls": _urls(request, target),
        "can_edit": can(request.role, Permission.EDIT_PLAN),
        "priorities": (
            list(target.instance.strategy.priorities.all())
            if isinstance(target.instance, StrategyReview)
            else []
        ),
    }
    return render(request, PAGE, context)


@council_view(Permission.VIEW)
def row(request: CouncilRequest, kind: str, name: str) -> HttpResponse:
    """A field as shown: what Cancel swaps back in."""
    target, drafts_of = _target(request, kind)
    if name not in target.names:
        raise Http404("No such field")
    if not request.htmx:
        return redirect(_urls(request, target)["page"] + f"#row-{name}")
    drafts = drafts_of([name])
    return render(request, PAGE + "#row", _row_context(request, target, name, drafts))


@council_view(Permission.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def edit(request: CouncilRequest, kind: str, name: str) -> HttpResponse:
    target, drafts_of = _target(request, kind)
    if name not in target.names:
        raise Http404("No such field")
    form_class = forms.field_form(type(target.instance), name)
    drafts = drafts_of([name])
    if request.method == "GET":
        form = _first_form(form_class, target, name, drafts)
        return _edit_response(request, target, name, drafts, form)
    # The form writes what it validates onto its instance: give it a copy, so the cover saved
    # (or created, with its history) is the one as loaded.
    form = form_class(request.POST, instance=copy.copy(target.instance))
    if not form.is_valid():
        return _edit_response(request, target, name, drafts, form, status=400)
    try:
        services.save_fields(
            target.instance,
            seen_version=form.cleaned_data["version"],
            changes=form.changes(),
            draft_texts=drafts,
            user=request.user,
        )
    except services.EditConflict as error:
        return _conflict(request, target, name, drafts, form_class, error)
    return _saved(request, kind, target, name, drafts)


def _first_form(form_class, target, name, drafts):
    """The field's form as first shown: its saved value, or the draft while nothing is saved."""
    start = {"version": target.instance.version}  # a new cover's too: version 1
    if drafts.get(name) and not getattr(target.instance, name):
        start[name] = drafts[name]  # start from the draft
    form = form_class(instance=target.instance, initial=start)
    form.fields[name].widget.attrs["autofocus"] = True
    return form


def _saved(request, kind, target, name, drafts) -> HttpResponse:
    """The saved field's row again (htmx, read afresh), or the page at that row."""
    label = presenters.shown(target.instance, name, drafts).label
    if request.htmx:
        target, drafts_of = _target(request, kind)
        context = _row_context(
            request, target, name, drafts_of([name]), saved=f"{label} saved.", refocus=True
        )
        return render(request, PAGE + "#row", context)
    messages.success(request, f"{label} saved.")
    return redirect(_urls(request, target)["page"] + f"#row-{name}")


def _edit_response(request, target, name, drafts, form, *, conflict=None, status=200):
    context = _row_context(request, target, name, drafts, editing=True, form=form,
                           field=form[name], conflict=conflict)  # fmt: skip
    if request.htmx:
        # htmx swaps only successful answers: a refused save still comes back as 200.
        return render(request, PAGE + "#row", context)
    context["title"] = f"{presenters.shown(target.instance, name, drafts).label}"
    return render(request, "reports/cover/edit.html", context, status=status)


def _conflict(request, target, name, drafts, form_class, error):
    current = error.current
    data = request.POST.copy()
    data["version"] = str(current.version)  # saving again knowingly replaces theirs
    target.instance = current
    form = form_class(data, instance=current)
    form.is_valid()
    report = plan_presenters.conflict_message(
        plan_selectors.conflict_changes(current, error.seen_version)
    )
    form.add_error(None, report["summary"])
    return _edit_response(request, target, name, drafts, form, conflict=report, status=409)


@council_view(Permission.VIEW)
def history(request: CouncilRequest, kind: str) -> HttpResponse:
    target, _ = _target(request, kind)
    entries = (
        plan_presenters.history_lines(plan_selectors.history_of(target.instance))
        if target.instance.pk
        else []
    )
    return render(
        request,
        "reports/cover/history.html",
        {"history": entries, "title": _title(target), "urls": _urls(request, target),
         "on": target.on, "kind": kind},
    )  # fmt: skip
