"""Each referral figure on a hand-made set of referrals, the expected numbers worked by hand.

The set (financial year 2025-26, figures at 31 March 2026):

    child  referred    needed by   preferred    outcome                          needs / risks
    A      1 May 25    Today       Foster       Foster, 1 May 25 (0 days) £900   none / none
    B      1 Jun 25    <5 days     Foster       Residential, 11 Jun (10 days)    solo, support /
                                   (residential                 £6,000, unregistered,     self-harm,
                                    Unsuitable)                 not where preferred       missing,
                                                                                          criminal
    C      1 Jul 25    >5 days     Foster       Foster, 21 Jul (20 days) £1,100  siblings 2 (1
                                                                                 together), comms /
                                                                                 missing
    D      1 Aug 25    Today       Residential  no suitable home, 1 Sep 25       DoL / physical,
                                                                                 fire
    E      1 Sep 25    <5 days     Supported    not yet placed                   siblings 1,
                                                                                 adaptation / none
    F      1 Mar 26    Today       Residential  placed 10 Apr 26: after the end, none / none
                                                so not yet placed at 31 Mar 26
    G      15 Mar 25   (before the year: not counted)
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from placements.referrals import analysis, selectors
from placements.referrals import standard as std
from placements.referrals.models import Referral

START, END = date(2025, 4, 1), date(2026, 3, 31)
RISK = "Risk Present"


def referral(**values) -> dict:
    row = {f.attr: ("" if f.kind in ("string", "categorical", "id") else None) for f in std.FIELDS}
    row.update(
        communication_needs="N", specific_communication_requirements=["None"],
        home_adaptation=False, cultural_needs="Not required", living_companions="No preference",
        pets="No", additional_support="NA", deprivation_of_liberty=False, sibling_count=0,
        foster_care_suitability="Not specified", residential_care_suitability="Not specified",
        supported_accommodation_suitability="Not specified", outcome="Not yet placed",
    )  # fmt: skip
    for f in std.RISKS:
        row[f.attr] = "No known risk"
    row.update(values)
    return row


def placed(kind: str, on: date, cost: int, **values) -> dict:
    return dict(
        outcome="Placed", placement_type=kind, placement_date=on, outcome_date=on,
        total_weekly_cost=cost, preferability_location=True, provider_urn="SC1",
        siblings_placed_together=0, **values,
    )  # fmt: skip


SET = [
    referral(child_id="A", referral_date=date(2025, 5, 1), needed_by="Today",
             foster_care_suitability="Preferred", **placed("Foster", date(2025, 5, 1), 900)),
    referral(child_id="B", referral_date=date(2025, 6, 1), needed_by="in less than 5 days",
             foster_care_suitability="Preferred", residential_care_suitability="Unsuitable",
             living_companions="Solo placement recommended",
             additional_support="therapeutic support", risk_self_harm=RISK, risk_missing=RISK,
             risk_criminal_exploitation=RISK,
             **{**placed("Residential", date(2025, 6, 11), 6000),
                "preferability_location": False, "provider_urn": "Unregistered"}),
    referral(child_id="C", referral_date=date(2025, 7, 1), needed_by="in more than 5 days",
             foster_care_suitability="Preferred", communication_needs="Y", risk_missing=RISK,
             **{**placed("Foster", date(2025, 7, 21), 1100), "sibling_count": 2,
                "siblings_placed_together": 1}),
    referral(child_id="D", referral_date=date(2025, 8, 1), needed_by="Today",
             residential_care_suitability="Preferred", deprivation_of_liberty=True,
             risk_to_others_physical=RISK, risk_to_others_fire=RISK,
             outcome="No suitable home found", outcome_date=date(2025, 9, 1)),
    referral(child_id="E", referral_date=date(2025, 9, 1), needed_by="in less than 5 days",
             supported_accommodation_suitability="Preferred", sibling_count=1,
             home_adaptation=True),
    referral(child_id="F", referral_date=date(2026, 3, 1), needed_by="Today",
             residential_care_suitability="Preferred",
             **placed("Residential", date(2026, 4, 10), 7000)),
    referral(child_id="G", referral_date=date(2025, 3, 15), needed_by="Today",
             **placed("Foster", date(2025, 3, 20), 800)),
]  # fmt: skip


@pytest.fixture
def summary() -> analysis.ReferralSummary:
    return analysis.summarise(pd.DataFrame(SET, columns=analysis.COLUMNS), start=START, end=END)


def by_key(rows) -> dict:
    return {r.key: r for r in rows}


def test_outcomes_at_the_end(summary):
    assert summary.referrals == 6  # A-F; G came before the year
    assert summary.placed == 3  # A, B, C (F's placement came after 31 March)
    assert summary.not_yet_placed == 2  # E, F
    assert summary.no_suitable_home == 1  # D
    assert summary.unmet == 3


def test_late_unsuitable_and_outside_the_preferred_location(summary):
    # B was needed within 5 days and took 10; A was needed today and placed today; C had no
    # deadline ("in more than 5 days").
    assert summary.late == 1
    assert summary.placed_unsuitable == 1  # B: residential, which was "Unsuitable"
    assert summary.outside_preferred == 1  # B
    assert summary.unregistered == 1  # B


def test_time_to_find_a_home(summary):
    assert summary.median_days == 10.0  # 0, 10, 20
    days = by_key(summary.days_by_type)
    assert (days["Foster"].placed, days["Foster"].median_days, days["Foster"].mean_days) == (
        2,
        10.0,
        10.0,
    )  # fmt: skip  A 0 days, C 20 days
    assert (days["Residential"].placed, days["Residential"].median_days) == (1, 10.0)  # B
    assert (days["Supported Accommodation"].placed,
            days["Supported Accommodation"].median_days) == (0, None)  # fmt: skip
    need = by_key(summary.days_by_need)
    assert (need["siblings"].placed, need["siblings"].median_days) == (1, 20.0)  # C; E waits
    assert (need["solo"].placed, need["solo"].median_days) == (1, 10.0)  # B
    assert need["adaptation"].placed == 0  # E is not placed


def test_referrals_by_need_risk_and_suitability(summary):
    assert {k: r.count for k, r in by_key(summary.by_need).items()} == {
        "communication": 1, "adaptation": 1, "cultural": 0, "solo": 1, "support": 1, "dol": 1,
        "siblings": 2, "none": 2,  # none: A and F
    }  # fmt: skip
    risks = {k: r.count for k, r in by_key(summary.by_risk).items() if r.count}
    assert risks == {
        "risk_self_harm": 1, "risk_missing": 2, "risk_criminal_exploitation": 1,
        "risk_to_others_physical": 1, "risk_to_others_fire": 1,
    }  # fmt: skip
    # None: A, E, F; 1 or 2: C (1), D (2); 3 or more: B (3).
    assert [r.count for r in summary.risk_profiles] == [3, 2, 1]
    suitability = {r.placement_type: r.counts for r in summary.by_suitability}
    assert suitability["Foster"] == {
        "Preferred": 3,
        "Suitable but not preferred": 0,
        "Unsuitable": 0,
        "Not specified": 3,
    }
    assert suitability["Residential"] == {
        "Preferred": 2,
        "Suitable but not preferred": 0,
        "Unsuitable": 1,
        "Not specified": 3,
    }
    assert suitability["Supported Accommodation"]["Preferred"] == 1  # fmt: skip


def test_cost_by_need_and_risk_profile(summary):
    need = by_key(summary.cost_by_need)
    assert (need["solo"].placed, need["solo"].median) == (1, 6000.0)  # B
    assert (need["siblings"].placed, need["siblings"].median) == (1, 1100.0)  # C
    risk = by_key(summary.cost_by_risk)
    assert (risk["Foster:none"].placed, risk["Foster:none"].mean) == (1, 900.0)  # A
    assert risk["Foster:some"].mean == 1100.0  # C
    assert risk["Residential:many"].mean == 6000.0  # B
    assert risk["Residential:none"].placed == 0  # F is placed only after the end


def test_siblings_and_the_needs_each_type_could_not_meet(summary):
    # E and C were to be placed with siblings; of those placed (C), 2 siblings to place, 1
    # placed together, so not all together.
    assert summary.siblings == analysis.Siblings(referrals=2, to_place=2, placed_together=1,
                                                 all_together=0)  # fmt: skip
    types = {t.placement_type: t for t in summary.by_type}
    assert types["Foster"] == analysis.TypeDemand("Foster", 3, 2, 1, 0)  # B went residential
    assert types["Residential"] == analysis.TypeDemand("Residential", 2, 0, 0, 2)  # D, F
    assert types["Supported Accommodation"] == analysis.TypeDemand(
        "Supported Accommodation", 1, 0, 0, 1
    )  # fmt: skip  E


def test_no_referrals():
    summary = analysis.summarise(analysis.empty_frame(), start=START, end=END)
    assert (summary.referrals, summary.placed, summary.median_days) == (0, 0, None)


@pytest.mark.django_db
def test_the_selector_reads_the_councils_referrals(la, other_la, summary):
    for row in SET:
        Referral.objects.create(la=la, **row)
    Referral.objects.create(la=other_la, **SET[0])
    assert selectors.referral_summary(la=la, start=START, end=END) == summary
