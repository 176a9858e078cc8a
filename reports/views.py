from datetime import date

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from placements.cohort import presenters as cohort_presenters
from placements.cohort import selectors as cohort
from reports import (
    attention,
    cover_presenters,
    presenters,
    referrals_section,
    selectors,
    services,
    strategy_document,
)
from reports import overview as council_overview
from reports.forms import CommentaryForm, QuarterForm
from reports.models import GeneratedReport
from reports.tasks import generate_report_task
from sufficiency import exports
from sufficiency.access import CouncilRequest, council_view
from sufficiency.audit import services as audit
from sufficiency.calendar import previous_quarter_end, quarter_ends_before
from sufficiency.htmx import render_page
from sufficiency.plan import text_checks
from sufficiency.plan.selectors import current_strategy
from sufficiency.roles import Permission, can


def _quarter(request: CouncilRequest) -> tuple[QuarterForm, date, list[date]]:
    """The quarter end asked for (default: the latest loaded), and the choices."""
    data = cohort.cohort(la=request.la)
    if data is not None:
        dates = cohort.reference_dates(data)
    else:
        last_complete = previous_quarter_end(date.today())
        dates = quarter_ends_before(last_complete, 8)[::-1]
    form = QuarterForm({"date": dates[0].isoformat(), **request.GET.dict()}, dates=dates)
    on = date.fromisoformat(form.cleaned_data["date"]) if form.is_valid() else dates[0]
    return form, on, dates


@council_view(Permission.VIEW)
def reports(request: CouncilRequest) -> HttpResponse:
    form, on, _ = _quarter(request)
    generated = GeneratedReport.objects.filter(la=request.la).select_related("created_by")[:20]
    return render(
        request,
        "reports/index.html",
        {"form": form, "on": on, "generated": generated,
         "can_export": can(request.role, Permission.EXPORT),
         "text_warnings": selectors.text_warnings(request.la, current_strategy(request.la), on)},
    )  # fmt: skip


@council_view(Permission.VIEW)
def reports_dashboard(request: CouncilRequest) -> HttpResponse:
    form, on, _ = _quarter(request)
    dash = selectors.dashboard(request.la, on)
    context = presenters.dashboard_context(dash)
    can_write = can(request.role, Permission.EXPORT)
    context.update(
        form=form,
        on=on,
        can_export=can_write,
        commentary_forms=_commentary_forms(dash, on) if can_write else {},
        text_warnings=selectors.text_warnings(request.la, dash.strategy, on),
        paper=cover_presenters.quarterly_paper(dash, context),
        can_edit_paper=can(request.role, Permission.EDIT_PLAN),
        referrals=referrals_section.quarter_referrals(request.la, on),
        **cohort_presenters.data_as_at(dash.data),
    )
    # The quarter picker asks for the dashboard alone; other htmx requests want the page.
    fragment = "dashboard" if request.GET.get("fragment") == "dashboard" else None
    return render_page(request, "reports/dashboard.html", context, fragment=fragment)


def _commentary_forms(dash, on: date) -> dict[str, CommentaryForm]:
    forms = {}
    for key, title in selectors.SECTIONS.items():
        note = dash.commentary.get(key)
        form = CommentaryForm(
            initial={"section": key, "date": on, "text": note.text if note else ""},
            auto_id=f"id_{key}_%s",
        )
        form.fields["text"].label = f"Commentary on {title.lower()}"
        forms[key] = form
    return forms


@council_view(Permission.VIEW)
def reports_strategy(request: CouncilRequest) -> HttpResponse:
    form, on, _ = _quarter(request)
    context = strategy_document.context(request.la, on, charts_as="web")
    context.update(
        form=form,
        can_export=can(request.role, Permission.EXPORT),
        text_warnings=text_checks.strategy_warnings(request.la, current_strategy(request.la), on),
        can_edit_plan=can(request.role, Permission.EDIT_PLAN) and context["strategy"],
        can_edit_paper=can(request.role, Permission.EDIT_PLAN),
    )
    return render(request, "reports/strategy.html", context)


@council_view(Permission.EXPORT)
@require_POST
def reports_commentary(request: CouncilRequest) -> HttpResponse:
    form = CommentaryForm(request.POST, auto_id=f"id_{request.POST.get('section', 'x')}_%s")
    if not form.is_valid():
        messages.error(request, "The commentary could not be saved: " + form.errors.as_text())
        return redirect("reports:dashboard", la_code=request.la.code)
    section, on = form.cleaned_data["section"], form.cleaned_data["date"]
    note = services.save_commentary(
        la=request.la, quarter_end=on, section=section, text=form.cleaned_data["text"],
        user=request.user,
    )  # fmt: skip
    if request.htmx:
        return render(
            request,
            "reports/_commentary.html",
            {"key": section, "note": note, "form": form, "on": on, "can_export": True,
             "saved": True, "title": selectors.SECTIONS[section]},
        )  # fmt: skip
    messages.success(request, f"Commentary on {selectors.SECTIONS[section].lower()} saved.")
    return redirect(
        f"{request.build_absolute_uri(request.path).rsplit('/commentary/', 1)[0]}/dashboard/"
        f"?date={on.isoformat()}#section-{section}"
    )


@council_view(Permission.VIEW)
def reports_table(request: CouncilRequest, table_id: str, fmt: str) -> HttpResponse:
    """Any table of the dashboard as CSV or XLSX, rebuilt from the data for the quarter."""
    _, on, _ = _quarter(request)
    dash = selectors.dashboard(request.la, on)
    tables = presenters.dashboard_context(dash)["tables"]
    tables["placement-types"] = strategy_document.placement_types_table(
        strategy_document.placement_types(dash)
    )
    table = tables.get(table_id)
    if table is None or fmt not in ("csv", "xlsx"):
        raise Http404("No such table")
    name = f"{request.la.code}-{table_id}-{on.isoformat()}"
    if fmt == "csv":
        audit.record("export", f"Exported {name}.csv (CSV)", request=request)
        return exports.csv_response(f"{name}.csv", table.headings, table.rows)
    sheet = exports.Sheet(table_id, table.headings, table.rows)
    audit.record("export", f"Exported {name}.xlsx (XLSX)", request=request)
    return exports.xlsx_response(f"{name}.xlsx", [sheet])


@council_view(Permission.EXPORT)
@require_POST
def reports_generate(request: CouncilRequest) -> HttpResponse:
    kind = request.POST.get("kind")
    if kind not in GeneratedReport.Kind.values:
        raise Http404("No such report")
    _, on, dates = _quarter(request)
    asked = request.POST.get("date", "")
    on = next((d for d in dates if d.isoformat() == asked), on)
    report = services.request_report(la=request.la, kind=kind, on=on, user=request.user)
    generate_report_task.enqueue(report.pk)
    return redirect("reports:generated", la_code=request.la.code, pk=report.pk)


@council_view(Permission.VIEW)
def reports_generated(request: CouncilRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(GeneratedReport, pk=pk, la=request.la)
    context = {"report": report, "can_export": can(request.role, Permission.EXPORT)}
    return render_page(request, "reports/generated.html", context, fragment="status")


@council_view(Permission.EXPORT)
@require_POST
def reports_retry(request: CouncilRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(GeneratedReport, pk=pk, la=request.la)
    services.reset_report(report=report)
    generate_report_task.enqueue(report.pk)
    return redirect("reports:generated", la_code=request.la.code, pk=report.pk)


@council_view(Permission.VIEW)
def reports_download(request: CouncilRequest, pk: int) -> FileResponse:
    report = get_object_or_404(
        GeneratedReport, pk=pk, la=request.la, status=GeneratedReport.Status.DONE
    )
    name = f"{request.la.code}-{report.kind}-{report.reference_date.isoformat()}.pdf"
    audit.record("export", f"Exported {name} (PDF)", request=request)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=name)


@council_view(Permission.VIEW)
def overview(request: CouncilRequest) -> HttpResponse:
    """What is loaded for the council and what to do next."""
    status = council_overview.status_lines(request.la)
    needs = attention.attention(request.la, attention.today())
    context = {
        "status": status,
        "attention": needs,
        "headlines": attention.headline_figures(needs),
        "prompts": attention.prompt_count(needs),
        "tags": attention.TAGS,
    }
    return render(request, "sufficiency/overview.html", context)
