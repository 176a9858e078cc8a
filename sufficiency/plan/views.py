"""The strategy and action plan pages, under /<la>/actions/. Thin: parse, select or save, render.

Inline edits: a small form per field posts with htmx and gets back the action's row (the "row"
partial of plan.html); without JavaScript the same form posts and is redirected back to the plan.
"""

from datetime import date

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from sufficiency.access import CouncilRequest, council_view
from sufficiency.audit import services as audit
from sufficiency.htmx import render_page
from sufficiency.plan import forms, io, presenters, selectors, services, text_checks
from sufficiency.plan.models import Action, ActionStatus, Strategy
from sufficiency.richtext import rich_text
from sufficiency.roles import Permission, can

PLAN = "sufficiency/plan/plan.html"


def _today():
    return timezone.localdate()


def _plan_url(request: CouncilRequest) -> str:
    return reverse("actions:index", kwargs={"la_code": request.la.code})


def _next(request: CouncilRequest) -> str:
    """Where to go back to after a save: the plan as it was filtered, if given and ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    prefix = f"/{request.la.code}/actions/"
    if target.startswith(prefix) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return _plan_url(request)


def _strategy_or_redirect(request: CouncilRequest) -> Strategy | HttpResponse:
    strategy = selectors.current_strategy(request.la)
    if strategy is None:
        messages.info(request, "Set up the strategy first.")
        return redirect("actions:index", la_code=request.la.code)
    return strategy


def _row_context(request: CouncilRequest, action: Action, **extra) -> dict:
    return {
        "action": action,
        "today": _today(),
        "next_url": _next(request),
        "can_edit": can(request.role, Permission.EDIT_PLAN),
        **extra,
    }


# The plan ---------------------------------------------------------------------------------------


@council_view(Permission.VIEW)
def plan(request: CouncilRequest) -> HttpResponse:
    strategy = selectors.current_strategy(request.la)
    if strategy is None:
        return render(request, "sufficiency/plan/no_strategy.html")
    today = _today()
    priorities = selectors.plan_priorities(strategy)
    filter_form = forms.PlanFilterForm(
        request.GET or None, priorities=priorities, owners=selectors.owners(strategy)
    )
    filters = filter_form.filters() if request.GET else selectors.PlanFilters()
    actions = selectors.plan_actions(strategy=strategy, filters=filters, today=today)
    counts = selectors.status_counts(strategy, today)
    context = {
        "strategy": strategy,
        "filter_form": filter_form,
        "filters": filters,
        "groups": presenters.priority_groups(priorities, actions, filtered=filters.active),
        "shown": len(actions),
        "counts": counts,
        "summary": presenters.status_summary(counts),
        "today": today,
        "next_url": request.get_full_path(),
        "can_edit": can(request.role, Permission.EDIT_PLAN),
        "query": request.GET.urlencode(),
    }
    return render_page(request, PLAN, context, fragment="results")


@council_view(Permission.VIEW)
def action_row(request: CouncilRequest, pk: int) -> HttpResponse:
    """The action's row as displayed: what Cancel swaps back in."""
    action = selectors.council_action(request.la, pk)
    if not request.htmx:
        return redirect(_next(request))
    return render(request, PLAN + "#row", _row_context(request, action))


@council_view(Permission.VIEW)
def action_detail(request: CouncilRequest, pk: int) -> HttpResponse:
    action = selectors.council_action(request.la, pk)
    strategy = action.priority.strategy
    context = {
        "action": action,
        "tag": presenters.status_tag(action.status),
        "history": presenters.history_lines(selectors.history_of(action)),
        "next_url": _next(request),
        "today": _today(),
    }
    if can(request.role, Permission.EDIT_PLAN):
        context["form"] = forms.ActionForm(
            instance=action, la=request.la, strategy=strategy, prefix=f"action-{pk}"
        )
        context["update_form"] = forms.UpdateForm(
            action=action, today=_today(), prefix=f"update-{pk}"
        )
    return render(request, "sufficiency/plan/action.html", context)


@council_view(Permission.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def action_edit(request: CouncilRequest, pk: int) -> HttpResponse:
    """Edit one field in place (?field=status), or several from the action's page."""
    action = selectors.council_action(request.la, pk)
    strategy = action.priority.strategy
    posted = request.POST if request.method == "POST" else None
    fields, inline = forms.edit_fields(posted if posted is not None else request.GET)
    form_class = forms.action_form_class(fields)
    form = form_class(posted, instance=action, la=request.la, strategy=strategy,
                      prefix=f"action-{pk}")  # fmt: skip
    if posted is None:
        if request.htmx:
            form.fields[fields[0]].widget.attrs["autofocus"] = True
        return _edit_response(request, action, form, fields, inline)
    if not form.is_valid():
        return _edit_response(request, action, form, fields, inline, status=400)
    try:
        services.save_action(action, seen_version=form.cleaned_data["version"],
                             changes=form.changes(), user=request.user)  # fmt: skip
    except services.EditConflict as conflict:
        return _conflict_response(request, conflict, form_class, fields, inline, strategy)
    if request.htmx and inline:
        saved = selectors.council_action(request.la, pk)
        label = form[fields[0]].label
        return _saved_row(request, saved, f"{label} of “{saved.title}” saved.", fields[0])
    messages.success(request, f"“{action.title}” saved.")
    return redirect(_next(request))


def _edit_response(request, action, form, fields, inline, *, conflict=None, status=200):
    if request.htmx and inline:
        context = _row_context(request, action, editing=fields[0], form=form, conflict=conflict)
        return render(request, PLAN + "#row", context, status=200 if status < 500 else status)
    title = form[fields[0]].label if len(fields) == 1 else "Edit action"
    return render(
        request,
        "sufficiency/plan/action_edit.html",
        {
            "action": action,
            "form": form,
            "fields": fields,
            "title": title,
            "conflict": conflict,
            "next_url": _next(request),
        },
        status=status,
    )


def _conflict_response(request, conflict, form_class, fields, inline, strategy):
    """Refuse the save: show what the other person changed and keep what this person typed."""
    current = selectors.council_action(request.la, conflict.current.pk)
    form, report = _conflict_form(
        request, conflict, current, form_class,
        prefix=f"action-{current.pk}", la=request.la, strategy=strategy,
    )  # fmt: skip
    return _edit_response(request, current, form, fields, inline, conflict=report, status=409)


def _as_data(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _conflict_form(request, error, current, form_class, *, prefix=None, **form_kwargs):
    """The person's form again after a refused save, and the message saying why.

    Their own values stay, except for the fields only the other person changed, which now show
    the saved values; the form carries the current version, so saving again knowingly keeps
    the person's values of the fields both changed (docs/adr/0022).
    """
    changes = selectors.conflict_changes(current, error.seen_version, error.yours)
    refresh = ({c.field for c in changes.changes} - set(error.yours)) | {"version"}
    data = request.POST.copy()
    for bound in form_class(instance=current, prefix=prefix, **form_kwargs):
        if bound.name in refresh:
            data[bound.html_name] = _as_data(bound.value())
    form = form_class(data, instance=current, prefix=prefix, **form_kwargs)
    form.is_valid()
    report = presenters.conflict_message(changes)
    form.add_error(None, report["summary"])
    return form, report


def _saved_row(request, action, announcement: str, field: str | None = None) -> HttpResponse:
    strategy = action.priority.strategy
    counts = selectors.status_counts(strategy, _today())
    context = _row_context(
        request,
        action,
        refocus=field,
        announcement=announcement,
        counts=counts,
        summary=presenters.status_summary(counts),
        strategy=strategy,
        oob=True,
    )
    return render(request, PLAN + "#saved", context)


def _new_update_form(request: CouncilRequest, action: Action) -> HttpResponse:
    """An empty update in the action's row (htmx), or the action's page at its update form."""
    form = forms.UpdateForm(action=action, today=_today(), prefix=f"update-{action.pk}")
    form.fields["text"].widget.attrs["autofocus"] = True
    if request.htmx:
        context = _row_context(request, action, editing="update", update_form=form)
        return render(request, PLAN + "#row", context)
    url = reverse("actions:action", kwargs={"la_code": request.la.code, "pk": action.pk})
    return redirect(url + "#add-update")


@council_view(Permission.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def action_update(request: CouncilRequest, pk: int) -> HttpResponse:
    action = selectors.council_action(request.la, pk)
    if request.method == "GET":
        return _new_update_form(request, action)
    form = forms.UpdateForm(request.POST, action=action, today=_today(), prefix=f"update-{pk}")
    if not form.is_valid():
        return _update_response(request, action, form)
    try:
        services.add_update(
            action=action,
            text=form.cleaned_data["text"],
            status=form.cleaned_data["status"],
            on=form.cleaned_data["date"],
            user=request.user,
            seen_version=form.cleaned_data["version"],
        )
    except services.EditConflict as error:
        return _update_conflict(request, pk, error)
    if request.htmx:
        saved = selectors.council_action(request.la, pk)
        return _saved_row(request, saved, f"Update on “{saved.title}” added.", "update")
    messages.success(request, f"Update on “{action.title}” added.")
    return redirect(_next(request))


def _update_conflict(request: CouncilRequest, pk: int, error: services.EditConflict):
    """Refuse the update: the person's words again, on the current version, saying why."""
    action = selectors.council_action(request.la, pk)
    conflict = presenters.conflict_message(
        selectors.conflict_changes(action, error.seen_version, error.yours)
    )
    data = request.POST.copy()
    data[f"update-{pk}-version"] = str(action.version)
    form = forms.UpdateForm(data, action=action, today=_today(), prefix=f"update-{pk}")
    form.is_valid()
    form.add_error(None, conflict["summary"])
    return _update_response(request, action, form, conflict)


def _update_response(request, action, form, conflict=None) -> HttpResponse:
    """The update form with its errors: in the action's row (htmx) or on its own page."""
    if request.htmx:
        context = _row_context(
            request, action, editing="update", update_form=form, conflict=conflict
        )
        return render(request, PLAN + "#row", context)
    return render(
        request,
        "sufficiency/plan/update_add.html",
        {"action": action, "form": form, "conflict": conflict, "next_url": _next(request)},
        status=409 if conflict else 400,
    )


@council_view(Permission.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def action_new(request: CouncilRequest) -> HttpResponse:
    strategy = _strategy_or_redirect(request)
    if isinstance(strategy, HttpResponse):
        return strategy
    if not strategy.priorities.exists():
        messages.info(request, "Add a priority to the strategy before adding actions.")
        return redirect("actions:index", la_code=request.la.code)
    initial = {"priority": request.GET.get("priority"), "status": ActionStatus.NOT_STARTED}
    form = forms.NewActionForm(
        request.POST or None, initial=initial, la=request.la, strategy=strategy
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        action = services.add_action(priority=data.pop("priority"), user=request.user, **data)
        messages.success(request, f"“{action.title}” added.")
        return redirect(_next(request))
    return render(
        request, "sufficiency/plan/action_new.html", {"form": form, "next_url": _next(request)}
    )


@council_view(Permission.EDIT_PLAN)
@require_POST
def action_move(request: CouncilRequest, pk: int) -> HttpResponse:
    action = selectors.council_action(request.la, pk)
    services.move_action(action=action, up=request.POST.get("direction") == "up", user=request.user)
    return redirect(_next(request))


@council_view(Permission.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def action_delete(request: CouncilRequest, pk: int) -> HttpResponse:
    action = selectors.council_action(request.la, pk)
    if request.method == "POST":
        services.delete_action(action=action, user=request.user)
        messages.success(request, f"“{action.title}” removed.")
        return redirect(_plan_url(request))
    return render(
        request, "sufficiency/plan/confirm_delete.html", {"item": action, "kind": "action"}
    )


# The strategy and priorities ---------------------------------------------------------------


@council_view(Permission.VIEW)
def strategy_detail(request: CouncilRequest) -> HttpResponse:
    strategy = selectors.current_strategy(request.la)
    context: dict[str, object] = {"strategy": strategy}
    if strategy is not None:
        context["sections"] = [
            (label, rich_text(getattr(strategy, name)))
            for name, label in [
                ("vision", "Vision"),
                ("context", "Context"),
                ("governance", "Governance"),
                ("childrens_voice", "Children's voice"),
            ]
            if getattr(strategy, name)
        ]
        context["priorities"] = strategy.priorities.all()
        context["history"] = presenters.history_lines(selectors.history_of(strategy))
    return render(request, "sufficiency/plan/strategy.html", context)


@council_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def strategy_edit(request: CouncilRequest) -> HttpResponse:
    strategy = selectors.current_strategy(request.la)
    form = forms.StrategyForm(request.POST or None, instance=strategy or Strategy(la=request.la))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            if strategy is None:
                services.create_strategy(la=request.la, user=request.user, **form.changes())
            else:
                services.save_versioned(
                    strategy,
                    seen_version=form.cleaned_data["version"],
                    changes=form.changes(),
                    user=request.user,
                )
        except services.EditConflict as error:
            form, conflict = _versioned_conflict(request, error, forms.StrategyForm)
        else:
            messages.success(request, "Strategy saved.")
            return redirect("actions:strategy", la_code=request.la.code)
    return render(
        request,
        "sufficiency/plan/strategy_edit.html",
        {
            "form": form,
            "strategy": strategy,
            "conflict": conflict,
            # The council's words against its data, before any document is generated.
            "text_warnings": text_checks.strategy_warnings(request.la, strategy, _today()),
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


def _versioned_conflict(request, error, form_class, **form_kwargs):
    return _conflict_form(request, error, error.current, form_class, **form_kwargs)


@council_view(Permission.VIEW)
def priority_detail(request: CouncilRequest, pk: int) -> HttpResponse:
    priority = selectors.council_priority(request.la, pk)
    return render(
        request,
        "sufficiency/plan/priority.html",
        {
            "priority": priority,
            "actions": priority.actions.select_related("lead"),
            "measures": [
                presenters.measure_line(selectors.measure_row(m, today=_today()))
                for m in priority.measures.select_related("strategy__la")
            ],
            "history": presenters.history_lines(selectors.history_of(priority)),
        },
    )


@council_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def priority_new(request: CouncilRequest) -> HttpResponse:
    strategy = _strategy_or_redirect(request)
    if isinstance(strategy, HttpResponse):
        return strategy
    form = forms.PriorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        priority = services.add_priority(strategy=strategy, user=request.user, **form.changes())
        messages.success(request, f"Priority {priority.number} added.")
        return redirect("actions:index", la_code=request.la.code)
    return render(request, "sufficiency/plan/priority_edit.html", {"form": form, "priority": None})


@council_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def priority_edit(request: CouncilRequest, pk: int) -> HttpResponse:
    priority = selectors.council_priority(request.la, pk)
    form = forms.PriorityForm(request.POST or None, instance=priority)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_versioned(
                priority,
                seen_version=form.cleaned_data["version"],
                changes=form.changes(),
                user=request.user,
            )
        except services.EditConflict as error:
            form, conflict = _versioned_conflict(request, error, forms.PriorityForm)
        else:
            messages.success(request, f"Priority {priority.number} saved.")
            return redirect("actions:priority", la_code=request.la.code, pk=pk)
    return render(
        request,
        "sufficiency/plan/priority_edit.html",
        {"form": form, "priority": priority, "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


@council_view(Permission.MANAGE_STRATEGY)
@require_POST
def priority_move(request: CouncilRequest, pk: int) -> HttpResponse:
    priority = selectors.council_priority(request.la, pk)
    services.move_priority(
        priority=priority, up=request.POST.get("direction") == "up", user=request.user
    )
    return redirect(_next(request))


@council_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def priority_delete(request: CouncilRequest, pk: int) -> HttpResponse:
    priority = selectors.council_priority(request.la, pk)
    if request.method == "POST":
        services.delete_priority(priority=priority, user=request.user)
        messages.success(request, f"Priority “{priority.title}” and its actions removed.")
        return redirect(_plan_url(request))
    return render(
        request,
        "sufficiency/plan/confirm_delete.html",
        {"item": priority, "kind": "priority", "count": priority.actions.count()},
    )


# Measures -----------------------------------------------------------------------------------------


@council_view(Permission.VIEW)
def measures(request: CouncilRequest) -> HttpResponse:
    strategy = selectors.current_strategy(request.la)
    rows = selectors.measure_rows(strategy=strategy, today=_today()) if strategy else []
    lines = [presenters.measure_line(row) for row in rows]
    return render(request, "sufficiency/plan/measures.html", {"strategy": strategy, "rows": lines})


@council_view(Permission.VIEW)
def measure_detail(request: CouncilRequest, pk: int) -> HttpResponse:
    measure = selectors.council_measure(request.la, pk)
    context = {
        "row": presenters.measure_line(selectors.measure_row(measure, today=_today())),
        "measure": measure,
        "values": measure.values.all(),
        "history": presenters.history_lines(selectors.history_of(measure)),
    }
    if can(request.role, Permission.MANAGE_STRATEGY) and not measure.key:
        context["value_form"] = forms.MeasureValueForm()
    return render(request, "sufficiency/plan/measure.html", context)


@council_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def measure_new(request: CouncilRequest) -> HttpResponse:
    strategy = _strategy_or_redirect(request)
    if isinstance(strategy, HttpResponse):
        return strategy
    form = forms.MeasureForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        measure = services.add_measure(strategy=strategy, user=request.user, **form.changes())
        messages.success(request, f"Measure “{measure.name}” added.")
        return redirect("actions:measures", la_code=request.la.code)
    return render(request, "sufficiency/plan/measure_edit.html", {"form": form, "measure": None})


@council_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def measure_edit(request: CouncilRequest, pk: int) -> HttpResponse:
    measure = selectors.council_measure(request.la, pk)
    form = forms.MeasureForm(request.POST or None, instance=measure, strategy=measure.strategy)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_versioned(
                measure,
                seen_version=form.cleaned_data["version"],
                changes=form.changes(),
                user=request.user,
            )
        except services.EditConflict as error:
            form, conflict = _versioned_conflict(
                request, error, forms.MeasureForm, strategy=measure.strategy
            )
        else:
            messages.success(request, f"Measure “{measure.name}” saved.")
            return redirect("actions:measure", la_code=request.la.code, pk=pk)
    return render(
        request,
        "sufficiency/plan/measure_edit.html",
        {"form": form, "measure": measure, "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


@council_view(Permission.MANAGE_STRATEGY)
@require_POST
def measure_value(request: CouncilRequest, pk: int) -> HttpResponse:
    measure = selectors.council_measure(request.la, pk)
    form = forms.MeasureValueForm(request.POST)
    if form.is_valid():
        services.add_measure_value(
            measure=measure,
            on=form.cleaned_data["date"],
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, "Value added.")
        return redirect("actions:measure", la_code=request.la.code, pk=pk)
    return render(
        request,
        "sufficiency/plan/measure.html",
        {
            "row": presenters.measure_line(selectors.measure_row(measure, today=_today())),
            "measure": measure,
            "values": measure.values.all(),
            "history": presenters.history_lines(selectors.history_of(measure)),
            "value_form": form,
        },
        status=400,
    )


@council_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def measure_delete(request: CouncilRequest, pk: int) -> HttpResponse:
    measure = selectors.council_measure(request.la, pk)
    if request.method == "POST":
        services.delete_measure(measure=measure, user=request.user)
        messages.success(request, f"Measure “{measure.name}” removed.")
        return redirect("actions:measures", la_code=request.la.code)
    return render(
        request, "sufficiency/plan/confirm_delete.html", {"item": measure, "kind": "measure"}
    )


# History, export and import -------------------------------------------------------------------


@council_view(Permission.VIEW)
def history(request: CouncilRequest) -> HttpResponse:
    entries = presenters.history_lines(selectors.plan_history(request.la))
    return render(request, "sufficiency/plan/history.html", {"history": entries})


@council_view(Permission.EXPORT)
def export(request: CouncilRequest) -> HttpResponse:
    strategy = selectors.current_strategy(request.la)
    content = io.export_xlsx(strategy=strategy, la=request.la, today=_today())
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"action-plan-{request.la.code}-{_today():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    audit.record("export", f"Exported {name} (XLSX)", request=request)
    return response


@council_view(Permission.MANAGE_STRATEGY)
def import_template(request: CouncilRequest) -> HttpResponse:
    response = HttpResponse(io.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="action-plan-template.csv"'
    return response


@council_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "POST"])
def import_plan(request: CouncilRequest) -> HttpResponse:
    strategy = selectors.current_strategy(request.la)
    has_actions = (
        strategy is not None and Action.objects.filter(priority__strategy=strategy).exists()
    )
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and not has_actions and form.is_valid():
        result = io.import_plan(la=request.la, upload=form.cleaned_data["file"], user=request.user)
        audit.record("import", f"Loaded the action plan from {form.cleaned_data['file'].name}",
                     request=request)  # fmt: skip
        if not result.errors:
            messages.success(
                request,
                f"Imported {result.priorities} priorities and {result.actions} actions.",
            )
            return HttpResponseRedirect(_plan_url(request))
    return render(
        request,
        "sufficiency/plan/import.html",
        {"form": form, "result": result, "has_actions": has_actions},
        status=400 if (result and result.errors) or form.errors else 200,
    )
