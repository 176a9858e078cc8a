"""Text cleaning by distinct value, shared by the return reader and the postcode look-up."""

from collections.abc import Callable

import pandas as pd


def per_distinct(series: pd.Series, change: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`change` (a pandas string method, which calls Python once per value) applied to each
    distinct value once and mapped back: a column of 300,000 rows holds a few hundred codes,
    dates or postcode districts, and hashing a value costs far less than a Python call.
    Missing values stay missing; the index and name are the series'."""
    positions, uniques = pd.factorize(series.astype("str"), use_na_sentinel=True)
    changed = change(pd.Series(uniques, dtype="str")).array
    result = changed.take(positions, allow_fill=True)
    return pd.Series(result, index=series.index, name=series.name, dtype="str")
