"""Demo referrals to the Placements Data Standard, shaped like the pilots': a few hundred a year
for a council of about 700 children in care, one for most new placements in the demo cohort
(foster, residential and supported accommodation), plus referrals that found no home.

Each placed referral is the child's real episode in the demo returns: the child's CHILD (or, for
one in ten, a case-management ID mapped to it), the episode's start as the placement date and
its URN as the provider, so the referrals meet the cohort and the market. Needs, risks and
costs are invented with the weights below; a residential referral carries more risk and costs
more, as in the pilots. Idempotent: a council that already has referrals is left alone, so
running setup_demo again never touches what users recorded.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from placements.cohort import measures
from placements.cohort.selectors import imported_table
from placements.market.models import Cost, Provider
from placements.referrals import standard as std
from placements.referrals.models import ChildLink, Referral
from sufficiency.calendar import collection_year_start
from sufficiency.councils import LocalAuthority

SEED = 19
NEW_PLACEMENT = ("S", "P", "B")  # RNE: started care, changed placement, or both
TYPES = {
    "inhouse_foster": "Foster", "ifa_foster": "Foster",
    "childrens_home": "Residential", "secure": "Residential", "other_residential": "Residential",
    "supported_accommodation": "Supported Accommodation",
}  # fmt: skip
SHARE_REFERRED = 0.6  # new placements with a referral recorded (the pilots' coverage)
TYPICAL_COST = {"inhouse_foster": 480, "ifa_foster": 1050, "childrens_home": 6200, "secure": 7500,
                "other_residential": 5200, "supported_accommodation": 1900}  # fmt: skip
RISK_ODDS = {"Foster": 0.08, "Residential": 0.35, "Supported Accommodation": 0.2}
OFFICERS = ("A. Patel", "J. Morgan", "S. Hughes", "K. Owusu", "R. Clarke")


def _episodes(la: LocalAuthority) -> pd.DataFrame:
    columns = ["CHILD", "DECOM", "PLACE", "PLACE_PROVIDER", "URN", "PL_POST"]
    episodes = imported_table(la=la, table="Episodes", columns=[*columns, "RNE", "YEAR"])
    frame = episodes.loc[episodes["RNE"].isin(list(NEW_PLACEMENT)), columns]
    if frame.empty:
        return frame.assign(CATEGORY=[])
    frame["DECOM"] = frame["DECOM"].dt.date
    # A return holds every episode open in its year, so one running over 31 March is twice.
    frame = frame.drop_duplicates(["CHILD", "DECOM"]).reset_index(drop=True)
    # Referrals began with the first return loaded: none for placements made before it.
    first_year = int(episodes["YEAR"].min())
    frame = frame[frame["DECOM"] >= collection_year_start(first_year)]
    frame["CATEGORY"] = measures.placement_category(frame["PLACE"], frame["PLACE_PROVIDER"])
    return frame[frame["CATEGORY"].isin(list(TYPES))].reset_index(drop=True)


def _costs(la: LocalAuthority) -> dict[str, Decimal]:
    costs: dict[str, Decimal] = {}
    for urn, weekly in Cost.objects.filter(la=la).values_list("provider__urn", "weekly_cost"):
        costs.setdefault(urn, weekly)
    return costs


def _suitability(r: random.Random, kind: str) -> dict[str, str]:
    values = {}
    for other, attr in std.SUITABILITY_BY_TYPE.items():
        if other == kind:
            values[attr] = r.choices(["Preferred", "Suitable but not preferred"], [85, 15])[0]
        else:
            values[attr] = r.choices(["Suitable but not preferred", "Unsuitable", "Not specified"],
                                     [35, 40, 25])[0]  # fmt: skip
    return values


def _referral(r: random.Random, kind: str, referral_date: date, child: str) -> dict:
    odds = RISK_ODDS[kind]
    values = {
        "child_id": child,
        "referral_date": referral_date,
        "needed_by": r.choices(list(std.NeededBy.values), [30, 35, 35])[0],
        "sibling_count": r.choices([0, 1, 2, 3], [78, 14, 6, 2])[0],
        "preferred_location_local": r.random() < 0.8,
        "communication_needs": r.choices(["Y", "N", "Not Specified"], [22, 70, 8])[0],
        "home_adaptation": r.random() < 0.04,
        "cultural_needs": r.choices(list(std.CulturalNeeds.values), [18, 62, 17, 3])[0],
        "living_companions": r.choices(
            list(std.LivingCompanions.values),
            [40 if kind == "Residential" else 8, 20, 10, 12, 40],
        )[0],
        "pets": r.choices(list(std.Pets.values), [3, 60, 12, 25])[0],
        "additional_support": r.choices(list(std.AdditionalSupport.values), [10, 14, 4, 6, 66, 0])[
            0
        ],  # fmt: skip
        "deprivation_of_liberty": r.random() < (0.05 if kind == "Residential" else 0.005),
        "referral_officer_name": r.choice(OFFICERS),
        **_suitability(r, kind),
    }
    values["specific_communication_requirements"] = (
        [r.choices(["ESOL", "BSL", "Makaton", "Other"], [50, 10, 25, 15])[0]]
        if values["communication_needs"] == "Y" else ["None"]
    )  # fmt: skip
    if not values["preferred_location_local"]:
        values["out_of_la_reason"] = r.choice(list(std.OutOfLAReason.values))
    for f in std.RISKS:
        values[f.attr] = std.RISK_PRESENT if r.random() < odds else std.NO_KNOWN_RISK
    return values


def _lead_days(r: random.Random, needed_by: str) -> int:
    """Days from referral to placement: mostly on time, sometimes late, as in the pilots."""
    if needed_by == "Today":
        return r.choices([0, 1, 2, 5], [70, 15, 10, 5])[0]
    if needed_by == "in less than 5 days":
        return r.choices([1, 2, 3, 4, 7, 14], [20, 25, 20, 15, 12, 8])[0]
    return r.randint(6, 45)


def build(la: LocalAuthority) -> tuple[list[Referral], list[ChildLink]]:
    r = random.Random(SEED)
    episodes = _episodes(la)
    costs = _costs(la)
    if episodes.empty:
        return [], []
    referrals: list[Referral] = []
    links: dict[str, ChildLink] = {}
    seen: set[tuple[str, date]] = set()
    last = max(episodes["DECOM"])

    def child_id(child: str) -> str:
        if int("".join(c for c in child if c.isdigit()) or 0) % 10 == 3:
            links.setdefault(child, ChildLink(la=la, child_id=f"CMS{child}", ssda903_child=child))
            return f"CMS{child}"
        return child

    providers = dict(Provider.objects.values_list("urn", "id"))
    for row in episodes.itertuples(index=False):
        if r.random() > SHARE_REFERRED or not row.URN:
            continue
        kind = TYPES[row.CATEGORY]
        values = _referral(r, kind, row.DECOM, child_id(str(row.CHILD)))
        lead = _lead_days(r, values["needed_by"])
        values["referral_date"] = row.DECOM - timedelta(days=lead)
        key = (values["child_id"], values["referral_date"])
        if key in seen:
            continue
        seen.add(key)
        unregistered = kind == "Residential" and r.random() < 0.04
        base = costs.get(row.URN) or Decimal(TYPICAL_COST[row.CATEGORY])
        risks = sum(values[f.attr] == std.RISK_PRESENT for f in std.RISKS)
        cost = (Decimal(base) * Decimal(1 + 0.06 * risks + r.uniform(-0.1, 0.15))).quantize(
            Decimal("1")
        )
        if kind == "Residential" and r.random() < 0.1:
            # A child the social worker wanted in a family, placed in the one home found.
            values.update(foster_care_suitability="Preferred",
                          residential_care_suitability="Unsuitable")  # fmt: skip
        values.update(
            outcome=std.PLACED, outcome_date=row.DECOM, placement_type=kind,
            placement_date=row.DECOM, provider_urn=std.UNREGISTERED if unregistered else row.URN,
            provider_id=None if unregistered else providers.get(row.URN),
            placement_location=(row.PL_POST or "").split(" ")[0][:4],
            total_weekly_cost=cost * (Decimal("2.2") if unregistered else 1),
            preferability_location=r.random() < 0.78, education_continuity=r.random() < 0.85,
            siblings_placed_together=min(values["sibling_count"], r.choice([0, 1, 2, 3])),
            placement_officer_name=values["referral_officer_name"],
            cost_officer_name=r.choice(OFFICERS), cost_date=row.DECOM + timedelta(days=7),
        )  # fmt: skip
        referrals.append(Referral(la=la, source="demo", **values))
        # Some referrals find no home: about one in twenty, and those still open at the end.
        if r.random() < 0.05:
            kind = r.choice(["Residential", "Residential", "Foster", "Supported Accommodation"])
            when = row.DECOM - timedelta(days=r.randint(20, 60))
            extra = _referral(r, kind, when, values["child_id"])
            if (extra["child_id"], when) not in seen:
                seen.add((extra["child_id"], when))
                extra.update(outcome=std.NO_SUITABLE_HOME,
                             outcome_date=when + timedelta(days=r.randint(5, 20)))  # fmt: skip
                referrals.append(Referral(la=la, source="demo", **extra))
    for offset in range(1, 9):
        kind = r.choice(list(std.SUITABILITY_BY_TYPE))
        when = last - timedelta(days=offset * 2)
        child = str(episodes["CHILD"].iloc[r.randrange(len(episodes))])
        values = _referral(r, kind, when, child_id(child))
        if (values["child_id"], when) not in seen:
            seen.add((values["child_id"], when))
            referrals.append(Referral(la=la, source="demo", **values))
    return referrals, list(links.values())


@transaction.atomic
def load_demo(*, la: LocalAuthority, stdout=None) -> None:
    if Referral.objects.filter(la=la).exists():
        if stdout is not None:
            stdout.write("Referrals: kept the council's own (already recorded)")
        return
    referrals, links = build(la)
    bulk_create_with_history(referrals, Referral, batch_size=500)
    ChildLink.objects.bulk_create(links, ignore_conflicts=True)
    if stdout is not None:
        stdout.write(f"Referrals: {len(referrals)} to the Placements Data Standard")
