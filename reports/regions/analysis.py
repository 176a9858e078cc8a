"""Pure arithmetic of a region: members' figures combined, placements across borders, the
market members share. DataFrames and dicts in, numbers out; no ORM, no HTTP."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

# Counts of children: the region's is the members' sum (each child is counted by the council
# that looks after it, as DfE counts them, so no child is in two members' counts at once).
COUNTS = ("cla", "started", "ceased", "uasc")
BREAKDOWNS = (
    "age_bands", "sex", "placement_mix", "legal_status", "ethnicity", "placement_codes",
    "ceased_by_reason",
)  # fmt: skip
# Shares: the region's numerator and denominator are sums; the percentage is worked out again.
RATIOS = ("three_plus_placements", "long_term_stability", "over_20_miles", "outside_area")
OUTSIDE_REGION = "outside"
NOT_KNOWN = "unknown"
SD_BAND = 2  # the forecast's band is mean +/- 2 standard deviations, as each member's is


def percent(numerator: int, denominator: int) -> float | None:
    """MEASURES.md: round(100 x numerator / denominator, 1), null when the denominator is 0."""
    if denominator == 0:
        return None
    return round(100 * numerator / denominator, 1)


def _sum_dicts(dicts: Sequence[Mapping[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in dicts:
        for key, value in part.items():
            total[key] = total.get(key, 0) + int(value)
    return total


def _sum_ratio(parts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    numerator = sum(int(p["numerator"]) for p in parts)
    denominator = sum(int(p["denominator"]) for p in parts)
    result: dict[str, Any] = {"numerator": numerator, "denominator": denominator}
    if any("unknown" in p for p in parts):
        result["unknown"] = sum(int(p.get("unknown", 0)) for p in parts)
    result["percent"] = percent(numerator, denominator)
    return result


def _rate(count: int, population: int | None) -> float | None:
    return None if not population else round(count / population * 10_000, 1)


def combine_measures(
    members: Sequence[Mapping[str, Any]], populations: Sequence[int | None]
) -> dict[str, Any]:
    """The region's headline measures from its members' (MEASURES.md objects at one date):
    counts summed, percentages from summed numerators and denominators (never an average of
    percentages), rates from the summed children over the summed population (null unless every
    member's population is known), care leavers summed when every member has them."""
    result: dict[str, Any] = {key: sum(int(m[key]) for m in members) for key in COUNTS}
    for key in BREAKDOWNS:
        result[key] = _sum_dicts([m[key] for m in members])
    for key in RATIOS:
        result[key] = _sum_ratio([m[key] for m in members])
    known = None if any(p is None for p in populations) else sum(p or 0 for p in populations)
    result["population"] = known
    result["rate_per_10k"] = _rate(result["cla"], known)
    result["started_rate_per_10k"] = _rate(result["started"], known)
    leavers = [m.get("care_leavers") for m in members]
    if members and all(leavers):
        result["care_leavers"] = {
            group: _sum_dicts([lv[group] for lv in leavers if lv]) for group in leavers[0] or {}
        }
    else:
        result["care_leavers"] = None
    return result


# --------------------------------------------------------------------------- forecast


@dataclass(frozen=True)
class MemberForecast:
    code: str
    base_date: date
    dates: tuple[date, ...]
    now: float
    mean: np.ndarray  # (T,) children in care at each month end
    sd: np.ndarray  # (T,)


@dataclass(frozen=True)
class RegionForecast:
    base_date: date
    dates: tuple[date, ...]
    now: float
    mean: np.ndarray
    sd: np.ndarray
    members: tuple[MemberForecast, ...]

    @property
    def lower(self) -> np.ndarray:
        return np.maximum(self.mean - SD_BAND * self.sd, 0.0)

    @property
    def upper(self) -> np.ndarray:
        return self.mean + SD_BAND * self.sd


def combine_forecasts(forecasts: Sequence[MemberForecast]) -> RegionForecast | None:
    """The region's forecast: the sum of members' means; its spread from the sum of their
    variances (members' futures taken as independent: each is drawn from its own cohort), so
    the band is narrower than the sum of members' bands. Only members forecast from the same
    base date over the same months are added; None when there are none."""
    if not forecasts:
        return None
    base = max(f.base_date for f in forecasts)
    same = [f for f in forecasts if f.base_date == base]
    dates = min((f.dates for f in same), key=len)
    n = len(dates)
    mean = np.sum([f.mean[:n] for f in same], axis=0)
    sd = np.sqrt(np.sum([np.square(f.sd[:n]) for f in same], axis=0))
    return RegionForecast(
        base_date=base, dates=tuple(dates), now=float(sum(f.now for f in same)), mean=mean,
        sd=sd, members=tuple(same),
    )  # fmt: skip


# --------------------------------------------------------------------------- across borders


def host_areas(hosts: pd.Series, members: Sequence[str]) -> pd.Series:
    """Each placement's host as the matrix names it: a member's code, OUTSIDE_REGION, or
    NOT_KNOWN (no postcode, or one not in the directory)."""
    known = hosts.astype("object").where(hosts.notna(), NOT_KNOWN)
    return known.where(known.isin(list(members)) | (known == NOT_KNOWN), OUTSIDE_REGION)


def crossborder_matrix(placements: pd.DataFrame, members: Sequence[str]) -> pd.DataFrame:
    """Children placed by each member (rows, PLACING) in each host area (columns: each member,
    then OUTSIDE_REGION and NOT_KNOWN). `placements` has one row per child looked after at the
    date (PLACING, HOST): each child is counted once, in one cell."""
    columns = [*members, OUTSIDE_REGION, NOT_KNOWN]
    if placements.empty:
        return pd.DataFrame(0, index=list(members), columns=columns)
    area = host_areas(placements["HOST"], members)
    table = pd.crosstab(placements["PLACING"], area)
    return table.reindex(index=list(members), columns=columns, fill_value=0).astype(int)


def outside_hosts(placements: pd.DataFrame, members: Sequence[str]) -> pd.DataFrame:
    """Children placed outside the region, by host council (rows) and placing member."""
    outside = placements[placements["HOST"].notna() & ~placements["HOST"].isin(list(members))]
    if outside.empty:
        return pd.DataFrame(columns=list(members))
    table = pd.crosstab(outside["HOST"], outside["PLACING"])
    table = table.reindex(columns=list(members), fill_value=0).astype(int)
    return table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]


# --------------------------------------------------------------------------- shared market


def shared_providers(placed: pd.DataFrame, members: Sequence[str]) -> pd.DataFrame:
    """Providers with children from two or more members at the date: children by member
    (columns), URNs as the index, most children first. `placed` has PLACING and URN."""
    with_urn = placed[placed["URN"].notna() & (placed["URN"] != "XXXXXXX")]
    if with_urn.empty:
        return pd.DataFrame(columns=list(members))
    table = pd.crosstab(with_urn["URN"], with_urn["PLACING"])
    table = table.reindex(columns=list(members), fill_value=0).astype(int)
    shared = table[(table > 0).sum(axis=1) >= 2]
    order = shared.sum(axis=1).sort_values(ascending=False, kind="stable").index
    return shared.loc[order]


def costs_in_force(costs: pd.DataFrame, *, on: date) -> pd.DataFrame:
    """Each member's weekly cost in force at D per provider and type (LA, URN, CATEGORY,
    WEEKLY_COST): the latest starting on or before D and not ended."""
    d = pd.Timestamp(on)
    start, end = pd.to_datetime(costs["START"]), pd.to_datetime(costs["END"])
    current = costs[(start <= d) & (end.isna() | (end >= d))].assign(START=start)
    current = current.sort_values("START").drop_duplicates(["LA", "URN", "CATEGORY"], keep="last")
    return current.assign(WEEKLY_COST=current["WEEKLY_COST"].astype(float))[
        ["LA", "URN", "CATEGORY", "WEEKLY_COST"]
    ]


def cost_spread(costs: pd.DataFrame, members: Sequence[str]) -> pd.DataFrame:
    """Weekly cost by member for the same provider and type, where two or more members pay for
    it: index (URN, CATEGORY), a column per member, then LOWEST, HIGHEST and SPREAD (highest
    over lowest, as a percentage above the lowest), widest spread first."""
    if costs.empty:
        return pd.DataFrame(columns=[*members, "LOWEST", "HIGHEST", "SPREAD"])
    table = costs.pivot_table(
        index=["URN", "CATEGORY"], columns="LA", values="WEEKLY_COST", aggfunc="last"
    ).reindex(columns=list(members))
    table = table[table.notna().sum(axis=1) >= 2].copy()
    table["LOWEST"] = table[list(members)].min(axis=1)
    table["HIGHEST"] = table[list(members)].max(axis=1)
    table["SPREAD"] = ((table["HIGHEST"] / table["LOWEST"] - 1) * 100).round(1)
    return table.sort_values("SPREAD", ascending=False, kind="stable")


def region_vacancies(vacancies: pd.DataFrame, *, on: date, days: int) -> pd.Series:
    """Places free per provider across the region: the latest report by any member on or
    before D and at most `days` old (two members reporting the same day: the larger, since
    both saw the same provider's places)."""
    d = pd.Timestamp(on)
    when = pd.to_datetime(vacancies["DATE"])
    recent = vacancies[(when <= d) & (when > d - pd.Timedelta(days=days))].assign(DATE=when)
    if recent.empty:
        return pd.Series(dtype=int)
    latest = recent.groupby("URN")["DATE"].transform("max")
    recent = recent[recent["DATE"] == latest]
    return recent.groupby(["URN", "LA"])["PLACES_FREE"].sum().groupby("URN").max().astype(int)
