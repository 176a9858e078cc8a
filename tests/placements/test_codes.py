"""Code lists by collection year, code warnings and the placement categories."""

from __future__ import annotations

import pandas as pd
import pytest

from placements.cohort.ssda903 import codes
from placements.cohort.ssda903.codes import (
    CATEGORY_LABELS,
    CODES_DIR,
    PLACEMENT_CATEGORIES,
    code_label,
    code_list,
    place_category,
    placement_category,
    valid_codes,
    validate_codes,
)
from placements.cohort.ssda903.tables import Problem

FIELDS = {
    "PLACE",
    "RNE",
    "LS",
    "REC",
    "PLACE_PROVIDER",
    "SEX",
    "REASON_PLACE_CHANGE",
    "CIN",
    "ETHNIC",
}


def test_code_files_have_the_agreed_columns_and_cover_every_field():
    for path in CODES_DIR.glob("*.csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert list(frame.columns) == [
            "field",
            "code",
            "label",
            "group",
            "first_year",
            "last_year",
        ], path.name
        assert (frame["label"].str.strip() != "").all(), path.name
    assert codes.known_fields() == FIELDS


def test_no_code_is_listed_twice_for_the_same_year():
    every = codes._all_codes()
    for year in range(2015, 2031):
        valid = code_list("PLACE", year)
        assert not valid["code"].duplicated().any(), year
    assert not every.duplicated(["field", "code"]).any()


@pytest.mark.parametrize(
    ("code", "year", "valid"),
    [
        # H5 and P2 were replaced by K3 (supported accommodation) ...
        ("H5", 2020, True),
        ("H5", 2025, True),
        ("H5", 2026, False),
        ("P2", 2025, True),
        ("P2", 2026, False),
        ("K3", 2020, False),
        ("K3", 2025, True),
        ("K3", 2026, True),
        # ... and Z1 was split into Z11-Z14 from 2025-26.
        ("Z1", 2025, True),
        ("Z1", 2026, False),
        ("Z11", 2025, False),
        ("Z14", 2026, True),
        ("U4", 2018, True),
        ("U4", 2030, True),
    ],
)
def test_place_codes_are_versioned_by_collection_year(code, year, valid):
    assert (code in valid_codes("PLACE", year)) is valid


def test_sex_codes_changed_in_2024_25():
    assert valid_codes("SEX", 2024) == {"1", "2"}
    assert valid_codes("SEX", 2025) == {"M", "F", "U"}


def test_other_fields_cover_the_sample_codes():
    assert {"V3", "V4", "C1", "C2", "E1"} <= valid_codes("LS", 2025)
    assert {"X1", "E11", "E4A", "E45"} <= valid_codes("REC", 2025)
    assert valid_codes("PLACE_PROVIDER", 2025) == {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"}
    assert valid_codes("CIN", 2025) == {f"N{i}" for i in range(1, 9)}
    assert {"S", "L", "P", "T", "U", "B"} == valid_codes("RNE", 2025)
    assert len(valid_codes("ETHNIC", 2025)) == 20
    assert "CUSTOD" in valid_codes("REASON_PLACE_CHANGE", 2025)


def test_labels_are_plain_english():
    assert (
        code_label("PLACE", "k2") == "Children's home subject to the Children's Homes Regulations"
    )
    assert code_label("LS", "V3").startswith("Agreed series of short-term breaks")
    assert code_label("PLACE", "Q9") is None


def test_validate_codes_warns_once_per_file_and_code():
    frame = pd.DataFrame(
        {
            "PLACE": pd.Series(["H5", "U1", "H5", None, "Q9", "H5"], dtype="str"),
            "_file": ["a.csv", "a.csv", "a.csv", "a.csv", "a.csv", "b.csv"],
            "_row": [2, 3, 4, 5, 6, 9],
        }
    )
    assert validate_codes(frame, "PLACE", 2026) == [
        Problem(
            "a.csv",
            2,
            "PLACE",
            "H5",
            "unknown PLACE code 'H5' for 2025-26 (2 rows, first on row 2); counted as other",
            "warning",
        ),
        Problem(
            "a.csv",
            6,
            "PLACE",
            "Q9",
            "unknown PLACE code 'Q9' for 2025-26 (1 row, first on row 6); counted as other",
            "warning",
        ),
        Problem(
            "b.csv",
            9,
            "PLACE",
            "H5",
            "unknown PLACE code 'H5' for 2025-26 (1 row, first on row 9); counted as other",
            "warning",
        ),
    ]
    # The same codes in 2019-20 are fine except the one that never existed.
    assert [p.value for p in validate_codes(frame, "PLACE", 2020)] == ["Q9"]
    assert validate_codes(frame.iloc[0:0], "PLACE", 2026) == []


def test_placement_categories_are_the_measures_keys_in_order():
    assert PLACEMENT_CATEGORIES == (
        "kinship_foster",
        "inhouse_foster",
        "ifa_foster",
        "childrens_home",
        "secure",
        "supported_accommodation",
        "residential_school",
        "other_residential",
        "placed_with_parents",
        "placed_for_adoption",
        "temporary",
        "other",
    )
    assert list(CATEGORY_LABELS) == list(PLACEMENT_CATEGORIES)
    assert CATEGORY_LABELS["kinship_foster"] == "Fostering: kinship"
    assert CATEGORY_LABELS["childrens_home"] == "Children's home"


# MEASURES.md "Placement categories", row by row.
CATEGORY_CASES = [
    *[(code, "PR1", "kinship_foster") for code in ("U1", "U2", "U3")],
    *[
        (code, provider, "inhouse_foster")
        for code in ("U4", "U5", "U6")
        for provider in ("PR0", "PR1", "PR2", "PR3", None)
    ],
    *[(code, provider, "ifa_foster") for code in ("U4", "U5", "U6") for provider in ("PR4", "PR5")],
    ("K2", "PR4", "childrens_home"),
    ("K1", "PR1", "secure"),
    *[(code, "PR4", "supported_accommodation") for code in ("H5", "K3", "P2")],
    ("S1", "PR4", "residential_school"),
    *[(code, "PR3", "other_residential") for code in ("R1", "R2", "R3", "R5", "P3")],
    ("P1", "PR0", "placed_with_parents"),
    *[(code, "PR1", "placed_for_adoption") for code in ("A3", "A4", "A5", "A6")],
    *[(code, "PR1", "temporary") for code in ("T0", "T1", "T2", "T3", "T4")],
    *[(code, "PR1", "other") for code in ("Z1", "Z11", "Z12", "Z13", "Z14", "Q9", "R4", None)],
]


@pytest.mark.parametrize(("place", "provider", "category"), CATEGORY_CASES)
def test_place_category(place, provider, category):
    assert place_category(place, provider) == category


def test_placement_category_is_vectorised_and_tolerant():
    place = pd.Series([" u4", "U4", "k2", None, "U5"], index=[10, 11, 12, 13, 14], dtype="str")
    provider = pd.Series(["pr5", None, "PR4", "PR4", " PR4 "], index=place.index, dtype="str")
    result = placement_category(place, provider)
    assert result.index.tolist() == [10, 11, 12, 13, 14]
    assert result.tolist() == [
        "ifa_foster",
        "inhouse_foster",
        "childrens_home",
        "other",
        "ifa_foster",
    ]
    assert set(result) <= set(PLACEMENT_CATEGORIES)


def test_every_place_code_has_a_category():
    for code in code_list("PLACE")["code"]:
        assert place_category(code, "PR1") in PLACEMENT_CATEGORIES
        assert place_category(code, "PR1") != "other" or code.startswith("Z")
