"""The market pages, under /<la>/market/. Thin: parse, select or save, present, render.

Providers are national data; everything else (contracts, costs, vacancies, the children placed)
is the signed-in council's and is always looked up with la=request.la, so another council's
record is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from placements.cohort.measures import CATEGORY_LABELS
from placements.market import charts, forms, presenters, selectors, services
from placements.market.models import (
    Contract,
    Cost,
    LocalProviderRecord,
    Provider,
    Vacancy,
)
from sufficiency import formatting
from sufficiency.access import CouncilRequest, council_view
from sufficiency.audit import services as audit
from sufficiency.councils import LocalAuthority
from sufficiency.formatting import count
from sufficiency.htmx import render_page
from sufficiency.roles import Permission, can

PAGE_SIZE = 50


def _today() -> date:
    return timezone.localdate()


def _can_edit(request: CouncilRequest) -> bool:
    return can(request.role, Permission.EDIT_MARKET)


# Overview ---------------------------------------------------------------------------------------


@council_view(Permission.VIEW)
def overview(request: CouncilRequest) -> HttpResponse:
    dates = selectors.market_dates(request.la, _today())
    form = forms.MarketDateForm({"date": dates.default.isoformat(), **request.GET.dict()},
                                dates=dates.dates)  # fmt: skip
    on = date.fromisoformat(form.cleaned_data["date"]) if form.is_valid() else dates.default
    market = selectors.market_at(la=request.la, on=on)
    costs = market.costs
    context = {
        "form": form,
        "on": on,
        "market": market,
        "has_cohort": dates.dates != [_today()] or market.children > 0,
        "sector_chart": charts.sector_chart(market.sectors),
        "rating_chart": charts.rating_chart(market.ratings["ratings"]),
        "good": presenters.good_or_outstanding(
            market.ratings["good_or_outstanding"], market.sectors
        ),
        "supply_chart": charts.supply_chart(market.supply),
        "supply_totals": presenters.supply_totals(market.supply),
        "cost_chart": charts.cost_chart(costs) if len(costs) else None,
        "cost_totals": presenters.cost_totals(costs),
        "gap_chart": charts.gap_chart(market.gap),
        "concentration": market.concentration,
        "concentration_rows": presenters.concentration_rows(market.concentration),
        "blocks": presenters.block_rows(market.blocks),
        "definitions": presenters.DEFINITIONS,
        "percent": presenters.percent,
    }
    return render_page(request, "placements/market/overview.html", context, fragment="figures")


# Providers --------------------------------------------------------------------------------------


@council_view(Permission.VIEW)
def providers(request: CouncilRequest) -> HttpResponse:
    form = forms.ProviderFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ProviderFilters(
        **{k: (cleaned.get(k) or "").strip() for k in ("provider_type", "sector", "rating", "where",
                                                       "q")},
        sort=cleaned.get("sort") or "name",
    )  # fmt: skip
    on = selectors.market_dates(request.la, _today()).default
    counts = selectors.placed_counts(request.la, on)
    queryset = selectors.provider_list(la=request.la, filters=filters, placed_urns=set(counts))
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    centre = selectors.area_centre(request.la)
    rows = presenters.provider_rows(
        page.object_list, la=request.la, placed=counts, centre_known=centre is not None
    )
    context = {
        "form": form,
        "filters": filters,
        "rows": rows,
        "page": page,
        "total": paginator.count,
        "on": on,
        "sorts": presenters.sort_links(forms.SORT_CHOICES, current=filters.sort),
        "can_import": can(request.role, Permission.LOAD_DATA) or _can_edit(request),
        "definitions": presenters.DEFINITIONS,
    }
    return render_page(request, "placements/market/providers.html", context, fragment="results")


@council_view(Permission.VIEW)
def provider(request: CouncilRequest, urn: str) -> HttpResponse:
    item = selectors.provider(urn)
    la = request.la
    on = selectors.market_dates(la, _today()).default
    placed = selectors.children_placed(la, on)
    by_category = placed.loc[placed["URN"] == item.urn, "CATEGORY"].value_counts()
    context = {
        "provider": item,
        "tag": presenters.rating_tag(item.rating),
        "type": presenters.type_label(item.provider_type),
        "inspections": [
            {"date": i.date, "type": i.inspection_type, "tag": presenters.rating_tag(i.rating)}
            for i in item.inspections.all()
        ],
        "on": on,
        "placed": [(CATEGORY_LABELS.get(k, k), int(v)) for k, v in by_category.items()],
        "placed_total": int(by_category.sum()),
        "contracts": Contract.objects.filter(la=la, provider=item).order_by("-start"),
        "costs": Cost.objects.filter(la=la, provider=item).order_by("category", "-start"),
        "vacancies": Vacancy.objects.filter(la=la, provider=item).order_by("-date")[:20],
        "history": selectors.provider_history(item, la),
        "can_edit": _can_edit(request),
        "local": selectors.local_record(la=la, provider=item),
    }
    return render(request, "placements/market/provider.html", context)


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def provider_local(request: CouncilRequest, urn: str) -> HttpResponse:
    """The council's own record of a provider: its local name, area and notes. Ofsted's fields
    are national and are never edited here."""
    item = selectors.provider(urn)
    record = selectors.local_record(la=request.la, provider=item)
    form = forms.LocalProviderRecordForm(
        request.POST or None,
        instance=record or LocalProviderRecord(la=request.la, provider=item),
    )
    if request.method == "POST" and form.is_valid():
        services.save_record(form, la=request.la)
        messages.success(request, "Your council's record of this provider is saved.")
        return redirect("market:provider", la_code=request.la.code, urn=item.urn)
    return render(request, "placements/market/provider_local.html",
                  {"provider": item, "form": form})  # fmt: skip


@council_view(Permission.VIEW, post=(Permission.LOAD_DATA, Permission.EDIT_MARKET))
@require_http_methods(["GET", "POST"])
def provider_import(request: CouncilRequest) -> HttpResponse:
    """Import the Ofsted providers list. Everyone sees past imports; analysts and editors load."""
    form = forms.ProviderImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _load_providers(request, form.cleaned_data["file"])
    imports = selectors.provider_imports(la=request.la)[:10]
    shown = request.GET.get("shown")
    context = {
        "form": form,
        "can_load": can(request.role, Permission.LOAD_DATA) or _can_edit(request),
        "imports": imports,
        "shown": (selectors.provider_import(la=request.la, pk=shown) if shown is not None
                  else imports[0] if imports else None),
    }  # fmt: skip
    return render(request, "placements/market/import.html", context)


def _load_providers(request: CouncilRequest, upload) -> HttpResponse:
    """Import the uploaded list, say what it did, and show that import's problems."""
    record = services.import_providers(
        name=upload.name, data=upload.read(), user=request.user, la=request.la
    )
    imported, message = presenters.import_outcome(record)
    if imported:
        messages.success(request, message)
    else:
        messages.error(request, message)
    audit.record("import", f"Loaded the Ofsted providers list {upload.name}", request=request)
    return redirect(reverse("market:import", kwargs={"la_code": request.la.code})
                    + f"?shown={record.pk}")  # fmt: skip


# Contracts, costs and vacancies: one set of views for the three ---------------------------------


@dataclass(frozen=True)
class Register:
    key: str  # url names: market_<key>s, market_<key>_new...
    model: type[Contract] | type[Cost] | type[Vacancy]
    form: type[forms.CouncilModelForm]
    noun: str
    plural: str
    lookup: Callable[[LocalAuthority, int], Contract | Cost | Vacancy]
    headings: tuple[str, ...]

    def cells(self, item: Contract | Cost | Vacancy) -> list:
        return REGISTER_CELLS[self.key](item)


REGISTER_CELLS = {
    "contract": lambda c: [
        c.get_kind_display(),
        " – ".join(x for x in (c.framework, c.lot) if x) or "–",
        c.get_category_display() if c.category else "Any",
        c.places if c.places is not None else "–",
        f"{c.start:%-d %b %Y}",
        f"{c.end:%-d %b %Y}" if c.end else "–",
        formatting.money(c.weekly_price, pence=True),
    ],
    "cost": lambda c: [
        c.get_category_display(),
        formatting.money(c.weekly_cost, pence=True),
        f"{c.start:%-d %b %Y}",
        f"{c.end:%-d %b %Y}" if c.end else "–",
    ],
    "vacancy": lambda v: [
        f"{v.date:%-d %b %Y}",
        v.places_free,
        v.get_category_display() if v.category else "Any",
        v.notes or "–",
    ],
}

REGISTERS = {
    "contract": Register("contract", Contract, forms.ContractForm, "contract", "contracts",
                         selectors.council_contract,
                         ("Kind", "Framework and lot", "Category", "Places", "Start", "End",
                          "Weekly price")),
    "cost": Register("cost", Cost, forms.CostForm, "cost", "costs", selectors.council_cost,
                     ("Category", "Weekly cost", "From", "Until")),
    "vacancy": Register("vacancy", Vacancy, forms.VacancyForm, "vacancy", "vacancies",
                        selectors.council_vacancy,
                        ("Date", "Places free", "Category", "Notes")),
}  # fmt: skip


def _list_url(request: CouncilRequest, register: Register) -> str:
    return reverse(f"market:{register.plural}", kwargs={"la_code": request.la.code})


def _record_list(request: CouncilRequest, key: str) -> HttpResponse:
    register = REGISTERS[key]
    items = register.model.objects.filter(la=request.la).select_related("provider")
    return render(
        request,
        "placements/market/records.html",
        {
            "register": register,
            "rows": [{"item": item, "cells": register.cells(item)} for item in items],
            "can_edit": _can_edit(request),
        },
    )


def _record_form(request: CouncilRequest, key: str, pk: int | None = None) -> HttpResponse:
    register = REGISTERS[key]
    instance = register.lookup(request.la, pk) if pk is not None else None
    preset = None
    if instance is None and request.GET.get("urn"):
        preset = Provider.objects.filter(urn=request.GET["urn"]).first()
    form = register.form(request.POST or None, instance=instance, la=request.la, provider=preset)
    if request.method == "POST" and form.is_valid():
        item = services.save_record(form, la=request.la)
        messages.success(
            request, f"{register.noun.capitalize()} {'saved' if instance else 'added'}."
        )
        return redirect("market:provider", la_code=request.la.code, urn=item.provider.urn)
    return render(
        request,
        "placements/market/record_form.html",
        {"register": register, "form": form, "item": instance,
         "back": _list_url(request, register)},
    )  # fmt: skip


def _record_delete(request: CouncilRequest, key: str, pk: int) -> HttpResponse:
    register = REGISTERS[key]
    item = register.lookup(request.la, pk)
    if request.method == "POST":
        urn = item.provider.urn
        services.delete_record(item)
        messages.success(request, f"{register.noun.capitalize()} deleted.")
        return redirect("market:provider", la_code=request.la.code, urn=urn)
    return render(
        request,
        "placements/market/record_delete.html",
        {"register": register, "item": item, "back": _list_url(request, register)},
    )


def _csv_import(request: CouncilRequest, key: str) -> HttpResponse:
    register = REGISTERS[key]
    label = f"{register.plural.capitalize()} CSV"
    form = forms.CsvImportForm(request.POST or None, request.FILES or None, label=label)
    result = None
    if request.method == "POST" and form.is_valid():
        importer = services.import_costs if key == "cost" else services.import_vacancies
        result = importer(la=request.la, data=form.cleaned_data["file"].read())
        audit.record("import", f"Loaded {register.plural} from {form.cleaned_data['file'].name}",
                     request=request)  # fmt: skip
        if result.created or result.updated:
            messages.success(
                request,
                f"{count(result.created)} {register.plural} added, "
                f"{count(result.updated)} updated, "
                f"{count(len(result.problems))} rows rejected.",
            )
    return render(
        request,
        "placements/market/csv_import.html",
        {"register": register, "form": form, "result": result},
    )


def _template(key: str) -> FileResponse:
    name = {"cost": "costs_template.csv", "vacancy": "vacancies_template.csv"}[key]
    path = Path(settings.BASE_DIR) / "fixtures" / "market" / name
    return FileResponse(path.open("rb"), as_attachment=True, filename=name,
                        content_type="text/csv; charset=utf-8")  # fmt: skip


@council_view(Permission.VIEW)
def contracts(request):
    return _record_list(request, "contract")


@council_view(Permission.VIEW)
def costs(request):
    return _record_list(request, "cost")


@council_view(Permission.VIEW)
def vacancies(request):
    return _record_list(request, "vacancy")


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def contract_new(request):
    return _record_form(request, "contract")


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def cost_new(request):
    return _record_form(request, "cost")


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def vacancy_new(request):
    return _record_form(request, "vacancy")


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def contract_edit(request, pk: int):
    return _record_form(request, "contract", pk)


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def cost_edit(request, pk: int):
    return _record_form(request, "cost", pk)


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def vacancy_edit(request, pk: int):
    return _record_form(request, "vacancy", pk)


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def contract_delete(request, pk: int):
    return _record_delete(request, "contract", pk)


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def cost_delete(request, pk: int):
    return _record_delete(request, "cost", pk)


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def vacancy_delete(request, pk: int):
    return _record_delete(request, "vacancy", pk)


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def costs_import(request):
    return _csv_import(request, "cost")


@council_view(Permission.EDIT_MARKET)
@require_http_methods(["GET", "POST"])
def vacancies_import(request):
    return _csv_import(request, "vacancy")


@council_view(Permission.VIEW)
def costs_template(request):
    return _template("cost")


@council_view(Permission.VIEW)
def vacancies_template(request):
    return _template("vacancy")
