"""The demand no return shows: what referrals needed, how long homes took to find, which needs
went unmet, and what homes cost by need and risk. Pure: a DataFrame of referrals in (one row per
referral, the model's field names as columns), figures out.

Each figure is true at the period's end: a referral placed after it counts as not yet placed,
and one found no home only after it as still waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


def status_at(frame: pd.DataFrame, end: date) -> pd.Series:
    """Each referral's outcome as it stood at `end`."""
    placed = (frame["outcome"] == std.PLACED) & (frame["placement_date"] <= end)
    none_found = (frame["outcome"] == std.NO_SUITABLE_HOME) & (frame["outcome_date"] <= end)
    status = pd.Series(std.NOT_YET_PLACED, index=frame.index)
    status[placed] = std.PLACED
    status[none_found] = std.NO_SUITABLE_HOME
    return status


def need_flags(frame: pd.DataFrame) -> pd.DataFrame:
    """One column of True/False per need in NEEDS."""
    support = frame["additional_support"].fillna("")
    return pd.DataFrame(
        {
            "communication": frame["communication_needs"] == "Y",
            "adaptation": frame["home_adaptation"].eq(True),
            "cultural": frame["cultural_needs"].isin(["Required", "Other"]),
            "solo": frame["living_companions"] == "Solo placement recommended",
            "support": ~support.isin(["", "NA"]),
            "dol": frame["deprivation_of_liberty"].eq(True),
            "siblings": frame["sibling_count"].fillna(0) > 0,
        },
        index=frame.index,
    )


def risks_present(frame: pd.DataFrame) -> pd.Series:
    return sum((frame[f.attr] == std.RISK_PRESENT).astype(int) for f in std.RISKS)


def risk_profile(frame: pd.DataFrame) -> pd.Series:
    count = risks_present(frame)
    return pd.Series(
        ["none" if n == 0 else "some" if n <= 2 else "many" for n in count], index=frame.index
    )


def _days(key: str, label: str, days: pd.Series) -> Days:
    days = days.dropna()
    if days.empty:
        return Days(key, label, 0, None, None)
    return Days(key, label, len(days), float(days.median()), round(float(days.mean()), 1))


def _cost(key: str, label: str, costs: pd.Series) -> Cost:
    costs = costs.dropna().astype(float)
    if costs.empty:
        return Cost(key, label, 0, None, None)
    return Cost(key, label, len(costs), float(costs.median()), round(float(costs.mean()), 2))


def summarise(frame: pd.DataFrame, *, start: date, end: date) -> ReferralSummary:
    """Every figure for the referrals received from `start` to `end` (both included)."""
    frame = frame[(frame["referral_date"] >= start) & (frame["referral_date"] <= end)]
    status = status_at(frame, end)
    placed = frame[status == std.PLACED]
    days = pd.Series(
        [(p - r).days for p, r in zip(placed["placement_date"], placed["referral_date"],
                                      strict=True)],
        index=placed.index, dtype="float64",
    )  # fmt: skip
    deadline = placed["needed_by"].map(DEADLINE_DAYS)
    late = int((days > deadline).sum())
    unsuitable = 0
    for kind, attr in std.SUITABILITY_BY_TYPE.items():
        unsuitable += int(
            ((placed["placement_type"] == kind) & (placed[attr] == std.UNSUITABLE)).sum()
        )
    needs = need_flags(frame)
    profiles = risk_profile(frame)
    cost = placed["total_weekly_cost"]

    siblings_needed = frame["sibling_count"].fillna(0) > 0
    placed_siblings = placed[placed["sibling_count"].fillna(0) > 0]
    together = placed_siblings["siblings_placed_together"].fillna(0)
    siblings = Siblings(
        referrals=int(siblings_needed.sum()),
        to_place=int(placed_siblings["sibling_count"].sum()),
        placed_together=int(together.sum()),
        all_together=int((together >= placed_siblings["sibling_count"]).sum()),
    )

    by_type = []
    for kind, attr in std.SUITABILITY_BY_TYPE.items():
        preferred = frame[attr] == std.PREFERRED
        is_placed = status == std.PLACED
        by_type.append(
            TypeDemand(
                placement_type=kind,
                preferred=int(preferred.sum()),
                placed_in_type=int((preferred & is_placed & (frame["placement_type"] == kind))
                                   .sum()),
                placed_elsewhere=int((preferred & is_placed & (frame["placement_type"] != kind))
                                     .sum()),
                not_placed=int((preferred & ~is_placed).sum()),
            )
        )  # fmt: skip

    return ReferralSummary(
        start=start,
        end=end,
        referrals=len(frame),
        placed=len(placed),
        not_yet_placed=int((status == std.NOT_YET_PLACED).sum()),
        no_suitable_home=int((status == std.NO_SUITABLE_HOME).sum()),
        late=late,
        placed_unsuitable=unsuitable,
        outside_preferred=int(placed["preferability_location"].eq(False).sum()),
        unregistered=int((placed["provider_urn"] == std.UNREGISTERED).sum()),
        median_days=float(days.median()) if len(days) else None,
        by_need=[Count(k, label, int(needs[k].sum())) for k, label in NEEDS]
        + [Count("none", "None of these needs", int((~needs.any(axis=1)).sum()))],
        by_risk=[
            Count(f.attr, f.label, int((frame[f.attr] == std.RISK_PRESENT).sum()))
            for f in std.RISKS
        ],
        risk_profiles=[Count(k, label, int((profiles == k).sum())) for k, label in RISK_PROFILES],
        by_suitability=[
            SuitabilityRow(kind, {v: int((frame[attr] == v).sum()) for v in std.Suitability.values})
            for kind, attr in std.SUITABILITY_BY_TYPE.items()
        ],
        days_by_type=[_days(k, k, days[placed["placement_type"] == k]) for k in TYPES],
        days_by_need=[_days(k, label, days[needs.loc[placed.index, k]]) for k, label in NEEDS],
        cost_by_need=[_cost(k, label, cost[needs.loc[placed.index, k]]) for k, label in NEEDS],
        cost_by_risk=[
            _cost(
                f"{kind}:{k}",
                f"{kind}, {label.lower()}",
                cost[(placed["placement_type"] == kind) & (profiles[placed.index] == k)],
            )
            for kind in TYPES
            for k, label in RISK_PROFILES
        ],  # fmt: skip
        siblings=siblings,
        by_type=by_type,
    )


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)
