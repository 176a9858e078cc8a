"""Text cleaning by distinct value, shared by the return reader and the postcode look-up.

A column of 300,000 rows holds a few hundred codes, dates or postcode districts, and hashing a
value costs far less than a Python call: each distinct value is cleaned once and mapped back.
"""

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd


def per_distinct(series: pd.Series, change: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`change` (a pandas string method, which calls Python once per value) applied to each
    distinct value once and mapped back. Missing values stay missing; the index and name are
    the series'."""
    positions, uniques = distinct_values(series)
    changed = change(uniques).to_numpy(dtype=object)
    return pd.Series(
        mapped_back(changed, positions), index=series.index, name=series.name, dtype="str"
    )


def distinct_values(series: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """pandas.factorize of the values as text: each row's position among the distinct values
    (-1 where missing), and the distinct values."""
    # Factorized as Python objects: pandas hashes its "str" arrays at half the speed.
    positions, uniques = pd.factorize(
        series.astype("str").to_numpy(dtype=object), use_na_sentinel=True
    )
    return positions, pd.Series(uniques, dtype="str")


def blank_as_missing(cleaned: pd.Series) -> pd.Series:
    """The cleaned values with "" as missing: a blank code or postcode is no value."""
    return cleaned.mask(cleaned == "")


def mapped_back(changed: Iterable[object], positions: np.ndarray) -> np.ndarray:
    """The changed distinct values given to the rows, as an object array: `positions` are
    pandas.factorize's, -1 for a missing value, which indexes the None put last."""
    return np.array([*changed, None], dtype=object)[positions]
