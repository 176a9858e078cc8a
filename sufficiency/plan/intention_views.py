"""Editing a chapter's "Our intentions — we will…" in the strategy, inline with htmx: the same
versioned save, conflict report and history as the action plan (services.save_versioned,
selectors.conflict_changes, presenters.conflict_message). Without JavaScript the form posts and
the person is sent back to the chapter on the strategy page."""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from placements.cohort.types_of_home import CHAPTERS
from sufficiency.access import CouncilRequest, council_view
from sufficiency.forms import GovukFormMixin
from sufficiency.htmx import render_page
from sufficiency.plan import presenters, selectors, services
from sufficiency.plan.intentions import Intention
from sufficiency.roles import Permission

TEMPLATE = "sufficiency/plan/intention_edit.html"
TITLES = {c.key: c.title for c in CHAPTERS}


class IntentionForm(GovukFormMixin, forms.Form):
    text = forms.CharField(
        label="Our intentions — we will…",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One intention a line, each something the council will do: "
        "recruit 20 more foster carers by March 2027",
    )
    # 0 when the person started from no text at all.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _context(request: CouncilRequest, chapter: str, intention: Intention | None, **extra) -> dict:
    return {
        "key": chapter,
        "title": TITLES[chapter],
        "intention": intention,
        "lines": intention.lines if intention else [],
        "can_edit": True,
        "back": reverse("reports:strategy", kwargs={"la_code": request.la.code})
        + f"#chapter-{chapter}",
        **extra,
    }


def _box(request: CouncilRequest, context: dict, status: int = 200) -> HttpResponse:
    """The box (htmx) or the page. htmx swaps only 2xx answers, so a refusal it must show (an
    invalid form, a conflict) comes as 200 to htmx, as the plan's inline edits do."""
    if request.htmx:
        status = 200
    return render_page(request, TEMPLATE, context, fragment="box", status=status)


@council_view(Permission.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def intention_edit(request: CouncilRequest, chapter: str) -> HttpResponse:
    if chapter not in TITLES:
        raise Http404("No such type of home")
    strategy = selectors.current_strategy(request.la)
    if strategy is None:
        raise Http404("No strategy")
    intention = selectors.intention(strategy, chapter)
    if request.method == "GET":
        if request.GET.get("show"):
            return _box(request, _context(request, chapter, intention))
        form = IntentionForm(
            initial={"text": intention.text if intention else "",
                     "version": intention.version if intention else 0},
            auto_id=f"id_{chapter}_%s",
        )  # fmt: skip
        return _box(request, _context(request, chapter, intention, form=form, editing=True))
    form = IntentionForm(request.POST, auto_id=f"id_{chapter}_%s")
    if not form.is_valid():
        return _box(request, _context(request, chapter, intention, form=form, editing=True), 400)
    try:
        saved = services.save_intention(
            strategy=strategy, chapter=chapter, text=form.cleaned_data["text"],
            seen_version=form.cleaned_data["version"], user=request.user,
        )  # fmt: skip
    except services.EditConflict as error:
        return _conflict(request, chapter, error)
    if not request.htmx:
        return redirect(_context(request, chapter, saved)["back"])
    return _box(request, _context(request, chapter, saved, saved=True))


def _conflict(request: CouncilRequest, chapter: str, error: services.EditConflict) -> HttpResponse:
    """Refuse the save: the person's text again, on the current version, saying what changed."""
    current = error.current
    assert isinstance(current, Intention)
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = IntentionForm(data, auto_id=f"id_{chapter}_%s")
    form.is_valid()
    report = presenters.conflict_message(selectors.conflict_changes(current, error.seen_version))
    form.add_error(None, report["summary"])
    context = _context(request, chapter, current, form=form, editing=True, conflict=report)
    return _box(request, context, 409)
