"""Reads for a region: its sharing members' cohorts, measures, forecasts and placements at a
date, and the market they share. Only members whose admin shares with the region are read."""

import csv
import string
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from functools import cache

import pandas as pd
from django.db.models import Q

from placements.cohort import measures, postcodes, reference
from placements.cohort import selectors as cohort_selectors
from placements.cohort.models import Return
from placements.cohort.ssda903.merge import collection_year_bounds
from placements.forecast import selectors as forecast_selectors
from placements.forecast.reporting import base_date_at
from placements.market import analysis as market_analysis
from placements.market.models import Contract, ContractKind, Cost, Provider, Vacancy
from reports import selectors as report_selectors
from reports.regions import analysis
from sufficiency.calendar import collection_year
from sufficiency.councils import LocalAuthority
from sufficiency.regions.models import Region, RegionMember

LOOKUP = reference.DFE / "LTLA-UTLA_Apr23_Lookup_England-Wales.csv"
BENCHMARKED = ("rate_per_10k", "three_plus_placements", "long_term_stability")


def sharing_members(region: Region) -> list[LocalAuthority]:
    """The members whose admin shares with the region, by name: no one else is ever read."""
    return [
        m.la
        for m in RegionMember.objects.filter(region=region, shares=True)
        .select_related("la")
        .order_by("la__name")
    ]


def not_sharing(region: Region) -> int:
    return RegionMember.objects.filter(region=region, shares=False).count()


def regions_of(user_id: int) -> list[Region]:
    return list(Region.objects.filter(memberships__user_id=user_id).order_by("name"))


def dates(members: list[LocalAuthority]) -> list[date]:
    """Quarter ends that every sharing member with data has loaded, latest first: from the
    years of their imported returns (as the cohort's reference dates), so choosing a date
    reads no cohort."""
    years: dict[int, set[int]] = {}
    for la_id, year in Return.objects.filter(
        la__in=members, status=Return.Status.IMPORTED
    ).values_list("la_id", "year"):
        years.setdefault(la_id, set()).add(year)
    sets = []
    for loaded in years.values():
        first, last = collection_year_bounds(min(loaded))[0], collection_year_bounds(max(loaded))[1]
        ends = pd.date_range(first, last, freq="QE-MAR")
        sets.append({d.date() for d in ends})
    common = set.intersection(*sets) if sets else set()
    return sorted(common, reverse=True)


@cache
def council_names() -> dict[str, str]:
    """Upper-tier council code -> name (ONS April 2023), for host areas outside the region."""
    with LOOKUP.open(encoding="utf-8-sig") as file:
        return {row["UTLA23CD"]: row["UTLA23NM"] for row in csv.DictReader(file)}


@dataclass(frozen=True)
class RegionAt:
    """Everything the region's pages show from the members' cohorts at a date."""

    on: date
    members: tuple[LocalAuthority, ...]  # sharing members with data at the date
    measures: dict[str, dict]  # member code -> MEASURES.md object
    populations: dict[str, int | None]
    region: dict  # analysis.combine_measures
    benchmarks: dict[str, dict]  # member code -> reports.selectors.benchmarks
    forecast: analysis.RegionForecast | None
    placed: pd.DataFrame  # one row per child looked after: PLACING, CHILD, URN, CATEGORY, ...
    matrix: pd.DataFrame  # analysis.crossborder_matrix
    outside: pd.DataFrame  # analysis.outside_hosts

    @property
    def codes(self) -> list[str]:
        return [la.code for la in self.members]


_CACHE: OrderedDict[tuple, RegionAt] = OrderedDict()
_CACHE_SIZE = 8
_LOCK = threading.Lock()


def _data_key(members: list[LocalAuthority]) -> tuple:
    """What the figures depend on: each member's imported returns (as the cohort cache)."""
    rows = Return.objects.filter(la__in=members, status=Return.Status.IMPORTED).values_list(
        "la_id", "pk", "finished_at"
    )
    return tuple(sorted(rows, key=lambda r: (r[0], r[1])))


def region_at(*, region: Region, on: date, members: list[LocalAuthority]) -> RegionAt:
    """The members' figures at D, cached by the members' loaded returns: a warm page reads no
    cohort at all."""
    key = (region.pk, on, tuple(la.pk for la in members), _data_key(members))
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    result = _region_at(on, members)
    with _LOCK:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def _hosts(current: pd.Series) -> pd.Series:
    """The council whose area each placement is in: PL_POST's district in the ONS Postcode
    Directory, then its upper-tier council (the look-ups `outside_area` uses). Read through
    each letter's indexed table, whose hash index is built once per process."""
    keys = postcodes.normalise_postcode(current.reset_index(drop=True))
    district = pd.Series(pd.NA, index=keys.index, dtype="object")
    present = keys.dropna()
    for letter, group in present.groupby(present.str[0], sort=False):
        if str(letter) not in string.ascii_uppercase:
            continue
        table = postcodes.letter_table(str(letter))
        if len(table) == 0:
            continue
        at = table.index.get_indexer(group.to_numpy())
        found = at >= 0
        district.loc[group.index[found]] = table["laua"].to_numpy()[at[found]]
    council = reference.council_of_districts(district)
    return council.where(council.notna(), pd.NA)


def _member_forecast(la: LocalAuthority, data, on: date) -> analysis.MemberForecast | None:
    base = base_date_at(data, on)
    if base is None:
        return None
    options = forecast_selectors.Options(base_date=base)
    result = forecast_selectors.forecast(data=data, options=options, backtest=False)
    baseline = result.baseline
    return analysis.MemberForecast(
        code=la.code, base_date=base, dates=tuple(baseline.dates),
        now=float(baseline.stock0.sum()), mean=baseline.total, sd=baseline.sd_total,
    )  # fmt: skip


def _region_at(on: date, members: list[LocalAuthority]) -> RegionAt:
    year = collection_year(on)
    kept, figures, populations, benchmarks, forecasts, frames = [], {}, {}, {}, [], []
    for la in members:
        data = cohort_selectors.cohort(la=la)
        if data is None or not (data.first_day <= on <= data.last_day):
            continue
        kept.append(la)
        figures[la.code] = report_selectors.snapshot(
            la, data, on, cohort_selectors.population_figures(la=la)
        ).measures
        populations[la.code] = cohort_selectors.population(la=la, year=year)
        benchmarks[la.code] = report_selectors.benchmarks(la, on)
        forecast = _member_forecast(la, data, on)
        if forecast is not None:
            forecasts.append(forecast)
        current = measures.current_episodes(data.episodes, on=on)
        frame = current[["CHILD", "URN", "CATEGORY", "DISTANCE"]].reset_index(drop=True)
        frame.insert(0, "PLACING", la.code)
        frame["HOST"] = _hosts(current["PL_POST"])
        frames.append(frame)
    codes = [la.code for la in kept]
    placed = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["PLACING", "CHILD", "URN", "CATEGORY", "DISTANCE", "HOST"])
    )
    return RegionAt(
        on=on,
        members=tuple(kept),
        measures=figures,
        populations=populations,
        region=analysis.combine_measures(
            [figures[c] for c in codes], [populations[c] for c in codes]
        ),
        benchmarks=benchmarks,
        forecast=analysis.combine_forecasts(forecasts),
        placed=placed,
        matrix=analysis.crossborder_matrix(placed, codes),
        outside=analysis.outside_hosts(placed, codes),
    )


# --------------------------------------------------------------------------- market


@dataclass(frozen=True)
class RegionMarket:
    providers: pd.DataFrame  # URN -> NAME, TYPE, PLACES, COUNCIL (those the pages name)
    shared: pd.DataFrame  # analysis.shared_providers
    costs: pd.DataFrame  # analysis.cost_spread
    blocks: pd.DataFrame  # block contracts in force, with LA
    vacancies: pd.Series  # places free per provider (URN)
    gap: pd.DataFrame  # the region's demand by type against places in the region


def region_market(at: RegionAt) -> RegionMarket:
    codes, on = at.codes, at.on
    placed = at.placed
    shared = analysis.shared_providers(placed, codes)
    costs = pd.DataFrame.from_records(
        list(
            Cost.objects.filter(la__in=at.members).values_list(
                "la__code", "provider__urn", "category", "weekly_cost", "start", "end"
            )
        ),
        columns=["LA", "URN", "CATEGORY", "WEEKLY_COST", "START", "END"],
    )
    spread = analysis.cost_spread(analysis.costs_in_force(costs, on=on), codes)
    blocks = []
    contracts = pd.DataFrame.from_records(
        list(
            Contract.objects.filter(la__in=at.members, kind=ContractKind.BLOCK).values_list(
                "la__code", "pk", "provider__urn", "provider__name", "kind", "category",
                "places", "start", "end", "weekly_price",
            )
        ),
        columns=["LA", "ID", "URN", "NAME", "KIND", "CATEGORY", "PLACES", "START", "END",
                 "WEEKLY_PRICE"],
    )  # fmt: skip
    # Only members with a block contract: most have none, and each look costs a scan.
    for code, theirs in contracts.groupby("LA", sort=True):
        mine = placed[placed["PLACING"] == code]
        table = market_analysis.block_utilisation(theirs.drop(columns="LA"), mine, on=on)
        blocks.append(table.assign(LA=code))
    vacancy_rows = pd.DataFrame.from_records(
        list(
            Vacancy.objects.filter(la__in=at.members).values_list(
                "la__code", "provider__urn", "date", "places_free"
            )
        ),
        columns=["LA", "URN", "DATE", "PLACES_FREE"],
    )
    vacancies = analysis.region_vacancies(vacancy_rows, on=on, days=market_analysis.VACANCY_DAYS)
    urns = set(shared.index) | set(spread.index.get_level_values(0)) | set(vacancies.index)
    in_blocks = [b for b in blocks if not b.empty]
    blocks_frame = pd.concat(in_blocks, ignore_index=True) if in_blocks else pd.DataFrame()
    if not blocks_frame.empty:
        urns |= set(blocks_frame["URN"])
    providers = pd.DataFrame.from_records(
        list(
            Provider.objects.filter(Q(urn__in=list(urns)) | Q(council_code__in=codes)).values_list(
                "urn", "name", "provider_type", "places", "registration_status", "council_code"
            )
        ),
        columns=["URN", "NAME", "TYPE", "PLACES", "STATUS", "COUNCIL"],
    )
    in_region = providers.assign(
        ACTIVE=providers["STATUS"].fillna("").str.lower() != "closed",
        LOCAL=providers["COUNCIL"].isin(codes).map({True: "in_area", False: "away"}),
    )
    gap = market_analysis.sufficiency_gap(placed, in_region, vacancies)
    return RegionMarket(
        providers=providers.set_index("URN"),
        shared=shared,
        costs=spread,
        blocks=blocks_frame,
        vacancies=vacancies,
        gap=gap,
    )
