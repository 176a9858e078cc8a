"""Cleaning text once per distinct value (placements.cohort.distinct) gives each row what
cleaning every row would: the postcode look-up and the return reader rely on it."""

import numpy as np
import pandas as pd

from placements.cohort import postcodes
from placements.cohort.distinct import mapped_back


def test_postcodes_are_cleaned_per_row_whatever_repeats_and_missing_values():
    raw = pd.Series(
        [" b1 1aa", "B1\t1AA\u00a0", None, np.nan, "", "  ", "sw1a 1aa", " b1 1aa", pd.NA],
        index=[5, 3, 9, 1, 0, 2, 4, 6, 7],
        name="PL_POST",
        dtype=object,
    )
    cleaned = postcodes.normalise_postcode(raw)
    assert cleaned.name == "PL_POST"
    assert cleaned.index.tolist() == [5, 3, 9, 1, 0, 2, 4, 6, 7]
    assert cleaned.dtype == "str"
    assert cleaned.fillna("(missing)").tolist() == [
        "B11AA", "B11AA", "(missing)", "(missing)", "(missing)", "(missing)", "SW1A1AA", "B11AA",
        "(missing)",
    ]  # fmt: skip


def test_no_postcodes():
    assert postcodes.normalise_postcode(pd.Series([], dtype=object)).tolist() == []


def test_changed_distinct_values_go_back_to_every_row_and_missing_rows_get_none():
    values = np.array([" a", "b", None, " a", np.nan, "b"], dtype=object)
    positions, uniques = pd.factorize(values, use_na_sentinel=True)
    changed = [value.strip().upper() for value in uniques]
    assert mapped_back(changed, positions).tolist() == ["A", "B", None, "A", None, "B"]
