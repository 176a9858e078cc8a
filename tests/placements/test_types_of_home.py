"""The one mapping from an SSDA903 episode to the type of home a strategy chapter covers."""

from datetime import date

import pandas as pd
import pytest

from placements.cohort import types_of_home as toh
from placements.cohort.ssda903.codes import code_list

# Every PLACE code in the code lists, with its type of home (PLACE_PROVIDER PR1, LS C2).
EXPECTED = {
    "A3": "adoption", "A4": "adoption", "A5": "adoption", "A6": "adoption",
    "H5": "supported_unregistered", "K1": "secure", "K2": "childrens_home",
    "K3": "supported_registered", "P1": "with_parents", "P2": "independent_living",
    "P3": "other", "R1": "health", "R2": "health", "R3": "parent_child", "R5": "youth_custody",
    "S1": "residential_school",
    "T0": "temporary", "T1": "temporary", "T2": "temporary", "T3": "temporary", "T4": "temporary",
    "U1": "kinship_foster", "U2": "kinship_foster", "U3": "kinship_foster",
    "U4": "inhouse_foster", "U5": "inhouse_foster", "U6": "inhouse_foster",
    "Z1": "other", "Z11": "other", "Z12": "other", "Z13": "other", "Z14": "other",
}  # fmt: skip


def test_every_place_code_has_its_type_of_home():
    codes = set(code_list("PLACE")["code"])
    assert codes == set(EXPECTED)  # a new code in the lists must be given a type here
    for code, expected in EXPECTED.items():
        assert toh.type_of_home(code, "PR1", "C2") == expected, code


@pytest.mark.parametrize("code", ["U4", "U5", "U6"])
@pytest.mark.parametrize("provider", ["PR4", "PR5"])
def test_agency_fostering_is_by_provider(code, provider):
    assert toh.type_of_home(code, provider, "C2") == "agency_foster"


def test_kinship_with_an_agency_stays_kinship():
    assert toh.type_of_home("U1", "PR4", "C2") == "kinship_foster"


@pytest.mark.parametrize("ls", ["V3", "V4", " v3 "])
def test_short_breaks_are_their_own_type_whatever_the_place(ls):
    assert toh.type_of_home("K2", "PR1", ls) == "short_break"


def test_unknown_and_messy_codes():
    assert toh.type_of_home(" k3 ", None, None) == "supported_registered"
    assert toh.type_of_home("XX", None, None) == "other"
    assert toh.type_of_home(None, None, None) == "other"


def test_every_type_belongs_to_a_chapter_or_none():
    chapters = set(toh.CHAPTER_KEYS) | {toh.NOT_A_CHAPTER}
    assert all(t.chapter in chapters for t in toh.TYPES)
    # Each chapter but the care leavers' has at least one type of home.
    covered = {t.chapter for t in toh.TYPES}
    assert set(toh.CHAPTER_KEYS) - covered == {"care_leavers"}


def test_short_break_children_in_the_year():
    raw = pd.DataFrame(
        {
            "CHILD": ["1", "1", "2", "3", "4"],
            "LS": ["V3", "V3", "v4", "C2", "V3"],
            "DECOM": pd.to_datetime(
                ["2024-06-01", "2024-07-01", "2023-01-01", "2024-06-01", "2023-01-01"]
            ),
            "DEC": pd.to_datetime(["2024-06-03", "2024-07-02", None, None, "2024-03-31"]),
        }
    )
    # Year to 31 March 2025 runs from 1 April 2024: child 1 (twice, counted once), child 2
    # (open since 2023); child 3 is not a short break; child 4's break ended 31 March 2024.
    assert toh.short_break_children(raw, on=date(2025, 3, 31)) == 2
