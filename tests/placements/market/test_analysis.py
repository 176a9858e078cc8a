"""Each market figure on small hand-worked frames; the expected numbers are worked out in the
comments."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from placements.market import analysis

D = date(2025, 3, 31)


def providers_frame() -> pd.DataFrame:
    # Five providers: two local children's homes (one ours), a near IFA, a far children's home
    # owned by the same group as H1, and a closed local home that must never count.
    return pd.DataFrame(
        {
            "URN": ["H1", "H2", "F1", "H3", "HX"],
            "NAME": ["Home one", "Home two", "Agency", "Far home", "Closed home"],
            "TYPE": ["childrens_home", "childrens_home", "ifa", "childrens_home", "childrens_home"],
            "SECTOR": ["private", "local_authority", "voluntary", "private", "private"],
            "OWNER": ["Big Group", "Our Council", "", "Big Group", "Other"],
            "PLACES": [4, 3, None, 5, 6],
            "ACTIVE": [True, True, True, True, False],
            "LOCAL": ["in_area", "in_area", "near", "far", "in_area"],
            "IN_HOUSE": [False, True, False, False, False],
            "RATING": ["good", "outstanding", "requires_improvement", "inadequate", "good"],
        }
    )


def placed_frame() -> pd.DataFrame:
    # Seven children: 2 with H1, 1 with H2 (ours), 1 with F1 (IFA), 1 with H3 far away, one
    # with a URN nobody listed, one kinship placement with no URN.
    return pd.DataFrame(
        {
            "CHILD": list("ABCDEFG"),
            "URN": ["H1", "H1", "H2", "F1", "H3", "ZZ9", None],
            "CATEGORY": ["childrens_home", "childrens_home", "childrens_home", "ifa_foster",
                         "childrens_home", "childrens_home", "kinship_foster"],
            "DISTANCE": [3.0, 25.0, 2.0, 12.0, 80.0, np.nan, 1.0],
        }
    )  # fmt: skip


@pytest.fixture
def placed():
    return analysis.placed_with(placed_frame(), providers_frame())


def test_children_by_sector(placed):
    # H1 x2 and H3 are private (3), H2 is the council's (1), F1 voluntary (1); ZZ9 is not in
    # the list and G names no provider.
    assert analysis.by_sector(placed) == {
        "local_authority": 1, "private": 3, "voluntary": 1, "health": 0, "unknown": 0,
        "not_listed": 1, "no_urn": 1,
    }  # fmt: skip


def test_children_by_rating_and_good_or_outstanding_share(placed):
    # Listed: A, B (good), C (outstanding), D (requires improvement), E (inadequate) = 5;
    # Good or Outstanding: 3 of 5 = 60.0%.
    result = analysis.by_rating(placed)
    assert result["ratings"] == {
        "outstanding": 1, "good": 2, "requires_improvement": 1, "inadequate": 1,
        "not_yet_inspected": 0,
    }  # fmt: skip
    assert result["good_or_outstanding"] == {"numerator": 3, "denominator": 5, "percent": 60.0}


def test_rating_at_a_date_comes_from_the_inspection_history():
    providers = pd.DataFrame({"URN": ["P1", "P2", "P3"], "RATING": ["good", "good", "inadequate"]})
    inspections = pd.DataFrame(
        {
            "URN": ["P1", "P1", "P2"],
            "DATE": [date(2023, 5, 1), date(2025, 6, 1), date(2025, 6, 1)],
            "RATING": ["inadequate", "good", "good"],
        }
    )
    # P1: the 2025 inspection is after D, so the 2023 one (inadequate) holds. P2: its only
    # inspection is after D: not yet inspected at D. P3: no dated inspection: as listed.
    assert list(analysis.rating_at(providers, inspections, on=D)) == [
        "inadequate", "not_yet_inspected", "inadequate",
    ]  # fmt: skip


def test_locality_in_area_near_far_and_unknown():
    # Centre at (0, 0); 20 miles = 32,186 m. (30,000, 0) is 18.6 miles: near. (40,000, 0) is
    # 24.9 miles: far. The first is in the council whatever its distance; the last has no place.
    local, miles = analysis.locality(
        pd.Series(["E1", "E2", "E2", "E2"]),
        pd.Series([90000.0, 30000.0, 40000.0, np.nan]),
        pd.Series([0.0, 0.0, 0.0, np.nan]),
        la_code="E1",
        centre=(0.0, 0.0),
    )
    assert list(local) == ["in_area", "near", "far", "unknown"]
    assert list(miles[:3]) == [55.9, 18.6, 24.9]


def test_local_supply_counts_active_local_providers_and_places():
    # Children's homes: H1 (4) and H2 (3) in the area; HX is closed; H3 is far. IFA F1 is near
    # with no published places.
    supply = analysis.local_supply(providers_frame())
    assert supply.to_dict("records") == [
        {"TYPE": "childrens_home", "IN_AREA": 2, "IN_AREA_PLACES": 7, "NEAR": 0, "NEAR_PLACES": 0},
        {"TYPE": "ifa", "IN_AREA": 0, "IN_AREA_PLACES": 0, "NEAR": 1, "NEAR_PLACES": 0},
    ]


def costs_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "URN": ["H1", "H1", "H2", "F1", "H3", "H2"],
            "CATEGORY": ["childrens_home", "childrens_home", "childrens_home", "ifa_foster",
                         "childrens_home", "kinship_foster"],
            # H1's 2023 price ended before D; its 2024 price holds. H3's starts after D.
            "WEEKLY_COST": [5000, 6000, 4000, 1000, 7000, 350],
            "START": [date(2023, 4, 1), date(2024, 4, 1), date(2024, 4, 1), date(2024, 4, 1),
                      date(2025, 4, 1), date(2024, 4, 1)],
            "END": [date(2024, 3, 31), None, None, None, None, None],
        }
    )  # fmt: skip


def test_weekly_costs_in_force_at_the_date(placed):
    costs = analysis.weekly_costs(placed, costs_frame(), on=D, in_house_urns={"H2"})
    # A, B: H1 at £6,000; C: H2 £4,000; D: F1 £1,000; E: H3's cost starts after D; F: not
    # listed and no cost; G names no provider: the council's own (H2) kinship cost, £350.
    assert costs.tolist()[:4] == [6000.0, 6000.0, 4000.0, 1000.0]
    assert np.isnan(costs[4]) and np.isnan(costs[5])
    assert costs[6] == 350.0


def test_cost_summary_by_category_in_house_and_external(placed):
    placed["WEEKLY_COST"] = analysis.weekly_costs(placed, costs_frame(), on=D, in_house_urns={"H2"})
    summary = analysis.cost_summary(placed).set_index(["CATEGORY", "PROVISION"])
    # External children's homes: A, B at £6,000, E and F without a cost: 4 children, 2
    # costed, average 6,000, annual 2 x 6,000 x 52 = £624,000.
    external = summary.loc[("childrens_home", "external")]
    assert (external["CHILDREN"], external["COSTED"]) == (4, 2)
    assert (external["AVERAGE"], external["MINIMUM"], external["MAXIMUM"]) == (6000, 6000, 6000)
    assert external["ANNUAL_SPEND"] == 624000
    # In-house children's home: C at £4,000 = £208,000 a year.
    assert summary.loc[("childrens_home", "in_house"), "ANNUAL_SPEND"] == 208000
    # IFA: D at £1,000 = £52,000. Kinship care is the council's own provision: G at £350.
    assert summary.loc[("ifa_foster", "external"), "ANNUAL_SPEND"] == 52000
    assert summary.loc[("kinship_foster", "in_house"), "ANNUAL_SPEND"] == 350 * 52
    # Ordered as the placement categories: kinship first, then IFA, then children's homes.
    assert list(summary.index.get_level_values(0)) == [
        "kinship_foster",
        "ifa_foster",
        "childrens_home",
        "childrens_home",
    ]


def test_market_concentration(placed):
    placed["WEEKLY_COST"] = analysis.weekly_costs(placed, costs_frame(), on=D)
    result = analysis.concentration(placed, top=1)
    # External listed placements: A, B, E (Big Group), D (the agency, no owner: its name).
    # Big Group has 3 of 4 = 75.0%; spend: Big Group 2 x 6,000 x 52 = 624,000 (E has no
    # cost), agency 52,000; total 676,000; Big Group's share 92.3%.
    assert result["children"] == 4
    assert result["top_children_share"] == 75.0
    assert result["top_spend_share"] == 92.3
    assert result["owners"]["OWNER"].tolist() == ["Big Group", "Agency"]


def test_block_utilisation(placed):
    contracts = pd.DataFrame(
        {
            "ID": [1, 2, 3],
            "URN": ["H1", "H2", "H1"],
            "NAME": ["Home one", "Home two", "Home one"],
            "KIND": ["block", "block", "spot"],
            "CATEGORY": ["childrens_home", "", ""],
            "PLACES": [3, 1, None],
            "START": [date(2024, 4, 1)] * 3,
            "END": [None, date(2024, 12, 31), None],
            "WEEKLY_PRICE": [5500, 4000, 6000],
        }
    )
    blocks = analysis.block_utilisation(contracts, placed, on=D)
    # Only block 1 is in force at D (block 2 ended, 3 is spot): 3 places, 2 children (A, B):
    # 66.7% used, 1 empty place costing 5,500 x 52 = £286,000 a year.
    assert blocks[["ID", "PLACES", "CHILDREN", "UTILISATION", "EMPTY", "EMPTY_COST"]].to_dict(
        "records"
    ) == [{"ID": 1, "PLACES": 3, "CHILDREN": 2, "UTILISATION": 66.7, "EMPTY": 1,
           "EMPTY_COST": 286000.0}]  # fmt: skip


def test_latest_vacancies_within_a_month():
    vacancies = pd.DataFrame(
        {
            "URN": ["H1", "H1", "H2", "F1"],
            "DATE": [date(2025, 3, 1), date(2025, 3, 20), date(2025, 1, 5), date(2025, 4, 2)],
            "PLACES_FREE": [2, 1, 3, 4],
        }
    )
    # H1: its latest report (20 March) says 1; H2's report is too old; F1's is after D.
    assert analysis.latest_vacancies(vacancies, on=D).to_dict() == {"H1": 1}


def test_sufficiency_gap_widest_first(placed):
    vacancies = pd.Series({"H1": 1})
    gap = analysis.sufficiency_gap(placed, providers_frame(), vacancies)
    rows = {r["CATEGORY"]: r for r in gap.to_dict("records")}
    # Children's homes: A, B, C, E, F = 5 children; local places H1 4 + H2 3 = 7 (H3 far, HX
    # closed): gap 5 - 7 = -2. Over 20 miles: B (25) and E (80) = 2. Vacancies at H1: 1.
    assert rows["childrens_home"] == {
        "CATEGORY": "childrens_home", "CHILDREN": 5, "FAR": 2, "LOCAL_PROVIDERS": 2,
        "LOCAL_PLACES": 7, "PLACES_KNOWN": True, "VACANCIES": 1, "GAP": -2,
    }  # fmt: skip
    # IFA: D only; F1 is near but publishes no places: gap 1, not measured, so it comes after.
    assert rows["ifa_foster"]["GAP"] == 1 and not rows["ifa_foster"]["PLACES_KNOWN"]
    assert gap["CATEGORY"].tolist() == ["childrens_home", "ifa_foster"]


def test_gap_orders_by_widest_gap_then_distance():
    providers = providers_frame()
    placed = analysis.placed_with(
        pd.DataFrame(
            {
                "CHILD": list("ABCD"),
                "URN": [None, None, None, None],
                "CATEGORY": ["secure", "secure", "residential_school", "childrens_home"],
                "DISTANCE": [30.0, 5.0, 50.0, 1.0],
            }
        ),
        providers,
    )
    gap = analysis.sufficiency_gap(placed, providers)
    # secure: 2 children, no local secure home at all: gap 2 (1 over 20 miles). Residential
    # school: 1 - 0 = 1. Children's homes: 1 - 7 = -6. The IFA F1 is local but publishes no
    # places: its gap (0 - 0) is not measured and comes last.
    assert gap["CATEGORY"].tolist() == ["secure", "residential_school", "childrens_home",
                                        "ifa_foster"]  # fmt: skip
    assert gap["GAP"].tolist() == [2, 1, -6, 0]
    assert gap.loc[0, "FAR"] == 1
