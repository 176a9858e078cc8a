"""Reads of the market: providers near a council, a council's contracts, costs and vacancies,
as DataFrames from `.values()`, and everything the market overview shows at a date."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import pandas as pd
from django.conf import settings
from django.db.models import Case, F, IntegerField, OrderBy, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from placements.cohort import measures
from placements.cohort import selectors as cohort_selectors
from placements.market import analysis
from placements.market.models import (
    Contract,
    ContractKind,
    Cost,
    Inspection,
    LocalProviderRecord,
    Provider,
    ProviderImport,
    Rating,
    Sector,
    Vacancy,
)
from sufficiency import versions
from sufficiency.councils import LocalAuthority

if TYPE_CHECKING:
    # From .annotations: the plugin recognises only that name (django-stubs issue 2890).
    from django_stubs_ext.annotations import WithAnnotations

METRES_PER_MILE = 1609.3
NEAR_METRES = analysis.NEAR_MILES * METRES_PER_MILE
PROVIDER_FIELDS = {
    "urn": "URN", "name": "NAME", "provider_type": "TYPE", "sector": "SECTOR", "owner": "OWNER",
    "places": "PLACES", "rating": "RATING", "registration_status": "STATUS",
    "council_code": "COUNCIL", "easting": "EASTING", "northing": "NORTHING",
}  # fmt: skip


@cache
def _centres() -> dict[str, tuple[float, float]]:
    path = Path(settings.BASE_DIR) / "fixtures" / "market" / "council_centres.csv"
    with path.open(encoding="utf-8") as file:
        return {
            row["council_code"]: (float(row["easting"]), float(row["northing"]))
            for row in csv.DictReader(file)
        }


def area_centre(la: LocalAuthority) -> tuple[float, float] | None:
    """The centre of the council's area: the mean position of its postcodes (ONS)."""
    return _centres().get(la.code)


def _near_q(centre: tuple[float, float] | None, metres: float = NEAR_METRES) -> Q:
    """Providers inside the square around the centre (narrowed to the circle in pandas)."""
    if centre is None:
        return Q(pk__in=[])
    x, y = centre
    return Q(
        easting__gte=x - metres, easting__lte=x + metres,
        northing__gte=y - metres, northing__lte=y + metres,
    )  # fmt: skip


def _frame(queryset, fields: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(
        list(queryset.values_list(*fields)), columns=list(fields.values())
    )


def in_house_urns(la: LocalAuthority) -> set[str]:
    return set(
        Contract.objects.filter(la=la, kind=ContractKind.IN_HOUSE).values_list(
            "provider__urn", flat=True
        )
    )


def provider_frame(
    *, la: LocalAuthority, urns: Iterable[str] = (), on: date | None = None
) -> pd.DataFrame:
    """Providers named by `urns` and every provider in or near the council, with LOCAL, MILES,
    ACTIVE, IN_HOUSE and (with `on`) their RATING at that date."""
    centre = area_centre(la)
    urns = [u for u in set(urns) if isinstance(u, str) and u]
    query = Q(council_code=la.code) | _near_q(centre)
    if urns:
        query |= Q(urn__in=urns)
    providers = _frame(Provider.objects.filter(query), PROVIDER_FIELDS)
    local, miles = analysis.locality(
        providers["COUNCIL"], providers["EASTING"], providers["NORTHING"],
        la_code=la.code, centre=centre,
    )  # fmt: skip
    providers["LOCAL"], providers["MILES"] = local, miles
    providers["ACTIVE"] = providers["STATUS"].fillna("").str.lower() != "closed"
    own = in_house_urns(la)
    providers["IN_HOUSE"] = providers["URN"].isin(own) | (
        (providers["SECTOR"] == Sector.LOCAL_AUTHORITY) & (providers["COUNCIL"] == la.code)
    )
    if on is not None and len(providers):
        inspections = _frame(
            Inspection.objects.filter(provider__urn__in=list(providers["URN"])),
            {"provider__urn": "URN", "date": "DATE", "rating": "RATING"},
        )
        providers["RATING"] = analysis.rating_at(providers, inspections, on=on)
    return providers


def cost_frame(la: LocalAuthority) -> pd.DataFrame:
    return _frame(
        Cost.objects.filter(la=la),
        {"provider__urn": "URN", "category": "CATEGORY", "weekly_cost": "WEEKLY_COST",
         "start": "START", "end": "END"},
    )  # fmt: skip


def contract_frame(la: LocalAuthority) -> pd.DataFrame:
    return _frame(
        Contract.objects.filter(la=la),
        {"pk": "ID", "provider__urn": "URN", "provider__name": "NAME", "kind": "KIND",
         "category": "CATEGORY", "places": "PLACES", "start": "START", "end": "END",
         "weekly_price": "WEEKLY_PRICE"},
    )  # fmt: skip


def vacancy_frame(la: LocalAuthority) -> pd.DataFrame:
    return _frame(
        Vacancy.objects.filter(la=la),
        {"provider__urn": "URN", "date": "DATE", "places_free": "PLACES_FREE"},
    )


EMPTY_PLACED = pd.DataFrame(columns=["CHILD", "URN", "CATEGORY", "DISTANCE"])


def children_placed(la: LocalAuthority, on: date) -> pd.DataFrame:
    """The council's children looked after at D, one row each (CHILD, URN, CATEGORY, DISTANCE)."""
    data = cohort_selectors.cohort(la=la)
    if data is None:
        return EMPTY_PLACED.copy()
    current = measures.current_episodes(data.episodes, on=on)
    return current[["CHILD", "URN", "CATEGORY", "DISTANCE"]].reset_index(drop=True)


@dataclass(frozen=True)
class MarketDates:
    dates: list[date]
    default: date


def market_dates(la: LocalAuthority, today: date) -> MarketDates:
    """The dates the overview can be shown at: the cohort's quarter ends, else today."""
    data = cohort_selectors.cohort(la=la)
    if data is None:
        return MarketDates([today], today)
    return MarketDates(
        cohort_selectors.reference_dates(data), cohort_selectors.default_reference_date(data)
    )


@dataclass(frozen=True)
class MarketAt:
    """Everything the market overview shows for a council at a date."""

    on: date
    children: int  # children placed at the date
    sectors: dict[str, int]  # children by the sector of their provider
    ratings: dict  # {"ratings": children by Ofsted rating, "good_or_outstanding": ...}
    supply: pd.DataFrame  # registered providers and places near the council, by type
    costs: pd.DataFrame  # weekly costs by placement category
    concentration: dict  # the largest owners' shares of children and spend
    blocks: pd.DataFrame  # block contracts and how full they are
    gap: pd.DataFrame  # the sufficiency gap by placement category
    has_centre: bool  # the council's centre is known, so "near" can be measured
    providers_known: int
    # The children placed at D with their provider, its rating and their weekly cost
    # (analysis.placed_with + WEEKLY_COST), for figures by type of home.
    placed: pd.DataFrame | None = None
    providers: pd.DataFrame | None = None  # every provider in or near the area, as at D
    vacancies: pd.Series | None = None  # recent places free per provider URN


# What the market's figures read besides the cohort (sufficiency.versions).
MARKET_MODELS = (Provider, Inspection, Contract, Cost, Vacancy, LocalProviderRecord)


def market_version() -> tuple:
    return versions.of(*MARKET_MODELS)


def market_at(*, la: LocalAuthority, on: date) -> MarketAt:
    """The market at a date, worked out once per data version of the cohort and of the market
    (ADR 0017): the dashboard and the market page only present it."""
    data = cohort_selectors.cohort(la=la)
    if data is None:
        return _market_at(la=la, on=on)
    return cohort_selectors.memoised(
        data, ("market", on), market_version(), lambda: _market_at(la=la, on=on)
    )


def _market_at(*, la: LocalAuthority, on: date) -> MarketAt:
    current = children_placed(la, on)
    providers = provider_frame(la=la, urns=set(current["URN"].dropna()), on=on)
    placed = analysis.placed_with(current, providers)
    own = set(providers.loc[providers["IN_HOUSE"], "URN"])
    placed["WEEKLY_COST"] = analysis.weekly_costs(placed, cost_frame(la), on=on, in_house_urns=own)
    vacancies = analysis.latest_vacancies(vacancy_frame(la), on=on)
    return MarketAt(
        on=on,
        children=len(placed),
        sectors=analysis.by_sector(placed),
        ratings=analysis.by_rating(placed),
        supply=analysis.local_supply(providers),
        costs=analysis.cost_summary(placed),
        concentration=analysis.concentration(placed),
        blocks=analysis.block_utilisation(contract_frame(la), placed, on=on),
        gap=analysis.sufficiency_gap(placed, providers, vacancies),
        has_centre=area_centre(la) is not None,
        providers_known=len(providers),
        placed=placed,
        providers=providers,
        vacancies=vacancies,
    )


def average_weekly_costs(*, la: LocalAuthority, on: date | None = None) -> dict[str, float]:
    """Average weekly cost per placement category of the children placed at D (default: the
    latest 31 March loaded), in-house and external together; what the forecast costs with."""

    if on is None:
        data = cohort_selectors.cohort(la=la)
        if data is None:
            return {}
        on = cohort_selectors.default_reference_date(data)
    summary = market_at(la=la, on=on).costs
    if summary.empty:
        return {}
    weighted = summary.assign(TOTAL=summary["AVERAGE"] * summary["COSTED"])
    grouped = weighted.groupby("CATEGORY")[["TOTAL", "COSTED"]].sum()
    return {
        str(category): round(float(row.TOTAL / row.COSTED), 2)
        for category, row in grouped.iterrows()
        if row.COSTED
    }


# The provider list ------------------------------------------------------------------------------

RATING_RANK = Case(
    *[When(rating=value, then=Value(rank)) for rank, value in enumerate(Rating.values)],
    default=Value(len(Rating.values)),
    output_field=IntegerField(),
)
SORTS: dict[str, tuple[str | OrderBy, str]] = {
    "name": ("name", "urn"),
    "type": ("provider_type", "name"),
    "places": (F("places").desc(nulls_last=True), "name"),
    "rating": ("rating_rank", "name"),
    "distance": (F("distance2").asc(nulls_last=True), "name"),
}


@dataclass(frozen=True)
class ProviderFilters:
    provider_type: str = ""
    sector: str = ""
    rating: str = ""
    where: str = ""  # "", "in_area", "local" (in the area or within 20 miles), "placed"
    q: str = ""
    sort: str = "name"


class ProviderListAnnotations(TypedDict):
    rating_rank: int
    distance2: int | None  # metres squared from the council's centre; None if either is unknown


if TYPE_CHECKING:
    # A provider as the list has it: with its rating's rank and its distance.
    ListedProvider = WithAnnotations[Provider, ProviderListAnnotations]


def provider_list(
    *, la: LocalAuthority, filters: ProviderFilters, placed_urns: set[str]
) -> QuerySet[ListedProvider]:
    providers = Provider.objects.annotate(rating_rank=RATING_RANK)
    centre = area_centre(la)
    if centre is not None:
        x, y = centre
        providers = providers.annotate(
            distance2=(F("easting") - x) * (F("easting") - x)
            + (F("northing") - y) * (F("northing") - y)
        )
    else:
        providers = providers.annotate(distance2=Value(None, output_field=IntegerField()))
    if filters.provider_type:
        providers = providers.filter(provider_type=filters.provider_type)
    if filters.sector:
        providers = providers.filter(sector=filters.sector)
    if filters.rating:
        providers = providers.filter(rating=filters.rating)
    if filters.where == "in_area":
        providers = providers.filter(council_code=la.code)
    elif filters.where == "local":
        near = Q(distance2__lte=NEAR_METRES**2) if centre is not None else Q(pk__in=[])
        providers = providers.filter(Q(council_code=la.code) | near)
    elif filters.where == "placed":
        providers = providers.filter(urn__in=placed_urns)
    if filters.q:
        providers = providers.filter(
            Q(name__icontains=filters.q) | Q(urn__iexact=filters.q) | Q(owner__icontains=filters.q)
        )
    return providers.order_by(*SORTS.get(filters.sort, SORTS["name"]))


def placed_counts(la: LocalAuthority, on: date) -> dict[str, int]:
    """Children of the council with each provider at D."""
    placed = children_placed(la, on)
    return {str(k): int(v) for k, v in placed["URN"].dropna().value_counts().items()}


# One provider -----------------------------------------------------------------------------------


def local_record(*, la: LocalAuthority, provider: Provider) -> LocalProviderRecord | None:
    """The council's own record of a provider (local name, area, notes), if it has made one."""
    return LocalProviderRecord.objects.filter(la=la, provider=provider).first()


def provider_imports(*, la: LocalAuthority) -> QuerySet[ProviderImport]:
    """The council's own imports of the Ofsted list, newest first, with who imported each.

    The list is national, but who imported which file, and its problems, belong to the council
    that imported it: another council's import is not found, as if it did not exist.
    """
    return ProviderImport.objects.filter(la=la).select_related("user")


def provider_import(*, la: LocalAuthority, pk: str) -> ProviderImport:
    """One of the council's own imports by its id as given in a URL; else a 404."""
    if not pk.isdigit():
        raise Http404("No such import")
    return get_object_or_404(provider_imports(la=la), pk=int(pk))


def provider(urn: str) -> Provider:
    return get_object_or_404(Provider, urn=urn)


def council_contract(la: LocalAuthority, pk: int) -> Contract:
    return get_object_or_404(Contract.objects.select_related("provider"), pk=pk, la=la)


def council_cost(la: LocalAuthority, pk: int) -> Cost:
    return get_object_or_404(Cost.objects.select_related("provider"), pk=pk, la=la)


def council_vacancy(la: LocalAuthority, pk: int) -> Vacancy:
    return get_object_or_404(Vacancy.objects.select_related("provider"), pk=pk, la=la)


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    item: str
    kind: str
    changes: list[dict]


KINDS = {"+": "Added", "~": "Changed", "-": "Deleted"}


def _entries(records, label: str, members: set[int] | None = None) -> list[HistoryEntry]:
    """History entries; with `members`, a change by anyone outside them (another council's
    user importing the national Ofsted list, say) shows no name."""
    entries = []
    for record in records:
        changes: list[dict] = []
        if record.history_type == "~" and record.prev_record is not None:
            delta = record.diff_against(record.prev_record)
            for change in delta.changes:
                if change.field in {"updated_at", "easting", "northing"}:
                    continue
                field = record.instance_type._meta.get_field(change.field)
                changes.append(
                    {"field": field.verbose_name.capitalize(), "old": change.old, "new": change.new}
                )
            if not changes:
                continue
        user = record.history_user
        if user is None:
            who = "System"
        elif members is not None and user.pk not in members:
            who = "Ofsted list update"
        else:
            who = user.get_full_name() or user.username
        entries.append(HistoryEntry(record.history_date, who, label, KINDS[record.history_type],
                                    changes))  # fmt: skip
    return entries


def provider_history(provider: Provider, la: LocalAuthority, limit: int = 50) -> list[HistoryEntry]:
    """Changes to the provider (any import or edit) and to this council's contracts, costs and
    vacancies with it: newest first. Another council's records never appear."""
    members = set(la.memberships.values_list("user_id", flat=True))
    entries = _entries(
        provider.history.select_related("history_user").order_by("-history_date")[:limit],
        "Provider details",
        members,
    )
    for model, label in ((Contract, "Contract"), (Cost, "Cost"), (Vacancy, "Vacancy"),
                         (LocalProviderRecord, "Our record")):  # fmt: skip
        records = (
            model.history.filter(la=la, provider=provider)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        entries += _entries(records, label)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
