from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from placements.cohort import dfe_rules, presenters, preview, selectors, services
from placements.cohort.forms import CohortFilterForm, PopulationForm, ReturnUploadForm
from placements.cohort.models import DfeRulesRun, Return
from placements.cohort.ssda903.limits import ImportLimits, upload_too_large
from placements.cohort.tasks import dfe_rules_task, import_return_task
from sufficiency import exports
from sufficiency.access import CouncilRequest, council_view
from sufficiency.audit import services as audit
from sufficiency.htmx import render_page
from sufficiency.roles import Permission, can
from sufficiency.uploads import MULTIPART_MARGIN


@council_view(Permission.VIEW)
def children(request: CouncilRequest) -> HttpResponse:
    data = selectors.cohort(la=request.la)
    if data is None:
        return render(request, "placements/children_empty.html")
    dates = selectors.reference_dates(data)
    default = selectors.default_reference_date(data)
    form = CohortFilterForm(
        {"date": default.isoformat(), "uasc": "", "age": "", **request.GET.dict()}, dates=dates
    )
    if form.is_valid():
        on = date.fromisoformat(form.cleaned_data["date"])
        uasc, age = form.cleaned_data["uasc"], form.cleaned_data["age"]
    else:
        on, uasc, age = default, "", ""
    figures = selectors.cohort_at(la=request.la, data=data, on=on, uasc=uasc, age_band=age)
    context = {"form": form, "on": on, **presenters.children_page(figures, age_band=age),
               **presenters.data_as_at(data)}  # fmt: skip
    return render_page(request, "placements/children.html", context, fragment="cohort")


@council_view(Permission.VIEW, post=Permission.LOAD_DATA)
@require_http_methods(["GET", "POST"])
def data(request: CouncilRequest) -> HttpResponse:
    """The council's returns and population; analysts upload a return here."""
    form, status = _upload_form(request)
    if request.method == "POST" and status == 200 and form.is_valid():
        return _load_return(request, form)
    context = {
        "form": form,
        "can_load": can(request.role, Permission.LOAD_DATA),
        "returns": selectors.uploaded_returns(la=request.la),
        "populations": selectors.populations(la=request.la),
        # Its own prefix: the upload form's year must not share the id id_year with it.
        "population_form": PopulationForm(prefix="population"),
    }
    return render(request, "placements/data.html", context, status=status)


def _upload_form(request: CouncilRequest) -> tuple[ReturnUploadForm, int]:
    """The upload form as posted, or (status 413) refusing an upload too large to read."""
    if request.method == "POST":
        # Refused from its declared length, unread (see sufficiency/uploads.py); the margin is
        # for the form's other fields and the multipart boundaries.
        declared = int(request.META.get("CONTENT_LENGTH") or 0) - MULTIPART_MARGIN
        too_large = upload_too_large(declared, ImportLimits.from_settings())
        if too_large:
            return ReturnUploadForm.refused(too_large, today=date.today()), 413
    form = ReturnUploadForm(request.POST or None, request.FILES or None, today=date.today())
    return form, 200


def _load_return(request: CouncilRequest, form: ReturnUploadForm) -> HttpResponse:
    """Store the valid upload, queue its import and go to the return's page to watch it."""
    # The uploaded files (on disk once past FILE_UPLOAD_MAX_MEMORY_SIZE) are copied to
    # storage in chunks, never read whole into memory.
    uploads = [(f.name, f) for f in form.cleaned_data["files"]]
    return_obj = services.create_return(
        la=request.la, year=form.cleaned_data["year"], uploads=uploads, user=request.user,
        as_at=form.cleaned_data["as_at"],
    )  # fmt: skip
    import_return_task.enqueue(return_obj.pk)
    audit.record("import", f"Loaded the {return_obj.data_label} return ({len(uploads)} files, "
                 f"import {return_obj.pk})", request=request)  # fmt: skip
    return redirect("data:return", la_code=request.la.code, pk=return_obj.pk)


@council_view(Permission.VIEW)
def data_return(request: CouncilRequest, pk: int) -> HttpResponse:
    return_obj = get_object_or_404(Return.objects.select_related("la"), pk=pk, la=request.la)
    dfe_run = DfeRulesRun.objects.filter(return_obj=return_obj).first()
    done = dfe_run is not None and dfe_run.status == DfeRulesRun.Status.DONE
    context = {
        "return": return_obj,
        "preview_rows": preview.preview_rows(return_obj.preview),
        "table_rows": sorted((return_obj.preview.get("tables") or {}).items()),
        "problems": return_obj.problems.all()[:500],
        "dfe_run": dfe_run,
        "dfe_groups": dfe_rules.by_rule(dfe_run.issues) if done and dfe_run else None,
        "dfe_installed": dfe_rules.installed(),
        "files": return_obj.files.all(),
        "lines": presenters.import_summary_lines(return_obj),
        "can_load": can(request.role, Permission.LOAD_DATA),
    }
    return render_page(request, "placements/return.html", context, fragment="status")


@council_view(Permission.VIEW)
def data_return_dfe_rules(request: CouncilRequest, pk: int) -> HttpResponse:
    """Every row failing a DfE rule, and a summary by rule, as XLSX."""
    run = get_object_or_404(DfeRulesRun, return_obj__pk=pk, return_obj__la=request.la)
    name = f"{request.la.code}-{run.return_obj.label}-import-{pk}-dfe-rules.xlsx"
    audit.record("export", f"Exported {name} (XLSX)", request=request)
    return exports.xlsx_response(name, presenters.dfe_rules_sheets(run))


@council_view(Permission.LOAD_DATA)
@require_POST
def data_return_dfe_rules_run(request: CouncilRequest, pk: int) -> HttpResponse:
    return_obj = get_object_or_404(Return, pk=pk, la=request.la, status=Return.Status.IMPORTED)
    DfeRulesRun.objects.update_or_create(
        return_obj=return_obj, defaults={"status": DfeRulesRun.Status.RUNNING, "error": ""}
    )
    dfe_rules_task.enqueue(return_obj.pk)
    return redirect("data:return", la_code=request.la.code, pk=return_obj.pk)


@council_view(Permission.VIEW)
def data_return_problems(request: CouncilRequest, pk: int) -> HttpResponse:
    return_obj = get_object_or_404(Return, pk=pk, la=request.la)
    name = f"{request.la.code}-{return_obj.label}-import-{return_obj.pk}-problems.csv"
    summary = [
        [request.la.code, return_obj.label, return_obj.status, return_obj.rows_read,
         return_obj.rows_imported, return_obj.rows_rejected, return_obj.warnings],
        [],
        *presenters.problems_csv_rows(return_obj),
    ]  # fmt: skip
    headings = ["council", "year", "status", "rows read", "imported", "rejected", "warnings"]
    audit.record("export", f"Exported {name} (CSV)", request=request)
    return exports.csv_response(name, headings, summary)


@council_view(Permission.LOAD_DATA)
@require_POST
def data_return_rerun(request: CouncilRequest, pk: int) -> HttpResponse:
    """Run a kept import again from its files (after a fix to the reader, say)."""
    return_obj = get_object_or_404(Return, pk=pk, la=request.la)
    if return_obj.status in (Return.Status.QUEUED, Return.Status.RUNNING):
        messages.error(request, "This import is still running.")
    else:
        copy = services.create_return(
            la=request.la,
            year=return_obj.year,
            uploads=[(f.name, f.file) for f in return_obj.files.all()],
            user=request.user,
            as_at=return_obj.as_at,
        )
        import_return_task.enqueue(copy.pk)
        audit.record(
            "import", f"Ran the {copy.label} return again (import {copy.pk})", request=request
        )
        return redirect("data:return", la_code=request.la.code, pk=copy.pk)
    return redirect("data:return", la_code=request.la.code, pk=return_obj.pk)


@council_view(Permission.LOAD_DATA)
@require_POST
def data_return_accept(request: CouncilRequest, pk: int) -> HttpResponse:
    """The analyst accepted the preview: replace the year in the task worker."""
    return_obj = get_object_or_404(Return, pk=pk, la=request.la)
    if return_obj.status != Return.Status.PREVIEW:
        messages.error(request, "This import is not waiting for its preview to be accepted.")
    else:
        Return.objects.filter(pk=pk).update(status=Return.Status.QUEUED, stage="Accepted")
        import_return_task.enqueue(return_obj.pk, accept=True)
    return redirect("data:return", la_code=request.la.code, pk=return_obj.pk)


@council_view(Permission.LOAD_DATA)
@require_POST
def data_population(request: CouncilRequest) -> HttpResponse:
    if "fill" in request.POST:
        count = services.record_published_population(la=request.la)
        if count:
            messages.success(request, f"{count} years of ONS estimates recorded.")
        else:
            messages.error(
                request,
                f"No ONS estimate was found for {request.la.name} ({request.la.code}); "
                "nothing was recorded. Record each year's population below.",
            )
        return redirect("data:index", la_code=request.la.code)
    form = PopulationForm(request.POST, prefix="population")
    if form.is_valid():
        services.record_population(
            la=request.la, year=form.cleaned_data["year"], children=form.cleaned_data["children"]
        )
        messages.success(request, f"Population for {form.cleaned_data['year']} saved.")
    else:
        messages.error(request, "Enter a collection year and a number of children.")
    return redirect("data:index", la_code=request.la.code)
