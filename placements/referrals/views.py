"""The referral pages, under /<la>/referrals/. Thin: parse, select or save, present, render.

Everyone in the council reads the figures and the list; editors (commissioners, who record
referrals and placements) add, change and import them; exports need the export permission.
"""

from __future__ import annotations

from datetime import date

from django import forms as django_forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from placements.referrals import formats, forms, presenters, selectors, services
from placements.referrals import standard as std
from sufficiency.access import CouncilRequest, council_view
from sufficiency.audit import services as audit
from sufficiency.calendar import financial_year, financial_year_label
from sufficiency.exports import XLSX_TYPE
from sufficiency.forms import GovukFormMixin, field_of
from sufficiency.htmx import render_page
from sufficiency.roles import Permission, can

PAGE_SIZE = 50
MAX_UPLOAD = 20 * 1024 * 1024


def _today() -> date:
    return timezone.localdate()


class YearForm(GovukFormMixin, django_forms.Form):
    year = django_forms.TypedChoiceField(label="Financial year", coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        year = field_of(self, "year", django_forms.TypedChoiceField)
        year.choices = [(y, financial_year_label(y)) for y in years]


class ImportForm(GovukFormMixin, django_forms.Form):
    file = django_forms.FileField(
        label="Upload a file",
        help_text="The Placements Data Standard's Excel data template (.xlsx) or JSON records",
        error_messages={"required": "Select a file to upload"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise django_forms.ValidationError("The file must be smaller than 20 MB")
        return upload


@council_view(Permission.VIEW)
def overview(request: CouncilRequest) -> HttpResponse:
    today = _today()
    years = selectors.referral_years(request.la) or [financial_year(today)]
    form = YearForm({"year": years[0], **request.GET.dict()}, years=years)
    year = form.cleaned_data["year"] if form.is_valid() else years[0]
    start = date(year, 4, 1)
    end = min(date(year + 1, 3, 31), max(today, start))
    summary = selectors.referral_summary(la=request.la, start=start, end=end)
    context = {
        "form": form,
        "start": start,
        "end": end,
        "summary": summary,
        "headline": presenters.headline(summary),
        "needs": presenters.need_rows(summary),
        "risks": presenters.risk_rows(summary),
        "suitability": presenters.suitability_rows(summary),
        "suitability_values": std.Suitability.values,
        "days": presenters.days_rows(summary),
        "costs": presenters.cost_rows(summary),
        "types": presenters.type_rows(summary),
        "siblings": summary.siblings,
        "definitions": presenters.DEFINITIONS,
        "can_edit": can(request.role, Permission.EDIT_MARKET),
        "can_export": can(request.role, Permission.EXPORT),
    }
    return render_page(request, "referrals/overview.html", context, fragment="figures")


@council_view(Permission.VIEW)
def referral_list(request: CouncilRequest) -> HttpResponse:
    child_id = request.GET.get("child", "").strip()[:40]
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in std.Outcome.values else ""
    paginator = Paginator(selectors.referrals(request.la, child_id=child_id, outcome=outcome),
                          PAGE_SIZE)  # fmt: skip
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "rows": presenters.list_rows(page.object_list),
        "page": page,
        "total": paginator.count,
        "child": child_id,
        "outcome": outcome,
        "outcomes": std.Outcome.values,
        "can_edit": can(request.role, Permission.EDIT_MARKET),
    }
    return render_page(request, "referrals/list.html", context, fragment="results")


def _referral_form(request: CouncilRequest, pk: int | None) -> HttpResponse:
    referral = selectors.referral(request.la, pk) if pk is not None else None
    linked = selectors.ssda903_child(request.la, referral.child_id) if referral else ""
    form = forms.ReferralForm(request.POST or None, referral=referral, ssda903_child=linked,
                              today=_today())  # fmt: skip
    if request.method == "POST" and form.is_valid():
        values = form.referral_values()
        clash = selectors.referrals(request.la, child_id=values["child_id"]).filter(
            referral_date=values["referral_date"]
        )
        if referral is not None:
            clash = clash.exclude(pk=referral.pk)
        if clash.exists():
            form.add_error("referral_date", "This child already has a referral on this date")
        else:
            item = services.save_referral(la=request.la, values=values, user=request.user,
                                          referral=referral)  # fmt: skip
            linked_to = form.cleaned_data["ssda903_child"].strip()
            services.link_child(la=request.la, child_id=item.child_id, ssda903_child=linked_to)
            messages.success(request, f"Referral of child {item.child_id} "
                             f"{'saved' if referral else 'recorded'}.")  # fmt: skip
            if referral is None:
                return redirect("referrals:outcome", la_code=request.la.code, pk=item.pk)
            return redirect("referrals:list", la_code=request.la.code)
    return render(request, "referrals/referral_form.html",
                  {"form": form, "item": referral})  # fmt: skip


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def referral_new(request: CouncilRequest) -> HttpResponse:
    return _referral_form(request, None)


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def referral_edit(request: CouncilRequest, pk: int) -> HttpResponse:
    return _referral_form(request, pk)


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def referral_outcome(request: CouncilRequest, pk: int) -> HttpResponse:
    referral = selectors.referral(request.la, pk)
    form = forms.OutcomeForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        services.record_outcome(referral=referral, values=form.outcome_values(),
                                user=request.user, today=_today())  # fmt: skip
        messages.success(request, f"Outcome for child {referral.child_id} saved: "
                         f"{referral.outcome.lower()}.")  # fmt: skip
        return redirect("referrals:list", la_code=request.la.code)
    return render(request, "referrals/outcome_form.html", {"form": form, "item": referral})


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def referral_import(request: CouncilRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.import_file(la=request.la, name=upload.name, data=upload.read(),
                                      user=request.user)  # fmt: skip
        if not result.refused:
            audit.record("import", f"Imported referrals from {upload.name}", request=request,
                         created=result.created, updated=result.updated)  # fmt: skip
            messages.success(request, f"{upload.name}: {result.created} referrals added, "
                             f"{result.updated} updated.")  # fmt: skip
            return redirect("referrals:list", la_code=request.la.code)
    context = {"form": form, "result": result,
               "problems": [str(p) for p in result.problems[:100]] if result else []}  # fmt: skip
    return render(request, "referrals/import.html", context, status=400 if result else None)


@council_view(Permission.EXPORT)
def referral_export(request: CouncilRequest, fmt: str) -> HttpResponse:
    if fmt not in ("json", "xlsx"):
        return HttpResponse(status=404)
    records = selectors.export_records(request.la)
    if fmt == "json":
        response = HttpResponse(formats.write_json(records), content_type="application/json")
    else:
        response = HttpResponse(formats.write_template(records), content_type=XLSX_TYPE)
    name = f"referrals-{request.la.code}-{_today().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    audit.record("export", f"Exported {len(records)} referrals as {fmt}", request=request)
    return response
