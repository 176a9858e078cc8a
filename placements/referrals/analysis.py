"""The demand no return shows: what referrals needed, how long homes took to find, which needs
went unmet, and what homes cost by need and risk. Pure: a DataFrame of referrals in (one row per
referral, the model's field names as columns), figures out.

Each figure is true at the period's end: a referral placed after it counts as not yet placed,
and one found no home only after it as still waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from placements.referrals import standard as std

# When each urgency falls due, in days from the referral: "in less than 5 days" is late from
# the fifth day; "in more than 5 days" sets no deadline, so it is never late.
DEADLINE_DAYS = {"Today": 0, "in less than 5 days": 4}

NEEDS: list[tuple[str, str]] = [
    ("communication", "Communication, language or learning needs"),
    ("adaptation", "Adaptation to the home"),
    ("cultural", "Cultural needs"),
    ("solo", "Solo placement recommended"),
    ("support", "Additional support"),
    ("dol", "Deprivation of Liberty Order"),
    ("siblings", "To be placed with siblings"),
]
RISK_PROFILES: list[tuple[str, str]] = [
    ("none", "No known risk"),
    ("some", "1 or 2 risks present"),
    ("many", "3 or more risks present"),
]
TYPES = list(std.SUITABILITY_BY_TYPE)


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Days:
    key: str
    label: str
    placed: int
    median_days: float | None
    mean_days: float | None


@dataclass(frozen=True)
class Cost:
    key: str
    label: str
    placed: int  # placements with a weekly cost
    median: float | None
    mean: float | None


@dataclass(frozen=True)
class SuitabilityRow:
    placement_type: str
    counts: dict[str, int]  # suitability value -> referrals


@dataclass(frozen=True)
class TypeDemand:
    """One type of home: referrals that preferred it, and what became of them."""

    placement_type: str
    preferred: int
    placed_in_type: int
    placed_elsewhere: int
    not_placed: int


@dataclass(frozen=True)
class Siblings:
    referrals: int  # referrals to be placed with one or more siblings
    to_place: int  # siblings to place with, summed over those referrals that were placed
    placed_together: int  # siblings placed together, summed over the same placements
    all_together: int  # placements where every sibling was placed together


@dataclass(frozen=True)
class ReferralSummary:
    start: date
    end: date
    referrals: int
    placed: int
    not_yet_placed: int
    no_suitable_home: int
    late: int
    placed_unsuitable: int
    outside_preferred: int
    unregistered: int
    median_days: float | None
    by_need: list[Count]
    by_risk: list[Count]
    risk_profiles: list[Count]
    by_suitability: list[SuitabilityRow]
    days_by_type: list[Days]
    days_by_need: list[Days]
    cost_by_need: list[Cost]
    cost_by_risk: list[Cost]
    siblings: Siblings
    by_type: list[TypeDemand]

    @property
    def unmet(self) -> int:
        """Referrals with no home at the end: not yet placed, or no suitable home found."""
        return self.not_yet_placed + self.no_suitable_home


COLUMNS = [f.attr for f in std.FIELDS]
# The fields the figures read: a selector need fetch no more (free text, names and the cost
# breakdown are for the record, not the analysis).
ANALYSIS_COLUMNS = [
    "referral_date", "needed_by", "sibling_count", "communication_needs", "home_adaptation",
    "cultural_needs", "living_companions", "additional_support", "deprivation_of_liberty",
    *std.SUITABILITY_BY_TYPE.values(), *(f.attr for f in std.RISKS), "outcome", "outcome_date",
    "total_weekly_cost", "preferability_location", "provider_urn", "siblings_placed_together",
    "placement_type", "placement_date",
]  # fmt: skip


DATE_COLUMNS = ("referral_date", "placement_date", "outcome_date")
TEXT_COLUMNS = (
    "needed_by", "communication_needs", "cultural_needs", "living_companions",
    "additional_support", "outcome", "provider_urn", "placement_type",
    *std.SUITABILITY_BY_TYPE.values(), *(f.attr for f in std.RISKS),
)  # fmt: skip


class _Columns:
    """The frame's columns as numpy arrays: a page summarises thousands of referrals with some
    hundred comparisons, and numpy does each in microseconds where a pandas Series takes a
    millisecond. Dates become days since 1970 (NaN when missing), text plain strings."""

    def __init__(self, frame: pd.DataFrame):
        self.length = len(frame)
        self.arrays: dict[str, np.ndarray] = {}
        for name in DATE_COLUMNS:
            values = pd.to_datetime(frame[name], errors="coerce")
            self.arrays[name] = (values - EPOCH).dt.days.to_numpy(dtype="float64", na_value=np.nan)
        for name in TEXT_COLUMNS:
            self.arrays[name] = frame[name].fillna("").to_numpy(dtype=object)
        for name in ("home_adaptation", "deprivation_of_liberty", "preferability_location"):
            self.arrays[name] = frame[name].to_numpy(dtype=object)
        for name in ("sibling_count", "siblings_placed_together", "total_weekly_cost"):
            self.arrays[name] = pd.to_numeric(frame[name], errors="coerce").to_numpy(
                dtype="float64", na_value=np.nan
            )

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    def take(self, mask: np.ndarray) -> _Columns:
        other = object.__new__(_Columns)
        other.arrays = {k: v[mask] for k, v in self.arrays.items()}
        other.length = int(mask.sum())
        return other


EPOCH = pd.Timestamp("1970-01-01")


def _day(on: date) -> float:
    return float((pd.Timestamp(on) - EPOCH).days)


def status_at(c: _Columns, end: date) -> np.ndarray:
    """Each referral's outcome as it stood at `end`."""
    day = _day(end)
    with np.errstate(invalid="ignore"):
        placed = (c["outcome"] == std.PLACED) & (c["placement_date"] <= day)
        none_found = (c["outcome"] == std.NO_SUITABLE_HOME) & (c["outcome_date"] <= day)
    status = np.full(c.length, std.NOT_YET_PLACED, dtype=object)
    status[placed] = std.PLACED
    status[none_found] = std.NO_SUITABLE_HOME
    return status


def need_flags(c: _Columns) -> dict[str, np.ndarray]:
    """True/False per referral for each need in NEEDS."""
    support = c["additional_support"]
    cultural = c["cultural_needs"]
    return {
        "communication": c["communication_needs"] == "Y",
        "adaptation": c["home_adaptation"] == True,  # noqa: E712 - elementwise, None is not
        "cultural": (cultural == "Required") | (cultural == "Other"),
        "solo": c["living_companions"] == "Solo placement recommended",
        "support": (support != "") & (support != "NA"),
        "dol": c["deprivation_of_liberty"] == True,  # noqa: E712
        "siblings": np.nan_to_num(c["sibling_count"]) > 0,
    }


def risks_present(c: _Columns) -> np.ndarray:
    return np.sum([(c[f.attr] == std.RISK_PRESENT).astype(int) for f in std.RISKS], axis=0)


def risk_profile(c: _Columns) -> np.ndarray:
    count = risks_present(c) if c.length else np.zeros(0, dtype=int)
    return np.where(count == 0, "none", np.where(count <= 2, "some", "many"))


def _days(key: str, label: str, days: np.ndarray) -> Days:
    days = days[~np.isnan(days)]
    if not len(days):
        return Days(key, label, 0, None, None)
    return Days(key, label, len(days), float(np.median(days)), round(float(days.mean()), 1))


def _cost(key: str, label: str, costs: np.ndarray) -> Cost:
    costs = costs[~np.isnan(costs)]
    if not len(costs):
        return Cost(key, label, 0, None, None)
    return Cost(key, label, len(costs), float(np.median(costs)), round(float(costs.mean()), 2))


def summarise(frame: pd.DataFrame, *, start: date, end: date) -> ReferralSummary:
    """Every figure for the referrals received from `start` to `end` (both included)."""
    everything = _Columns(frame)
    received = everything["referral_date"]
    with np.errstate(invalid="ignore"):
        c = everything.take((received >= _day(start)) & (received <= _day(end)))
    status = status_at(c, end)
    is_placed = status == std.PLACED
    p = c.take(is_placed)
    days = p["placement_date"] - p["referral_date"]
    deadline = np.array([DEADLINE_DAYS.get(n, np.nan) for n in p["needed_by"]], dtype="float64")
    with np.errstate(invalid="ignore"):
        late = int((days > deadline).sum())
    unsuitable = 0
    for kind, attr in std.SUITABILITY_BY_TYPE.items():
        unsuitable += int(((p["placement_type"] == kind) & (p[attr] == std.UNSUITABLE)).sum())
    needs = need_flags(c)
    placed_needs = {k: v[is_placed] for k, v in needs.items()}
    profiles = risk_profile(c)
    placed_profiles = profiles[is_placed]
    cost = p["total_weekly_cost"]
    any_need = np.zeros(c.length, dtype=bool)
    for flags in needs.values():
        any_need |= flags

    with_siblings = np.nan_to_num(p["sibling_count"]) > 0
    to_place = p["sibling_count"][with_siblings]
    together = np.nan_to_num(p["siblings_placed_together"][with_siblings])
    siblings = Siblings(
        referrals=int(needs["siblings"].sum()),
        to_place=int(to_place.sum()),
        placed_together=int(together.sum()),
        all_together=int((together >= to_place).sum()),
    )

    by_type = []
    for kind, attr in std.SUITABILITY_BY_TYPE.items():
        preferred = c[attr] == std.PREFERRED
        in_type = c["placement_type"] == kind
        by_type.append(
            TypeDemand(
                placement_type=kind,
                preferred=int(preferred.sum()),
                placed_in_type=int((preferred & is_placed & in_type).sum()),
                placed_elsewhere=int((preferred & is_placed & ~in_type).sum()),
                not_placed=int((preferred & ~is_placed).sum()),
            )
        )

    return ReferralSummary(
        start=start,
        end=end,
        referrals=c.length,
        placed=p.length,
        not_yet_placed=int((status == std.NOT_YET_PLACED).sum()),
        no_suitable_home=int((status == std.NO_SUITABLE_HOME).sum()),
        late=late,
        placed_unsuitable=unsuitable,
        outside_preferred=int((p["preferability_location"] == False).sum()),  # noqa: E712
        unregistered=int((p["provider_urn"] == std.UNREGISTERED).sum()),
        median_days=float(np.median(days)) if len(days) else None,
        by_need=[Count(k, label, int(needs[k].sum())) for k, label in NEEDS]
        + [Count("none", "None of these needs", int((~any_need).sum()))],
        by_risk=[
            Count(f.attr, f.label, int((c[f.attr] == std.RISK_PRESENT).sum())) for f in std.RISKS
        ],
        risk_profiles=[Count(k, label, int((profiles == k).sum())) for k, label in RISK_PROFILES],
        by_suitability=[
            SuitabilityRow(kind, {v: int((c[attr] == v).sum()) for v in std.Suitability.values})
            for kind, attr in std.SUITABILITY_BY_TYPE.items()
        ],
        days_by_type=[_days(k, k, days[p["placement_type"] == k]) for k in TYPES],
        days_by_need=[_days(k, label, days[placed_needs[k]]) for k, label in NEEDS],
        cost_by_need=[_cost(k, label, cost[placed_needs[k]]) for k, label in NEEDS],
        cost_by_risk=[
            _cost(
                f"{kind}:{k}",
                f"{kind}, {label.lower()}",
                cost[(p["placement_type"] == kind) & (placed_profiles == k)],
            )
            for kind in TYPES
            for k, label in RISK_PROFILES
        ],  # fmt: skip
        siblings=siblings,
        by_type=by_type,
    )


def empty_frame(columns: list[str] = COLUMNS) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)
