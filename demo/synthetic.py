"""Synthetic SSDA903 returns: several years of realistic, internally consistent data.

The generator simulates children's care journeys day by day on one timeline, then slices
the timeline into yearly returns exactly as councils submit them: each collection year's
return holds every episode open at any time from 1 April to 31 March; an episode still open
on 31 March appears open (DEC blank) and appears again, closed, in the next return. A few
of those carried-over episodes differ between the two returns (the later return corrects a
provider, URN, postcode or category of need), so the merge rule is exercised.

What it models, calibrated on England's published figures for a mid-sized council (the
default: ~2,000 children over six years, ~700-750 looked after on each 31 March, ~80 per
10,000; `bench/bench_synthetic_sizes.py` prints the figures the product computes from it):

- entries at a steady rate (~30% of the children looked after each year), ages peaking
  under 1 and at 13-16, ~56% boys among those looked after, an ethnic mix led by White
  British, and unaccompanied asylum-seeking children (~7%, mostly boys of 16-17; their UASC
  row ceases on the 18th birthday);
- a pathway per period of care (short stay, return home, adoption, special guardianship,
  long-term care to 18, leaving at 16-17, remand, transfers) that sets the length of stay
  and the reason it ends; some children come back into care later;
- legal statuses changing on the way (police protection to interim care order to full care
  order, placement orders), placement moves with reasons, placement-status changes with the
  same carer (short-term to long-term fostering, fostering-for-adoption to adoption),
  temporary placements followed by a return to the same carer, short breaks (V3/V4);
- a placement mix like England's, providers from a fixed pool of URNs (`PROVIDERS`), real
  postcodes at home and placement addresses (most in the council's district, some in
  neighbouring districts, some more than 20 miles away), missing episodes, reviews, care
  leavers' outcomes (OC3), adoption details (AD1, PlacedAdoption);
- the coding of each year: SEX 1/2 until 2023-24 and M/F after, H5/P2 until 2023-24 and K3
  after, Z1 until 2024-25 and Z11-Z14 after (read from fixtures/codes when present).

Everything is deterministic for a seed. Period-level draws are vectorised with numpy; the
episodes of each period of care come from a small per-period Python routine (fast enough
for 100,000 children; see bench/bench_synthetic_sizes.py).
"""

from __future__ import annotations

import bisect
import functools
import math
import random
import string
import xml.sax.saxutils as saxutils
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from placements.cohort import postcodes
from placements.cohort.ssda903.tables import TABLES

__all__ = [
    "COLUMNS",
    "DEFAULT_LA",
    "ENGLAND",
    "FILE_NAMES",
    "NEIGHBOURS",
    "POPULATION_PER_CHILD",
    "PROVIDERS",
    "PROVIDER_URNS",
    "Provider",
    "Simulation",
    "generate",
    "implied_population",
    "provider_locations",
    "simulate",
    "write_returns",
]

# --------------------------------------------------------------------------- 903 layout

# The tables written, with the reader's own column lists: what is written is what is read.
COLUMNS: dict[str, tuple[str, ...]] = {
    name: TABLES[name].columns
    for name in ("Header", "Episodes", "UASC", "OC3", "Missing", "AD1", "PlacedAdoption", "Reviews")
}

FILE_NAMES: dict[str, str] = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "UASC": "uasc.csv",
    "OC3": "oc3.csv",
    "Missing": "missing.csv",
    "AD1": "ad1.csv",
    "PlacedAdoption": "placed_adoption.csv",
    "Reviews": "reviews.csv",
}

DEFAULT_LA = "E08000031"  # City of Wolverhampton
ENGLAND = "E92000001"
# A mid-sized council generating ~2,000 children over six years looks after ~750 at a time;
# 45 residents aged 0-17 per generated child puts that at ~85 per 10,000 (England: 67).
POPULATION_PER_CHILD = 45

# Where placements away from home go, for councils we know: (neighbouring districts, districts
# further away). Others get neighbours and far districts by distance alone.
NEIGHBOURS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "E08000031": (
        (
            "E08000027",  # Dudley
            "E08000028",  # Sandwell
            "E08000030",  # Walsall
            "E07000196",  # South Staffordshire
            "E08000025",  # Birmingham
            "E08000029",  # Solihull
            "E06000020",  # Telford and Wrekin
            "E07000192",  # Cannock Chase
            "E07000194",  # Lichfield
        ),
        (
            "E06000021",  # Stoke-on-Trent
            "E08000003",  # Manchester
            "E06000018",  # Nottingham
            "E07000234",  # Bromsgrove
            "E06000051",  # Shropshire
            "E06000019",  # Herefordshire
            "E06000015",  # Derby
            "E07000237",  # Worcester
        ),
    ),
}
# First letters of the postcodes of those districts (and the council's own): a council run
# then reads only these parts of the postcode directory. Others read it all.
_AREA_LETTERS: dict[str, str] = {"E08000031": "BDHMNSTW"}
NEAR_MILES = 15.0  # a neighbouring placement is at most this far from the district's centre
FAR_MIN_MILES = 24.0  # a far placement at least this (so > 20 miles from any home in it)
FAR_MAX_MILES = 75.0
_METRES_PER_MILE = 1609.3

# --------------------------------------------------------------------------- providers


@dataclass(frozen=True)
class Provider:
    """One provider in the fixed pool the synthetic returns place children with.

    `kind` is one of childrens_home, ifa, supported_accommodation, secure_childrens_home,
    residential_school, parent_and_child. `band` says where a fixed-site provider sits for
    the council (local, near, far); agencies (IFAs, supported accommodation) place children
    at many addresses, so their band is "agency".
    """

    urn: str
    kind: str
    name: str
    place_provider: str
    place: str
    band: str


def _providers() -> tuple[Provider, ...]:
    urns = [
        6045788, 4094959, 7591061, 4178887, 5195166, 5962232, 8065828, 1175579, 8117363,
        7146642, 8840476, 2856735, 7719427, 2374860, 4646291, 8323428, 2288959, 2162679,
        4249467, 6527580, 4050127, 1210917, 2510414, 5181863, 1678471, 4662353, 8878226,
        6771174, 4627854, 9962607, 9658330, 9284870, 8471302, 2038442, 4407604, 8249606,
        1706801, 1608364, 8881709, 7290276, 6222302, 2383142, 1894521, 1420708, 2389125,
        6728070, 3333265, 7648758, 5671942, 7612275, 5871742, 3656680, 5232901, 7642965,
        7143742, 7143008, 3545764, 5498665, 5975801, 5016056,
    ]  # fmt: skip
    # (kind, name, PLACE_PROVIDER, PLACE, band)
    specs: list[tuple[str, str, str, str, str]] = [
        # Children's homes: the council's own (local), then private and voluntary ones, more
        # of them far away than near, as in most councils.
        ("childrens_home", "Oakfield House", "PR1", "K2", "local"),
        ("childrens_home", "Beechwood Lodge", "PR1", "K2", "local"),
        ("childrens_home", "Willow Court", "PR1", "K2", "local"),
        ("childrens_home", "Ashgrove House", "PR1", "K2", "local"),
        ("childrens_home", "Elm Tree Short Breaks", "PR1", "K2", "local"),
        ("childrens_home", "Hollybank", "PR4", "K2", "local"),
        ("childrens_home", "Maple House", "PR4", "K2", "local"),
        ("childrens_home", "Rowan Lodge", "PR4", "K2", "local"),
        ("childrens_home", "Cedar View", "PR5", "K2", "local"),
        ("childrens_home", "Larkspur House", "PR4", "K2", "near"),
        ("childrens_home", "Birchfield House", "PR4", "K2", "near"),
        ("childrens_home", "Heather Lodge", "PR4", "K2", "near"),
        ("childrens_home", "Meadowside", "PR4", "K2", "near"),
        ("childrens_home", "Fernleigh", "PR4", "K2", "near"),
        ("childrens_home", "The Laurels", "PR5", "K2", "near"),
        ("childrens_home", "Hawthorn House", "PR4", "K2", "near"),
        ("childrens_home", "Primrose Lodge", "PR4", "K2", "near"),
        ("childrens_home", "Brookside House", "PR4", "K2", "near"),
        ("childrens_home", "Kingfisher Lodge", "PR4", "K2", "near"),
        ("childrens_home", "Juniper House", "PR4", "K2", "far"),
        ("childrens_home", "Foxglove Cottage", "PR4", "K2", "far"),
        ("childrens_home", "Orchard House", "PR5", "K2", "far"),
        ("childrens_home", "Riverside Lodge", "PR4", "K2", "far"),
        ("childrens_home", "Chestnut House", "PR4", "K2", "far"),
        ("childrens_home", "Sycamore Lodge", "PR4", "K2", "far"),
        ("childrens_home", "Highfield House", "PR4", "K2", "far"),
        ("childrens_home", "Bluebell Lodge", "PR5", "K2", "far"),
        ("childrens_home", "Woodlands", "PR4", "K2", "far"),
        ("childrens_home", "Millbrook House", "PR4", "K2", "far"),
        ("childrens_home", "Poplar Lodge", "PR4", "K2", "far"),
        # Independent fostering agencies.
        ("ifa", "Brightpath Fostering", "PR4", "U4", "agency"),
        ("ifa", "Harbour Family Care", "PR4", "U4", "agency"),
        ("ifa", "Northstar Fostering", "PR4", "U4", "agency"),
        ("ifa", "Keystone Foster Families", "PR4", "U4", "agency"),
        ("ifa", "Evergreen Fostering", "PR4", "U4", "agency"),
        ("ifa", "Beacon Family Placements", "PR4", "U4", "agency"),
        ("ifa", "Horizon Foster Care", "PR4", "U4", "agency"),
        ("ifa", "Lantern Fostering", "PR4", "U4", "agency"),
        ("ifa", "Summit Family Care", "PR4", "U4", "agency"),
        ("ifa", "Meridian Fostering", "PR4", "U4", "agency"),
        ("ifa", "Open Door Fostering Trust", "PR5", "U4", "agency"),
        ("ifa", "Hearth Fostering Charity", "PR5", "U4", "agency"),
        # Supported accommodation for 16- and 17-year-olds.
        ("supported_accommodation", "Pathways Supported Living", "PR4", "K3", "agency"),
        ("supported_accommodation", "Stepping Stones Housing", "PR4", "K3", "agency"),
        ("supported_accommodation", "Next Steps Accommodation", "PR4", "K3", "agency"),
        ("supported_accommodation", "Bridge House Supported Living", "PR4", "K3", "agency"),
        ("supported_accommodation", "Foundations Youth Housing", "PR4", "K3", "agency"),
        ("supported_accommodation", "Launchpad Supported Housing", "PR4", "K3", "agency"),
        ("supported_accommodation", "Springboard Living", "PR4", "K3", "agency"),
        ("supported_accommodation", "Cornerstone Youth Trust", "PR5", "K3", "agency"),
        ("supported_accommodation", "Keyring Lodgings", "PR5", "K3", "agency"),
        ("supported_accommodation", "Council Supported Lodgings", "PR1", "K3", "agency"),
        # Secure children's homes (run by other councils), residential schools, and parent
        # and child assessment units.
        ("secure_childrens_home", "Redwood Secure Children's Home", "PR2", "K1", "far"),
        ("secure_childrens_home", "Hillcrest Secure Unit", "PR2", "K1", "far"),
        ("secure_childrens_home", "Greystone Secure Centre", "PR2", "K1", "near"),
        ("residential_school", "Ashdown Residential School", "PR4", "S1", "far"),
        ("residential_school", "Fairmead School", "PR5", "S1", "near"),
        ("residential_school", "Longmoor College", "PR4", "S1", "far"),
        ("parent_and_child", "Nest Parent and Child Centre", "PR4", "R3", "near"),
        ("parent_and_child", "Hope Family Assessment Centre", "PR1", "R3", "local"),
    ]
    return tuple(
        Provider(str(urn), kind, name, pp, place, band)
        for urn, (kind, name, pp, place, band) in zip(urns, specs, strict=True)
    )


PROVIDERS: tuple[Provider, ...] = _providers()
# URN -> kind: what a provider-market demo needs to build providers matching the returns.
PROVIDER_URNS: dict[str, str] = {p.urn: p.kind for p in PROVIDERS}
URN_PLACEHOLDER = "XXXXXXX"  # DfE's placeholder where a placement has no Ofsted URN

# --------------------------------------------------------------------------- code switches


def _first_year_of(field_name: str, code: str, default: int) -> int:
    """The collection year a code was introduced, from fixtures/codes if they are there."""
    try:
        from placements.cohort.ssda903 import codes as code_lists

        rows = code_lists.code_list(field_name)
    except (ImportError, OSError, ValueError):
        return default
    match = rows.loc[rows["code"] == code, "first_year"].dropna()
    return int(match.iloc[0]) if len(match) else default


@dataclass(frozen=True)
class _Coding:
    sex_mf_from: int  # SEX as M/F from this collection year (1/2 before)
    k3_from: int  # H5 and P2 become K3
    z1x_from: int  # Z1 becomes Z11-Z14

    @classmethod
    def load(cls) -> _Coding:
        return cls(
            sex_mf_from=_first_year_of("SEX", "M", 2025),
            k3_from=_first_year_of("PLACE", "K3", 2025),
            z1x_from=_first_year_of("PLACE", "Z11", 2026),
        )


# --------------------------------------------------------------------------- dates

_NO_DATE = np.int64(-(10**9))  # "no date" in the int-day arrays
_EPOCH_YEAR = 1970


def _day(year: int, month: int, day: int) -> int:
    return int(np.datetime64(f"{year:04d}-{month:02d}-{day:02d}", "D").astype(np.int64))


def _year_bounds(year: int) -> tuple[int, int]:
    """First and last day (int days) of collection year `year` (2025: 1/4/2024-31/3/2025)."""
    return _day(year - 1, 4, 1), _day(year, 3, 31)


def _add_years(days: np.ndarray, years: int | np.ndarray) -> np.ndarray:
    """The same calendar date `years` later; 29 February becomes 1 March in other years."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    y = months.astype(np.int64) // 12 + _EPOCH_YEAR
    m = months.astype(np.int64) % 12 + 1
    dd = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    ny = y + np.asarray(years, dtype=np.int64)
    leap = (ny % 4 == 0) & ((ny % 100 != 0) | (ny % 400 == 0))
    fix = (m == 2) & (dd == 29) & ~leap
    m = np.where(fix, 3, m)
    dd = np.where(fix, 1, dd)
    first = ((ny - _EPOCH_YEAR) * 12 + (m - 1)).astype("datetime64[M]").astype("datetime64[D]")
    return first.astype(np.int64) + dd - 1


def _age_at(dob: np.ndarray, on: np.ndarray | int) -> np.ndarray:
    """Completed years at `on` (vectorised, the MEASURES.md convention)."""
    dob_d = np.asarray(dob, dtype=np.int64).astype("datetime64[D]")
    on_d = np.broadcast_to(np.asarray(on, dtype=np.int64), dob_d.shape).astype("datetime64[D]")

    def parts(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        months = d.astype("datetime64[M]")
        year = months.astype(np.int64) // 12 + _EPOCH_YEAR
        month_day = (months.astype(np.int64) % 12 + 1) * 100 + (
            (d - months.astype("datetime64[D]")).astype(np.int64) + 1
        )
        return year, month_day

    dob_year, dob_md = parts(dob_d)
    on_year, on_md = parts(on_d)
    return on_year - dob_year - (on_md < dob_md).astype(np.int64)


def _format_dates(days: np.ndarray, iso: bool = False) -> np.ndarray:
    """Int days to "DD/MM/YYYY" strings (or "YYYY-MM-DD"); _NO_DATE becomes ""."""
    days = np.asarray(days, dtype=np.int64)
    out = np.full(days.shape, "", dtype=object)
    has = days != _NO_DATE
    if not has.any():
        return out
    unique, inverse = np.unique(days[has], return_inverse=True)
    text = np.datetime_as_string(unique.astype("datetime64[D]"), unit="D")
    if not iso:
        text = np.array([f"{t[8:10]}/{t[5:7]}/{t[0:4]}" for t in text], dtype=object)
    out[has] = np.asarray(text, dtype=object)[inverse]
    return out


# --------------------------------------------------------------------------- postcodes


class _Postcodes:
    """Real postcodes by band (local, near, far) around each home district.

    `sample` returns a position in `self._names` (compact postcodes, no space); `written`
    turns positions into "WV1 1AA" form at the end. In council mode there is one home area,
    found by scanning the directory letter by letter (no 2.7-million-row concatenation); in
    national mode (districts=None) every English district is a home area, with neighbours
    and far districts found from district centres.
    """

    def __init__(self, la_code: str, home_districts: Sequence[str] | None) -> None:
        self.national = home_districts is None
        if home_districts is None:
            self._init_national()
        else:
            self._init_council(la_code, list(home_districts))

    def _init_national(self) -> None:
        frame = postcodes.postcode_frame()
        has_xy = frame["easting"].notna().to_numpy()
        categories = frame["laua"].cat.categories
        codes = frame["laua"].cat.codes.to_numpy()
        east = frame["easting"].to_numpy(dtype="float64")
        north = frame["northing"].to_numpy(dtype="float64")
        english = np.array([str(c).startswith(("E06", "E07", "E08", "E09")) for c in categories])
        usable = has_xy & (codes >= 0) & english[np.clip(codes, 0, None)]
        idx = np.flatnonzero(usable)
        order = idx[np.argsort(codes[idx], kind="stable")]
        district_codes, starts, counts = np.unique(
            codes[order], return_index=True, return_counts=True
        )
        self.district_names = [str(categories[c]) for c in district_codes]
        self._names = frame["postcode_nospace"]
        self._order, self._starts, self._counts = order, starts, counts
        cx = np.add.reduceat(east[order], starts) / counts
        cy = np.add.reduceat(north[order], starts) / counts
        miles = np.hypot(cx[:, None] - cx[None, :], cy[:, None] - cy[None, :]) / _METRES_PER_MILE
        self._near: list[np.ndarray] = []
        self._far: list[np.ndarray] = []
        for d in range(len(district_codes)):
            row = miles[d]
            near = np.flatnonzero((row <= NEAR_MILES) & (np.arange(len(row)) != d))
            if len(near) == 0:
                near = np.argsort(row)[1:4]
            # District centres, not addresses: keep far districts clearly beyond 20 miles.
            far = np.flatnonzero((row >= FAR_MIN_MILES + 6) & (row <= 80))
            if len(far) == 0:
                far = np.argsort(np.where(row >= FAR_MIN_MILES + 6, row, np.inf))[:5]
            self._near.append(near)
            self._far.append(far)
        self.home_weights = counts / counts.sum()

    def _init_council(self, la_code: str, homes: list[str]) -> None:
        self._names, self._pools = _council_pools(la_code, tuple(homes))
        self.district_names = homes[:1]
        self.home_weights = np.array([1.0])

    def sample(self, district: int, band: str, r: random.Random) -> int:
        """One postcode (a position in the names) in `band` around home `district`."""
        if not self.national:
            pool = self._pools[band]
            return int(pool[int(r.random() * len(pool))])
        if band == "local":
            d = district
        else:
            choices = self._near[district] if band == "near" else self._far[district]
            d = int(choices[int(r.random() * len(choices))])
        return int(self._order[self._starts[d] + int(r.random() * self._counts[d])])

    def written(self, positions: np.ndarray) -> np.ndarray:
        """Positions (-1 for blank) to written postcodes ("" for blank)."""
        positions = np.asarray(positions, dtype=np.int64)
        out = np.full(positions.shape, "", dtype=object)
        has = positions >= 0
        if not has.any():
            return out
        unique, inverse = np.unique(positions[has], return_inverse=True)
        compact = self._names.iloc[unique].to_numpy(dtype=object)
        text = np.array([f"{p[:-3]} {p[-3:]}" for p in compact], dtype=object)
        out[has] = text[inverse]
        return out


@functools.cache
def _council_pools(la_code: str, homes: tuple[str, ...]) -> tuple[pd.Series, dict[str, np.ndarray]]:
    """Postcodes in the home districts, near them (<= NEAR_MILES from their centre) and far.

    Returns the compact postcodes and, per band, the positions of its pool among them.
    Computed once per council and process.
    """
    near_list, far_list = NEIGHBOURS.get(la_code, ((), ()))
    known = homes == (la_code,) and la_code in _AREA_LETTERS
    tables = _directory_parts(_AREA_LETTERS[la_code] if known else string.ascii_uppercase)
    # Pass 1: the home districts' postcodes and their centre.
    home_parts = []
    for table in tables:
        mask = table["laua"].isin(homes).to_numpy() & table["easting"].notna().to_numpy()
        if mask.any():
            home_parts.append(table[mask])
    if not home_parts:
        raise ValueError(
            f"No postcodes found in districts {homes}: pass the council's local authority "
            "district codes (e.g. E08000031) with districts=[...]"
        )
    home = pd.concat(home_parts, ignore_index=True)
    cx, cy = home["easting"].mean(), home["northing"].mean()
    # Pass 2: neighbouring and far postcodes by distance from that centre (and, for
    # councils we know, in the districts named for them).
    pools: dict[str, list[np.ndarray]] = {"near": [], "far": [], "near_any": [], "far_any": []}
    for table in tables:
        east = table["easting"].to_numpy(dtype="float64")
        north = table["northing"].to_numpy(dtype="float64")
        with np.errstate(invalid="ignore"):
            miles = np.hypot(east - cx, north - cy) / _METRES_PER_MILE
        other = ~table["laua"].isin(homes).to_numpy() & ~np.isnan(miles)
        near = other & (miles <= NEAR_MILES)
        far = other & (miles >= FAR_MIN_MILES) & (miles <= FAR_MAX_MILES)
        names = table["postcode_nospace"].to_numpy(dtype=object)
        pools["near_any"].append(names[near])
        pools["far_any"].append(names[far])
        if near_list:
            pools["near"].append(names[near & table["laua"].isin(near_list).to_numpy()])
        if far_list:
            pools["far"].append(names[far & table["laua"].isin(far_list).to_numpy()])
    local = home["postcode_nospace"].to_numpy(dtype=object)
    chosen = {"local": local}
    for band in ("near", "far"):
        named = np.concatenate(pools[band]) if pools[band] else np.empty(0, dtype=object)
        chosen[band] = named if len(named) >= 50 else np.concatenate(pools[band + "_any"])
    names = np.concatenate([chosen["local"], chosen["near"], chosen["far"]])
    offsets = np.cumsum([0, len(chosen["local"]), len(chosen["near"])])
    positions = {
        band: np.arange(offsets[i], offsets[i] + len(chosen[band]))
        for i, band in enumerate(("local", "near", "far"))
    }
    return pd.Series(names, dtype="str"), positions


def _directory_parts(letters: str) -> list[pd.DataFrame]:
    """The postcodes starting with `letters` as a few frames (postcode_nospace, easting,
    northing, laua).

    Uses the postcodes module's per-letter tables (each loaded once per process, no
    concatenation), not the whole directory, which takes a second longer to load.
    """
    parts = [postcodes.letter_table(letter) for letter in letters]
    return [part for part in parts if len(part)]


def _fixed_site_postcodes(sampler: _Postcodes, seed: int) -> dict[str, int]:
    """Where each fixed-site provider (homes, schools, secure units) is, for this council."""
    r = random.Random(seed)
    sites = {}
    for provider in PROVIDERS:
        if provider.band != "agency":
            sites[provider.urn] = sampler.sample(0, provider.band, r)
    return sites


def provider_locations(
    la_code: str = DEFAULT_LA, districts: Sequence[str] | None = None
) -> pd.DataFrame:
    """The provider pool with the postcode each fixed-site provider has for this council.

    The same postcodes appear as PL_POST in `generate(la_code=...)` output whatever the seed,
    so a provider-market demo can create providers (URN, kind, name, postcode) that match.
    Agencies (IFAs, supported accommodation) have no single address: postcode is blank.
    """
    sampler = _Postcodes(la_code, list(districts) if districts else [la_code])
    sites = _fixed_site_postcodes(sampler, _site_seed(la_code))
    positions = np.array([sites.get(p.urn, -1) for p in PROVIDERS], dtype=np.int64)
    written = sampler.written(positions)
    return pd.DataFrame(
        {
            "urn": [p.urn for p in PROVIDERS],
            "kind": [p.kind for p in PROVIDERS],
            "name": [p.name for p in PROVIDERS],
            "place_provider": [p.place_provider for p in PROVIDERS],
            "place": [p.place for p in PROVIDERS],
            "band": [p.band for p in PROVIDERS],
            "postcode": written,
        }
    ).astype("str")


def _site_seed(la_code: str) -> int:
    return sum((i + 1) * ord(c) for i, c in enumerate(la_code)) + 903


def implied_population(children: int) -> int:
    """The 0-17 population a council generating `children` children would have."""
    return int(children * POPULATION_PER_CHILD)


# --------------------------------------------------------------------------- model tables

# Age at entry (years 0-17) for children who are not UASC: peaks under 1 and at 13-16.
_AGE_WEIGHTS = np.array(
    [25, 5, 4.5, 4, 4, 3.5, 3.5, 3.5, 3.5, 3.5, 4, 4, 5, 7, 8.5, 9, 8, 4.5], dtype=float
)
_UASC_AGE_WEIGHTS = np.array([0] * 13 + [1, 3, 14, 44, 38], dtype=float)
_UASC_SHARE = 0.19  # of entries; UASC stay shorter, so ~6-8% of the children looked after

_ETHNIC = {
    "WBRI": 62.0, "WIRI": 0.4, "WOTH": 4.0, "WIRT": 0.5, "WROM": 0.8, "MWBC": 7.5,
    "MWBA": 1.5, "MWAS": 2.0, "MOTH": 3.5, "AIND": 3.0, "APKN": 2.0, "ABAN": 0.5,
    "AOTH": 1.5, "BCRB": 3.5, "BAFR": 2.5, "BOTH": 1.5, "CHNE": 0.3, "OOTH": 1.5,
    "REFU": 0.3, "NOBT": 0.7,
}  # fmt: skip
_UASC_ETHNIC = {"AOTH": 30.0, "BAFR": 28.0, "OOTH": 30.0, "BOTH": 4.0, "WOTH": 5.0, "NOBT": 3.0}

# Pathway of a period of care by age band at entry: what ends it and roughly when.
_PATHWAYS = ("short", "home", "adopt", "sgo", "long", "leave17", "other", "remand")
_PATHWAY_WEIGHTS = {  # band -> weights in _PATHWAYS order
    0: [5, 10, 32, 20, 28, 0, 4, 0],  # under 1
    1: [7, 14, 16, 21, 36, 0, 4, 0],  # 1-4
    2: [8, 20, 3, 16, 47, 0, 4, 0],  # 5-9
    3: [16, 22, 0, 7, 48, 0, 3, 2],  # 10-12
    4: [20, 22, 0, 3, 43, 4, 3, 3],  # 13-15
    5: [22, 8, 0, 0, 56, 5, 4, 3],  # 16-17
}
_REC = {
    "short": (["E4A", "E4B", "E13", "E8", "E3", "E41"], [62, 12, 16, 5, 3, 2]),
    "home": (["E4A", "E4B", "E13", "E41"], [72, 8, 12, 8]),
    "adopt": (["E11", "E12"], [65, 35]),
    "sgo": (["E45", "E46", "E47", "E48", "E41"], [58, 8, 22, 4, 8]),
    "long_sgo": (["E45", "E46", "E41"], [35, 55, 10]),
    "leave17": (["E5", "E13", "E4B", "E6", "E8", "E9"], [45, 20, 15, 5, 10, 5]),
    "other": (["E3", "E8", "E9", "E16", "E2", "E4B"], [35, 30, 10, 5, 2, 18]),
    "remand": (["E14", "E9"], [80, 20]),
    "uasc_e3": (["E3"], [1]),
    "uasc_e15": (["E15"], [1]),
    "uasc_other": (["E8", "E16", "E13"], [50, 20, 30]),
}
_REC_AT_18_FOSTER = (
    ["E17", "E5", "E13", "E4A", "E8", "E6", "E7", "E4B"],
    [40, 30, 8, 6, 6, 3, 2, 5],
)
_REC_AT_18_OTHER = (["E5", "E6", "E13", "E4A", "E4B", "E8", "E7", "E9"], [58, 6, 10, 7, 5, 8, 4, 2])
_REENTRY = {"short": 0.14, "home": 0.10}

_CIN = (["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"], [64, 3, 3, 7, 14, 2, 0.3, 6.7])
_REASONS = (
    ["CARPL", "CREQB", "CREQO", "LAREQ", "CHILD", "STAND", "ALLEG", "CLOSE", "APPRR", "PLACE",
     "CUSTOD", "OTHER"],
    [40, 12, 12, 10, 7, 3, 3, 3, 1, 2, 1, 6],
)  # fmt: skip

# Placement kinds: KIN kinship foster, INH in-house foster, IFA agency foster, CH children's
# home, SEC secure, SA supported accommodation, PWP placed with parents, S1 residential
# school, R1/R2/R3/R5 other residential, Z1 other.
_FOSTER = frozenset({"KIN", "INH", "IFA"})
_Weighted = tuple[list[Any], list[float]]  # labels, weights
_NEW_PLACEMENT: dict[int, _Weighted] = {  # age band at the move -> (kinds, weights)
    0: (["INH", "IFA", "KIN", "PWP", "R3", "CH"], [46, 27, 14, 6, 4, 1]),
    1: (["INH", "IFA", "KIN", "PWP", "CH"], [44, 28, 15, 9, 2]),
    2: (["INH", "IFA", "KIN", "PWP", "CH", "S1"], [38, 31, 13, 8, 9, 1]),
    3: (["INH", "IFA", "KIN", "CH", "PWP", "S1", "SEC", "Z1"], [25, 27, 8, 32, 6, 1.5, 0.5, 1]),
    4: (["INH", "IFA", "KIN", "CH", "PWP", "SEC", "S1", "R5", "Z1", "R2"],
        [17, 21, 6, 45, 5, 1.5, 1, 1, 1.5, 1]),
    5: (["INH", "IFA", "KIN", "CH", "SA", "PWP", "SEC", "R5", "Z1", "R1"],
        [11, 15, 4, 32, 30, 3, 1, 1, 1.5, 0.5]),
}  # fmt: skip
_FIRST_PLACEMENT: dict[int, _Weighted] = {
    0: (["INH", "IFA", "KIN", "R3", "PWP"], [52, 20, 14, 8, 6]),
    1: (["INH", "IFA", "KIN", "PWP"], [52, 24, 16, 8]),
    2: (["INH", "IFA", "KIN", "CH", "PWP"], [47, 27, 14, 6, 6]),
    3: (["INH", "IFA", "KIN", "CH", "PWP", "Z1"], [38, 26, 11, 20, 4, 1]),
    4: (["INH", "IFA", "KIN", "CH", "PWP", "SEC", "Z1", "R2"], [28, 23, 8, 33, 3, 1, 2, 2]),
    5: (["INH", "IFA", "KIN", "CH", "SA", "PWP", "Z1"], [18, 18, 5, 28, 26, 3, 2]),
}
_UASC_PLACEMENT: dict[bool, _Weighted] = {  # aged 16 or over?
    False: (["INH", "IFA", "CH"], [45, 45, 10]),
    True: (["SA", "IFA", "INH", "CH"], [57, 25, 13, 5]),
}
_SITE_KINDS = {  # placements at a provider's own address (fixed postcode per council)
    "CH": "childrens_home",
    "SEC": "secure_childrens_home",
    "S1": "residential_school",
    "R3": "parent_and_child",
}
_OTHER_RESIDENTIAL = {"R1": "PR4", "R2": "PR3", "R5": "PR3"}  # PLACE -> PLACE_PROVIDER
# Where each kind of placement is, relative to the child's home district.
_BANDS = ("local", "near", "far")
_BAND_WEIGHTS = {
    "INH": [92, 7, 1],
    "KIN": [75, 10, 15],
    "IFA": [50, 24, 26],
    "CH": [24, 22, 54],
    "SA": [68, 17, 15],
    "PWP": [92, 6, 2],
    "ADOPT": [35, 35, 30],
    "SEC": [0, 30, 70],
    "S1": [0, 35, 65],
    "R1": [30, 40, 30],
    "R2": [85, 15, 0],
    "R3": [50, 50, 0],
    "R5": [0, 40, 60],
    "TEMP": [85, 15, 0],
    "Z1": [80, 15, 5],
}
_TEMP = (["T3", "T4", "T1", "T0", "T2"], [45, 25, 18, 8, 4])
_MEAN_STAY_YEARS = {  # natural length of a placement before a move
    "INH": 1.4, "IFA": 1.5, "KIN": 2.5, "CH": 1.7, "SA": 1.0, "PWP": 2.5, "S1": 2.0,
    "SEC": 0.3, "R1": 0.8, "R2": 0.2, "R3": 0.3, "R5": 0.3, "Z1": 0.25,
}  # fmt: skip
_LONG_TERM_STAY_YEARS = 9.0
_REVIEW_CODES = (["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"], [50, 10, 5, 10, 10, 8, 7])
_OC3_ACTIV = {
    "17_18": (["F2", "P2", "F3", "P3", "F1", "G4", "G5", "G6"], [46, 5, 11, 4, 2, 5, 24, 3]),
    "19_21": (["F1", "P1", "F2", "P2", "F3", "P3", "G4", "G5", "G6"],
              [8, 1, 15, 3, 25, 6, 8, 27, 7]),
}  # fmt: skip
_OC3_ACCOM = {
    "17_18": (
        ["B1", "C1", "D1", "E1", "K1", "T1", "U1", "Z1", "Y1", "B2", "D2", "U2", "S2", "V2", "X2"],
        [12, 5, 26, 10, 2, 3, 20, 16, 2, 1, 1, 1, 0.5, 0.5, 0.5],
    ),
    "19_21": (
        ["B1", "D1", "E1", "K1", "T1", "U1", "Z1", "Y1", "G1", "B2", "U2", "S2", "W2", "X2", "V2"],
        [15, 8, 3, 3, 2, 52, 8, 2, 0.5, 1.5, 1.5, 1, 0.5, 1.5, 0.5],
    ),
}
_OC3_TOUCH = {
    "17_18": (["YES", "NO", "REFU", "RHOM"], [95, 2, 1, 2]),
    "19_21": (["YES", "NO", "REFU", "NREQ"], [93, 3, 2, 2]),
}
_OC3_EXCLUDED_REC = frozenset(
    {"E11", "E12", "E41", "E45", "E46", "E47", "E48", "E2", "E3", "E15", "E16"}
)
_ADOPTERS = (  # (NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR), weight
    [("2", "MF", "L11"), ("2", "MF", "L3"), ("2", "MM", "L12"), ("2", "FF", "L12"),
     ("2", "FF", "L2"), ("2", "MM", "L2"), ("2", "FF", "L4"), ("1", "F1", "L0"),
     ("1", "M1", "L0")],
    [60, 12, 4, 4, 2, 2, 1, 13, 2],
)  # fmt: skip


def _cum(weights: Sequence[float]) -> list[float]:
    total = float(sum(weights))
    out, running = [], 0.0
    for w in weights:
        running += w / total
        out.append(running)
    out[-1] = 1.0 + 1e-12
    return out


class _Choice:
    """A fixed categorical distribution, drawn from with one random number."""

    __slots__ = ("cum", "labels")

    def __init__(self, labels: Sequence[Any], weights: Sequence[float]) -> None:
        self.labels = list(labels)
        self.cum = _cum(weights)

    def __call__(self, r: random.Random) -> Any:
        return self.labels[bisect.bisect_right(self.cum, r.random())]


def _age_band(age: float) -> int:
    if age < 1:
        return 0
    if age < 5:
        return 1
    if age < 10:
        return 2
    if age < 13:
        return 3
    if age < 16:
        return 4
    return 5


# --------------------------------------------------------------------------- stage 1


@dataclass
class _Periods:
    """Periods of care (vectorised): one row per period, children numbered from 0."""

    child: np.ndarray
    start: np.ndarray
    exit: np.ndarray
    pathway: np.ndarray  # object: _PATHWAYS or to18 / long_sgo / uasc_*
    rec: np.ndarray  # object: "" when decided by the final placement (leaving at 18)


def _lognormal_days(rng: np.random.Generator, n: int, median: float, sigma: float) -> np.ndarray:
    return np.exp(np.log(median) + sigma * rng.standard_normal(n))


def _draw_children(
    rng: np.random.Generator, n: int, w0: int, w1: int
) -> tuple[dict[str, np.ndarray], _Periods]:
    """`n` candidate children entering care uniformly between days w0 and w1."""
    entry = rng.integers(w0, w1 + 1, size=n)
    uasc = rng.random(n) < _UASC_SHARE
    age = np.where(
        uasc,
        rng.choice(18, size=n, p=_UASC_AGE_WEIGHTS / _UASC_AGE_WEIGHTS.sum()),
        rng.choice(18, size=n, p=_AGE_WEIGHTS / _AGE_WEIGHTS.sum()),
    )
    within = rng.random(n) * 365.0
    newborn = (age == 0) & (rng.random(n) < 0.55)
    within = np.where(newborn, rng.random(n) * 10.0, within)
    age_days = np.floor(age * 365.25 + within).astype(np.int64)
    dob = entry - age_days
    dob16 = _add_years(dob, 16)
    dob18 = _add_years(dob, 18)
    male = np.where(uasc, rng.random(n) < 0.93, rng.random(n) < 0.53)
    children = {
        "entry": entry,
        "uasc": uasc,
        "dob": dob,
        "dob16": dob16,
        "dob18": dob18,
        "male": male,
    }
    periods = _first_periods(rng, entry, age, uasc, dob16, dob18)
    return children, periods


def _first_periods(
    rng: np.random.Generator,
    entry: np.ndarray,
    age: np.ndarray,
    uasc: np.ndarray,
    dob16: np.ndarray,
    dob18: np.ndarray,
) -> _Periods:
    n = len(entry)
    pathway = _draw_pathways(rng, age)
    upath = rng.choice(
        np.array(["to18", "uasc_e3", "uasc_e15", "uasc_other"], dtype=object),
        size=n,
        p=[0.86, 0.07, 0.03, 0.04],
    )
    pathway = np.where(uasc, upath, pathway)
    child = np.arange(n, dtype=np.int64)
    return _finish_periods(rng, child, entry, pathway, dob16, dob18)


def _draw_pathways(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    band = np.select([age < 1, age < 5, age < 10, age < 13, age < 16], [0, 1, 2, 3, 4], default=5)
    pathway = np.empty(len(age), dtype=object)
    labels = np.array(_PATHWAYS, dtype=object)
    for b, weights in _PATHWAY_WEIGHTS.items():
        mask = band == b
        w = np.asarray(weights, dtype=float)
        pathway[mask] = rng.choice(labels, size=int(mask.sum()), p=w / w.sum())
    return pathway


def _finish_periods(
    rng: np.random.Generator,
    child: np.ndarray,
    start: np.ndarray,
    pathway: np.ndarray,
    dob16: np.ndarray,
    dob18: np.ndarray,
) -> _Periods:
    """Durations, exits and reasons for periods starting at `start` (one per child row)."""
    n = len(start)
    c16, c18 = dob16[child], dob18[child]
    duration = np.full(n, 365.0)
    specs = {  # pathway -> (median days, sigma, low, high)
        "short": (40, 1.0, 1, 300),
        "home": (480, 0.6, 100, 2600),
        "adopt": (690, 0.25, 420, 1700),
        "sgo": (470, 0.45, 150, 2200),
        "other": (200, 1.0, 7, 3000),
        "remand": (35, 0.9, 2, 200),
        "uasc_e3": (45, 0.6, 7, 180),
        "uasc_e15": (90, 0.6, 14, 365),
        "uasc_other": (200, 0.8, 20, 900),
    }
    for name, (median, sigma, low, high) in specs.items():
        mask = pathway == name
        if mask.any():
            duration[mask] = np.clip(
                _lognormal_days(rng, int(mask.sum()), median, sigma), low, high
            )
    # Long-term care: to 18, or (a quarter) special guardianship with carers after years.
    long = pathway == "long"
    late = long & (rng.random(n) < 0.25)
    duration[late] = np.clip(_lognormal_days(rng, int(late.sum()), 4 * 365, 0.5), 500, 6000)
    pathway = pathway.copy()
    pathway[late] = "long_sgo"
    pathway[long & ~late] = "to18"
    # Leaving at 16 or 17 (independent living, relatives, custody ...).
    leave = pathway == "leave17"
    low = np.maximum(start + 60, c16 + 180)
    high = c18 - 20
    span = np.maximum(high - low, 0)
    leave_exit = low + np.floor(rng.random(n) * (span + 1)).astype(np.int64)
    exit_day = start + np.maximum(np.round(duration).astype(np.int64), 1)
    exit_day = np.where(leave, leave_exit, exit_day)
    to18 = (pathway == "to18") | (exit_day >= c18) | (leave & (span <= 0))
    exit_day = np.where(to18, c18, exit_day)
    pathway[to18] = "to18"
    exit_day = np.maximum(exit_day, start + 1)
    rec = np.full(n, "", dtype=object)
    for name, (labels, weights) in _REC.items():
        mask = pathway == name
        if mask.any():
            w = np.asarray(weights, dtype=float)
            rec[mask] = rng.choice(
                np.array(labels, dtype=object), size=int(mask.sum()), p=w / w.sum()
            )
    return _Periods(child.astype(np.int64), start.astype(np.int64), exit_day, pathway, rec)


def _reentries(
    rng: np.random.Generator, periods: _Periods, dob: np.ndarray, dob16: np.ndarray,
    dob18: np.ndarray, uasc: np.ndarray,
) -> _Periods:  # fmt: skip
    """Some children who went home come back into care (new periods, same child)."""
    p = np.array([_REENTRY.get(str(x), 0.0) for x in periods.pathway])
    back = (rng.random(len(p)) < p) & ~uasc[periods.child]
    gap = np.clip(_lognormal_days(rng, len(p), 250, 0.8), 14, 1500).astype(np.int64)
    start = periods.exit + gap
    child = periods.child
    back &= start < dob18[child] - 120
    if not back.any():
        return _Periods(*(np.empty(0, dtype=a.dtype) for a in _period_arrays(periods)))
    child = child[back]
    start = start[back]
    age = _age_at(dob[child], start)
    pathway = _draw_pathways(rng, age)
    return _finish_periods(rng, child, start, pathway, dob16, dob18)


def _draw_ethnic(rng: np.random.Generator, uasc: np.ndarray) -> np.ndarray:
    """Ethnicity codes: a council's mix, or the mix of asylum-seeking children."""
    out = np.empty(len(uasc), dtype=object)
    for mask, table in ((~uasc, _ETHNIC), (uasc, _UASC_ETHNIC)):
        weights = np.array(list(table.values()))
        labels = np.array(list(table), dtype=object)
        out[mask] = rng.choice(labels, size=int(mask.sum()), p=weights / weights.sum())
    return out


def _period_arrays(p: _Periods) -> tuple[np.ndarray, ...]:
    return (p.child, p.start, p.exit, p.pathway, p.rec)


def _concat_periods(parts: list[_Periods]) -> _Periods:
    arrays = [np.concatenate(col) for col in zip(*(_period_arrays(p) for p in parts), strict=True)]
    order = np.lexsort((arrays[1], arrays[0]))
    return _Periods(*(a[order] for a in arrays))


# --------------------------------------------------------------------------- the simulation


@dataclass
class Simulation:
    """The simulated truth and the yearly returns cut from it.

    `returns` is what `generate` returns. `episodes` holds every episode with a day inside
    the collection years as simulated (DEC/REC as they finally are, PLACE before the year's
    recoding, DECOM/DEC as int days since 1970 with DEC -1e9 while still open, postcodes as
    pool positions) and its CHILD. `children` describes every child in some return (CHILD,
    DOB, SEX as M/F, UASC, ETHNIC); `corrections` lists the values first returns got wrong.
    """

    la_code: str
    first_year: int
    last_year: int
    population: int
    returns: dict[int, dict[str, pd.DataFrame]]
    episodes: pd.DataFrame
    children: pd.DataFrame
    corrections: pd.DataFrame = field(default_factory=pd.DataFrame)


class _Carer:
    """Who a child lives with. A placement-status change keeps `id`: same carer, new PLACE."""

    __slots__ = ("id", "kind", "long_term", "place", "post", "provider", "urn", "zsub")

    def __init__(
        self,
        id_: int,
        kind: str,
        place: str,
        provider: str,
        urn: str,
        post: int,
        long_term: bool = False,
        zsub: int = 0,
    ) -> None:
        self.id = id_
        self.kind = kind  # KIN, INH, IFA, CH, SEC, SA, PWP, ADOPT, S1, R1-R5, TEMP, Z1
        self.place = place
        self.provider = provider
        self.urn = urn
        self.post = post  # position of PL_POST in the postcode pools, -1 for blank
        self.long_term = long_term
        self.zsub = zsub  # which of Z11-Z14 a Z1 becomes

    def changed(
        self,
        place: str,
        *,
        kind: str | None = None,
        provider: str | None = None,
        long_term: bool | None = None,
    ) -> _Carer:
        return _Carer(
            self.id,
            kind or self.kind,
            place,
            provider or self.provider,
            self.urn,
            self.post,
            self.long_term if long_term is None else long_term,
            self.zsub,
        )


@dataclass
class _Journey:
    """One period of care being simulated (int days throughout)."""

    child: int
    start: int
    exit: int
    end: int  # min(exit, last day + 1): nothing from here on is reported
    pathway: str
    rec: str
    home: int
    dob: int
    dob16: int
    uasc: bool
    district: int
    legal: list[tuple[int, str]] = field(default_factory=list)
    milestones: list[tuple[int, str]] = field(default_factory=list)
    adoption: dict[str, Any] | None = None
    consent: bool = False

    def age(self, t: int) -> float:
        return (t - self.dob) / 365.25

    def legal_at(self, t: int) -> str:
        current = self.legal[0][1]
        for day, value in self.legal:
            if day > t:
                break
            current = value
        return current


def _episodes(
    legal: list[tuple[int, str]], placements: list[tuple[int, _Carer]], end: int
) -> list[tuple[int, str, str, _Carer]]:
    """(DECOM, RNE, LS, carer) of each episode: a new one whenever the legal status, the
    carer or the placement code changes, with the RNE that says which changed."""
    days = sorted({d for d, _ in legal} | {d for d, _ in placements})
    li = pi = 0
    ls, carer = legal[0][1], placements[0][1]
    episodes: list[tuple[int, str, str, _Carer]] = []
    for day in days:
        if day >= end:
            break
        new_ls, new_carer = ls, carer
        while li < len(legal) and legal[li][0] <= day:
            new_ls = legal[li][1]
            li += 1
        while pi < len(placements) and placements[pi][0] <= day:
            new_carer = placements[pi][1]
            pi += 1
        if not episodes:
            rne = "S"
        elif new_carer.id != carer.id:
            rne = "T" if new_ls != ls else "P"
        elif new_carer.place != carer.place:
            rne = "B" if new_ls != ls else "U"
        elif new_ls != ls:
            rne = "L"
        else:
            continue
        episodes.append((day, rne, new_ls, new_carer))
        ls, carer = new_ls, new_carer
    return episodes


@dataclass
class _EpisodeColumns:
    """Column lists the per-period routine appends to (faster than row objects)."""

    child: list[int] = field(default_factory=list)
    decom: list[int] = field(default_factory=list)
    dec: list[int] = field(default_factory=list)
    rne: list[str] = field(default_factory=list)
    ls: list[str] = field(default_factory=list)
    cin: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    provider: list[str] = field(default_factory=list)
    rec: list[str] = field(default_factory=list)
    reason: list[str] = field(default_factory=list)
    home: list[int] = field(default_factory=list)
    post: list[int] = field(default_factory=list)
    urn: list[str] = field(default_factory=list)
    zsub: list[int] = field(default_factory=list)


class _Simulator:
    def __init__(
        self,
        *,
        la_code: str,
        first_year: int,
        last_year: int,
        children: int,
        seed: int,
        districts: Sequence[str] | None,
    ) -> None:
        self.la_code = la_code
        self.first_year = first_year
        self.last_year = last_year
        self.target = children
        self.seed = seed
        self.window_start = _year_bounds(first_year)[0]
        self.horizon = _year_bounds(last_year)[1]
        self._year_ends = [_year_bounds(y)[1] for y in range(first_year, last_year + 2)]
        self.coding = _Coding.load()
        self.rng = np.random.default_rng(seed)
        self.r = random.Random(seed * 7919 + 17)
        self.sampler = _Postcodes(la_code, districts)
        self.national = districts is None
        self.sites = (
            {} if self.national else _fixed_site_postcodes(self.sampler, _site_seed(la_code))
        )
        self._pool_by_kind: dict[str, list[Provider]] = {}
        for p in PROVIDERS:
            self._pool_by_kind.setdefault(p.kind, []).append(p)
        if self.national:
            self._national_pools(children)
        self._cid = 0
        self._choice_cache: dict[Any, _Choice] = {}

    # ------------------------------------------------------------------ stage 1

    def draw(self) -> None:
        """Candidate children, then the first of them that give `target` children in care."""
        years = self.last_year - self.first_year + 1
        w0 = self.window_start - int(23.2 * 365.25)
        w1 = self.horizon
        # About 1 candidate in 3.3 is in care during a six-year window; draw plenty.
        span_years = (w1 - w0) / 365.25
        n = int(self.target * span_years / (years + 2.7) * 1.25) + 200
        while True:
            kids, first = _draw_children(self.rng, n, w0, w1)
            parts = [first]
            for _ in range(2):
                parts.append(
                    _reentries(
                        self.rng,
                        parts[-1],
                        kids["dob"],
                        kids["dob16"],
                        kids["dob18"],
                        kids["uasc"],
                    )
                )
            periods = _concat_periods(parts)
            overlaps = (periods.start <= self.horizon) & (periods.exit >= self.window_start)
            in_window = np.zeros(n, dtype=bool)
            in_window[periods.child[overlaps]] = True
            if in_window.sum() >= self.target:
                break
            n = int(n * 1.6)
        # The candidates are exchangeable, so any prefix is a sample of the same process.
        keep_n = int(np.searchsorted(np.cumsum(in_window), self.target) + 1)
        keep = periods.child < keep_n
        self.periods = _Periods(*(a[keep] for a in _period_arrays(periods)))
        self.kids = {k: v[:keep_n] for k, v in kids.items()}
        self.in_window = in_window[:keep_n]
        self._child_attributes(keep_n)

    def _child_attributes(self, n: int) -> None:
        rng = self.rng
        k = self.kids
        ids = rng.choice(np.arange(100_000, 100_000 + max(900_000, n * 10)), size=n, replace=False)
        k["id_num"] = ids.astype(np.int64)
        k["id"] = ids.astype(str).astype(object)
        k["ethnic"] = _draw_ethnic(rng, k["uasc"])
        k["upn_code"] = np.where(
            k["uasc"],
            np.where(rng.random(n) < 0.35, "UN4", ""),
            np.where(rng.random(n) < 0.01, "UN2", ""),
        ).astype(object)
        girl = ~k["male"]
        mother = girl & (rng.random(n) < 0.04)
        k["mother_day"] = np.where(
            mother,
            k["dob"] + (15 * 365.25 + rng.random(n) * 2.8 * 365.25).astype(np.int64),
            _NO_DATE,
        )
        k["district"] = self._draw_districts(n)
        k["runner"] = rng.random(n) < 0.25
        k["runner_rate"] = rng.gamma(1.2, 1.0, size=n)

    def _draw_districts(self, n: int) -> np.ndarray:
        """Home district of each child (always 0, the council, outside national mode)."""
        if not self.national:
            return np.zeros(n, dtype=np.int64)
        weights = self.sampler.home_weights
        return self.rng.choice(len(weights), size=n, p=weights)

    def _upns(self, child: np.ndarray) -> np.ndarray:
        """Unique pupil numbers with a valid check letter: LA number, school, year, serial.

        Derived from the child's identifier, so a child keeps its UPN from year to year.
        """
        ids = self.kids["id_num"][child]
        h = (ids * 2654435761) % (2**32)
        la = np.full(len(child), int(_la_number(self.la_code)), dtype=np.int64)
        school = 2000 + h % 7000
        entry_year = self.kids["dob"][child].astype("datetime64[D]").astype("datetime64[Y]")
        year = (entry_year.astype(np.int64) + _EPOCH_YEAR + 5) % 100
        serial = (h // 7000) % 1000
        body = la * 10**9 + school * 10**5 + year * 1000 + serial
        digits = (body[:, None] // 10 ** np.arange(11, -1, -1)[None, :]) % 10
        letters = np.array(list("ABCDEFGHJKLMNPQRTUVWXYZ"), dtype=object)
        check = letters[(digits @ np.arange(2, 14)) % 23]
        return np.array([f"{c}{b:012d}" for c, b in zip(check, body, strict=True)], dtype=object)

    # ------------------------------------------------------------------ stage 2 helpers

    def _pick(self, key: Any, labels: Sequence[Any], weights: Sequence[float]) -> Any:
        choice = self._choice_cache.get(key)
        if choice is None:
            choice = self._choice_cache[key] = _Choice(labels, weights)
        return choice(self.r)

    def _national_pools(self, children: int) -> None:
        """Many more providers for a national run: URNs generated, addresses per placement."""
        rng = np.random.default_rng(_site_seed(ENGLAND))
        sizes = {
            "childrens_home": max(30, children // 25),
            "ifa": max(12, children // 300),
            "supported_accommodation": max(10, children // 150),
            "secure_childrens_home": 14,
            "residential_school": max(3, children // 1500),
            "parent_and_child": max(2, children // 2000),
        }
        taken = set(PROVIDER_URNS)
        for kind, size in sizes.items():
            base = self._pool_by_kind[kind]
            extra = []
            for i in range(size - len(base)):
                urn = str(int(rng.integers(1_000_000, 10_000_000)))
                if urn in taken:
                    continue
                taken.add(urn)
                template = base[i % len(base)]
                extra.append(
                    Provider(
                        urn,
                        kind,
                        f"{template.name} {i}",
                        template.place_provider,
                        template.place,
                        "agency",
                    )  # fmt: skip
                )
            self._pool_by_kind[kind] = base + extra

    def _carer(self, kind: str, district: int, home: int, long_term: bool = False) -> _Carer:
        """A new carer of `kind` for a child from home district `district`."""
        r = self.r
        self._cid += 1
        band = self._pick(("band", kind), _BANDS, _BAND_WEIGHTS.get(kind, [80, 15, 5]))
        post = -1
        urn = ""
        zsub = 0
        if kind in ("INH", "KIN"):
            codes = ("U1", "U3") if kind == "KIN" else ("U4", "U6")
            place = codes[0] if long_term else codes[1]
            provider, urn = "PR1", URN_PLACEHOLDER
        elif kind == "IFA":
            agency = self._provider("ifa", band)
            place = "U4" if long_term else "U6"
            provider, urn = agency.place_provider, agency.urn
        elif kind in _SITE_KINDS:
            site = self._provider(_SITE_KINDS[kind], band)
            place, provider, urn = site.place, site.place_provider, site.urn
            post = self.sites.get(site.urn, -1)
        elif kind == "SA":
            agency = self._provider("supported_accommodation", band)
            place = "P2" if r.random() < 0.12 else "H5"  # K3 from 2024-25: see _place_codes
            provider, urn = agency.place_provider, agency.urn
        elif kind == "PWP":
            place, provider = "P1", "PR0"
            if r.random() < 0.6:
                post = home  # back at the family home
        elif kind in _OTHER_RESIDENTIAL:
            place, provider = kind, _OTHER_RESIDENTIAL[kind]
        else:
            kind, place, provider = "Z1", "Z1", ""  # no provider for Z1, as for T0-T4
            zsub = 1 + int(r.random() * 4)
            if r.random() < 0.4:
                band = "blank"
        if post < 0 and band != "blank":
            post = self.sampler.sample(district, band, r)
        if r.random() < 0.008:
            post = -1  # a few placement addresses are not recorded
        return _Carer(self._cid, kind, place, provider, urn, post, long_term, zsub)

    def _provider(self, pool_kind: str, band: str) -> Provider:
        pool = self._pool_by_kind[pool_kind]
        if not self.national and pool[0].band != "agency":
            pool = [p for p in pool if p.band == band] or pool
        return pool[int(self.r.random() * len(pool))]

    def _temp_carer(self, district: int, foster: bool) -> _Carer:
        r = self.r
        self._cid += 1
        code = self._pick("temp", *_TEMP)
        if code == "T3" and not foster:
            code = "T4"  # T3 is respite while foster carers are away
        band = "local" if r.random() < 0.85 else "near"
        post = -1 if code == "T2" else self.sampler.sample(district, band, r)
        return _Carer(self._cid, "TEMP", code, "", "", post)

    def _adopters(self, district: int, code: str) -> _Carer:
        self._cid += 1
        band = self._pick(("band", "ADOPT"), _BANDS, _BAND_WEIGHTS["ADOPT"])
        provider = self._pick("adopt_provider", ["PR1", "PR2", "PR5"], [55, 25, 20])
        post = self.sampler.sample(district, band, self.r)
        return _Carer(self._cid, "ADOPT", code, provider, "", post, True)

    # ------------------------------------------------------------------ stage 2

    def run(self) -> None:
        self.draw()
        self.out = _EpisodeColumns()
        self.missing: list[tuple[int, str, int, int]] = []
        self.reviews: list[tuple[int, int, str]] = []
        self.adoptions: list[tuple[int, int, int, int, str, str, str, str]] = []
        self.decisions: list[tuple[int, int, int, str, int]] = []
        self.final_rec: dict[int, str] = {}
        p = self.periods
        k = self.kids
        overlaps = (p.start <= self.horizon) & (p.exit >= self.window_start)
        # The family home's postcode: one per child, sometimes a new one on coming back.
        home_post: dict[int, int] = {}
        for i in np.flatnonzero(overlaps):
            child = int(p.child[i])
            district = int(k["district"][child])
            if child not in home_post or self.r.random() < 0.2:
                home_post[child] = (
                    -1
                    if self.r.random() < 0.012
                    else self.sampler.sample(district, "local", self.r)
                )
            home = home_post[child]
            if k["uasc"][child] and self.r.random() < 0.2:
                home = -1
            self._period(
                _Journey(
                    child=child,
                    start=int(p.start[i]),
                    exit=int(p.exit[i]),
                    end=min(int(p.exit[i]), self.horizon + 1),
                    pathway=str(p.pathway[i]),
                    rec=str(p.rec[i]),
                    home=home,
                    dob=int(k["dob"][child]),
                    dob16=int(k["dob16"][child]),
                    uasc=bool(k["uasc"][child]),
                    district=district,
                )
            )
        self._short_breaks()

    def _period(self, j: _Journey) -> None:
        """Simulate one period of care and record its episodes, reviews and missing spells."""
        cin = "N8" if j.uasc and self.r.random() < 0.85 else self._pick("cin", *_CIN)
        if j.pathway == "remand":
            cin = "N6"
        self._legal_statuses(j)
        self._milestones(j)
        placements = self._placements(j)
        self._temporary_breaks(placements, j.end, j.district)
        rec = self._exit_reason(j, placements[-1][1])
        self._emit(j, _episodes(j.legal, placements, j.end), cin, rec)
        if j.exit <= self.horizon:
            self.final_rec[j.child] = rec
        self._reviews_for(j.child, j.start, j.exit, j.dob)
        adoption = j.adoption
        if adoption and j.exit <= self.horizon + 400:
            nb, sex, lsa = self._pick("adopters", *_ADOPTERS)
            foster_care = "1" if adoption["carers"] else "0"
            self.adoptions.append(
                (
                    j.child,
                    adoption["decision"],
                    adoption["match"],
                    j.exit,
                    foster_care,
                    nb,
                    sex,
                    lsa,
                )
            )
            self.decisions.append((j.child, adoption["decision"], int(_NO_DATE), "", j.exit))

    def _legal_statuses(self, j: _Journey) -> None:
        """The legal status timeline: police powers, interim and full care orders, s20 ..."""
        r = self.r
        s, ls = j.start, j.legal
        if j.uasc:
            ls.append((s, "V2"))
        elif j.pathway == "remand":
            ls.append((s, "J1" if r.random() < 0.9 else "J2"))
        elif j.pathway == "adopt":
            self._adoption_plan(j)
        else:
            v2 = {0: 0.25, 1: 0.3, 2: 0.35, 3: 0.45, 4: 0.5, 5: 0.6}[_age_band(j.age(s))]
            if j.pathway == "short":
                v2 += 0.2
            if r.random() < v2:
                ls.append((s, "V2"))
                if j.pathway != "short" and r.random() < 0.22:  # care proceedings issued
                    issued = s + 60 + int(r.random() * 240)
                    ls.append((issued, "C1"))
                    ls.append((issued + 180 + int(r.random() * 150), "C2"))
            else:
                first = self._pick("first_ls", ["C1", "L1", "L2", "C2"], [80, 9, 7, 4])
                ls.append((s, first))
                if first in ("L1", "L2"):  # police protection (72 hours) or an EPO (8 days)
                    days = 1 + int(r.random() * 3) if first == "L1" else 2 + int(r.random() * 7)
                    first = "C1" if r.random() < 0.65 else "V2"
                    ls.append((s + days, first))
                # A final care order after about 26-40 weeks, unless an SGO ends it sooner.
                if first == "C1" and not (j.pathway == "sgo" and j.exit - s < 400):
                    ls.append((s + 180 + int(r.random() * 150), "C2"))
        ls.sort(key=lambda item: item[0])

    def _adoption_plan(self, j: _Journey) -> None:
        """Decision, placement order, match and adoptive placement, spread over the stay."""
        r = self.r
        s, ls = j.start, j.legal
        j.consent = r.random() < 0.12  # relinquished babies: placed with consent under s20
        if j.consent:
            ls.append((s, "V2"))
        else:
            first = self._pick("adopt_ls", ["C1", "L2", "L1"], [85, 10, 5])
            ls.append((s, first))
            if first != "C1":
                ls.append((s + 1 + int(r.random() * 7), "C1"))
        duration = j.exit - s
        placed = s + int(duration * (0.55 + 0.15 * r.random()))
        match = max(s + 60, placed - 14 - int(r.random() * 35))
        decision = min(s + int(duration * (0.25 + 0.1 * r.random())), match - 30)
        order = min(decision + 14 + int(r.random() * 50), match - 7)
        if not j.consent:
            ls.append((order, "E1"))
        ffa = r.random() < 0.22  # fostering for adoption: the carers become the adopters
        carers = ffa or r.random() < 0.08
        if carers and not j.consent and r.random() < (0.8 if ffa else 0.1):
            # Placed for adoption with the same carers the day the placement order is made:
            # legal status and placement status change together (RNE B).
            placed = order
        j.adoption = {
            "decision": decision,
            "match": match,
            "placed": placed,
            "ffa": ffa,
            "carers": carers,
        }
        j.milestones.append((placed, "adopt"))

    def _milestones(self, j: _Journey) -> None:
        """Placement changes a pathway needs (kinship before an SGO, home on a care order ...)."""
        r = self.r
        s, e = j.start, j.exit
        if j.pathway in ("sgo", "long_sgo"):
            if j.rec == "E45":
                j.milestones.append((s + int((e - s) * (0.15 + 0.45 * r.random())), "kin"))
        elif j.pathway == "home" and r.random() < 0.8:
            t = e - 120 - int(r.random() * 420)
            if t > s + 30 and j.legal_at(t) in ("C1", "C2"):
                j.milestones.append((t, "pwp"))
        older = j.pathway in ("to18", "leave17") and e > j.dob16
        if older and r.random() < (0.5 if j.uasc else 0.4):  # to supported accommodation
            t = max(s + 30, j.dob16 + int(r.random() * 500))
            if t < e - 30:
                j.milestones.append((t, "sa"))
        if j.pathway in ("sgo", "long_sgo", "to18") and j.age(s) < 5 and r.random() < 0.1:
            # A plan for adoption that was later reversed (PlacedAdoption with RD1-RD4).
            decision = s + 150 + int(r.random() * 150)
            ceased = decision + 90 + int(r.random() * 300)
            if ceased < e - 30:
                reason = self._pick("rd", ["RD1", "RD2", "RD3", "RD4"], [25, 35, 20, 20])
                self.decisions.append((j.child, decision, ceased, reason, int(_NO_DATE)))
        j.milestones.sort()

    def _placements(self, j: _Journey) -> list[tuple[int, _Carer]]:
        """Who the child lives with from day to day: (first day, carer), in order."""
        r = self.r
        s, end = j.start, j.end
        adoption = j.adoption
        ffa = bool(adoption and adoption["ffa"])
        long_path = j.pathway in ("to18", "long_sgo")
        age0 = j.age(s)
        if j.uasc:
            kind = self._pick(("uasc", age0 >= 16), *_UASC_PLACEMENT[age0 >= 16])
        elif ffa:
            kind = "INH" if r.random() < 0.75 else "IFA"
        else:
            band = _age_band(age0)
            kind = self._pick(("first", band), *_FIRST_PLACEMENT[band])
            if kind == "PWP" and j.legal_at(s) not in ("C1", "C2"):
                kind = "INH"  # placement with parents needs a care order
            if j.pathway == "remand" and r.random() < 0.5:
                kind = "CH" if r.random() < 0.7 else "SEC"
        carer = self._carer(kind, j.district, j.home)
        if ffa:
            carer = carer.changed("U5")
        placements = [(s, carer)]
        t = s
        frozen = ffa  # no more moves: fostering for adoption, adoptive or final placements
        emergency = r.random() < 0.3 and not ffa
        convert_at = self._conversion(carer, t, long_path, j.age(t))
        milestones = iter(j.milestones)
        while True:
            milestone = next(milestones, None)
            next_day = milestone[0] if milestone else end
            while not frozen:
                move_at = self._snap_to_order(j, t, t + self._stay(carer, j.age(t), emergency))
                emergency = False
                if convert_at and convert_at < min(move_at, next_day, end):
                    # Short-term fostering becomes long-term with the same carers: RNE U.
                    t = convert_at
                    carer = carer.changed({"U6": "U4", "U3": "U1"}[carer.place], long_term=True)
                    placements.append((t, carer))
                    convert_at = 0
                    continue
                if move_at >= next_day:
                    break
                t = move_at
                carer = self._next_carer(j, t)
                frozen = carer.kind == "PWP" and j.pathway == "home"
                placements.append((t, carer))
                convert_at = self._conversion(carer, t, long_path, j.age(t))
            if milestone is None or milestone[0] >= end:
                break
            t, action = milestone
            convert_at = 0
            if action == "adopt":
                assert adoption is not None
                if adoption["carers"] and carer.kind in _FOSTER:
                    place = "A3" if j.consent else "A5"  # with the current foster carers
                    carer = carer.changed(place, kind="ADOPT", provider="PR1")
                else:
                    adoption["carers"] = False
                    carer = self._adopters(j.district, "A4" if j.consent else "A6")
                frozen = True
            elif action == "kin":
                if carer.kind != "KIN":
                    carer = self._carer("KIN", j.district, j.home)
                frozen = True
            elif action == "pwp":
                carer = self._carer("PWP", j.district, j.home)
                frozen = True
            elif action == "sa":
                if frozen or carer.kind in ("SA", "SEC", "R5"):
                    continue
                carer = self._carer("SA", j.district, j.home)
            placements.append((t, carer))
        return placements

    def _snap_to_order(self, j: _Journey, t: int, move_at: int) -> int:
        """A move close to a change of legal status often happens the day the order is made
        (RNE T: legal status and carer change together)."""
        days = [day for day, _ in j.legal[1:] if t < day and abs(day - move_at) <= 14]
        if days and self.r.random() < 0.4:
            return days[0]
        return move_at

    def _exit_reason(self, j: _Journey, final: _Carer) -> str:
        """REC, made consistent with the last placement (staying put needs foster carers)."""
        rec = j.rec
        if j.pathway == "to18":
            foster = final.kind in _FOSTER
            return str(
                self._pick(("at18", foster), *(_REC_AT_18_FOSTER if foster else _REC_AT_18_OTHER))
            )
        if rec == "E45" and final.kind != "KIN":
            return "E47"
        if rec == "E46" and final.kind not in ("INH", "IFA"):
            return "E45" if final.kind == "KIN" else "E47"
        return rec

    def _emit(
        self, j: _Journey, episodes: list[tuple[int, str, str, _Carer]], cin: str, rec: str
    ) -> None:
        """Append the period's episodes that reach into the collection years."""
        out = self.out
        last_index = len(episodes) - 1
        for i, (day, rne, ls, carer) in enumerate(episodes):
            last = i == last_index
            if last:
                dec = j.exit if j.exit <= self.horizon else int(_NO_DATE)
            else:
                dec = episodes[i + 1][0]
            if dec != _NO_DATE and dec < self.window_start:
                continue
            reason = ""
            if not last:
                _, next_rne, _, next_carer = episodes[i + 1]
                # A reason for every move between real placements (not into or out of T0-T4).
                if next_rne in ("P", "T") and "TEMP" not in (carer.kind, next_carer.kind):
                    reason = (
                        "CARPL" if next_carer.kind == "ADOPT" else self._pick("reason", *_REASONS)
                    )
            out.child.append(j.child)
            out.decom.append(day)
            out.dec.append(dec)
            out.rne.append(rne)
            out.ls.append(ls)
            out.cin.append(cin)
            out.kind.append(carer.kind)
            out.place.append(carer.place)
            out.provider.append(carer.provider)
            out.rec.append("" if dec == _NO_DATE else rec if last else "X1")
            out.reason.append(reason)
            out.home.append(j.home)
            out.post.append(carer.post)
            out.urn.append(carer.urn)
            out.zsub.append(carer.zsub)
            self._missing_for(j.child, day, dec, carer, j.age(day))

    def _conversion(self, carer: _Carer, t: int, long_path: bool, age: float) -> int:
        """When a short-term foster placement becomes long-term (RNE U), or 0."""
        if not long_path or carer.place not in ("U6", "U3") or age >= 15.5:
            return 0
        if self.r.random() < 0.65:
            return t + 150 + int(self.r.random() * 390)
        return 0

    def _stay(self, carer: _Carer, age: float, emergency: bool) -> int:
        """Days until the child would move on from this carer (exponential)."""
        r = self.r
        if emergency:
            return 2 + int(r.random() * 55)
        kind = carer.kind
        if carer.long_term and kind in _FOSTER:
            mean = _LONG_TERM_STAY_YEARS
        else:
            mean = _MEAN_STAY_YEARS.get(kind, 1.0)
            if kind in ("INH", "IFA") and age < 10:
                mean *= 1.4
        return max(1, int(-math.log(1.0 - r.random()) * mean * 365.25))

    def _next_carer(self, j: _Journey, t: int) -> _Carer:
        """A move: the next placement, by age and pathway."""
        age = j.age(t)
        if j.uasc:
            kind = self._pick(("uasc", age >= 16), *_UASC_PLACEMENT[age >= 16])
        else:
            band = _age_band(age)
            kind = self._pick(("move", band), *_NEW_PLACEMENT[band])
            if kind == "PWP" and (j.legal_at(t) not in ("C1", "C2") or j.pathway == "adopt"):
                kind = "INH"
            if j.pathway == "adopt" and kind not in _FOSTER:
                kind = "INH"
        long_term = (
            j.pathway in ("to18", "long_sgo")
            and kind in _FOSTER
            and t - j.start > 180
            and age < 15
            and self.r.random() < 0.35
        )
        return self._carer(kind, j.district, j.home, long_term)

    def _temporary_breaks(
        self, placements: list[tuple[int, _Carer]], end: int, district: int
    ) -> None:
        """Insert short temporary placements followed by a return to the same carer."""
        r = self.r
        extra: list[tuple[int, _Carer]] = []
        for i, (start, carer) in enumerate(placements):
            stop = placements[i + 1][0] if i + 1 < len(placements) else end
            length = stop - start
            if (carer.kind not in _FOSTER and carer.kind not in ("CH", "SA")) or length < 45:
                continue
            if r.random() < min(0.5, 0.09 * length / 365.25):
                gap = 1 + int(r.random() * 13)
                at = start + 15 + int(r.random() * (length - 30 - gap))
                if at + gap >= stop - 5:
                    continue
                extra.append((at, self._temp_carer(district, carer.kind in _FOSTER)))
                extra.append((at + gap, carer))
        if extra:
            placements.extend(extra)
            placements.sort(key=lambda item: item[0])

    def _missing_for(self, child: int, start: int, dec: int, carer: _Carer, age: float) -> None:
        """Missing and away-without-authorisation spells of children aged 11+ who run."""
        k = self.kids
        if not k["runner"][child] or age < 11 or carer.kind == "TEMP":
            return
        stop = (self.horizon if dec == _NO_DATE else dec) - 1
        begin = max(start, self.window_start)
        if stop <= begin:
            return
        rate = {"CH": 6.0, "SA": 3.0, "SEC": 0.5}.get(carer.kind, 1.0)
        lam = rate * float(k["runner_rate"][child]) * (stop - begin) / 365.25
        r = self.r
        for _ in range(_poisson(r, min(lam, 60.0))):
            day = begin + int(r.random() * (stop - begin))
            kind = "M" if r.random() < 0.75 else "A"
            length = 0 if kind == "A" and r.random() < 0.7 else int(-math.log(1 - r.random()) * 1.5)
            finish = min(day + length, stop)
            if finish > self._year_end_after(day):
                continue  # a spell across 31 March would need its end in the next return
            self.missing.append((child, kind, day, finish))

    def _year_end_after(self, day: int) -> int:
        """31 March ending the collection year that holds `day`."""
        ends = self._year_ends
        return ends[bisect.bisect_left(ends, day)]

    def _reviews_for(self, child: int, s: int, e: int, dob: int) -> None:
        r = self.r
        stop = min(e, self.horizon + 1)
        t = s + 18 + int(r.random() * 10)
        step = 80 + int(r.random() * 12)
        while t < stop:
            if t >= self.window_start:
                code = "PN0" if (t - dob) / 365.25 < 4 else self._pick("review", *_REVIEW_CODES)
                self.reviews.append((child, t, code))
            t += step
            step = 165 + int(r.random() * 18)

    def _short_breaks(self) -> None:
        """A few disabled children on agreed series of short breaks (LS V3/V4)."""
        r = self.r
        n = max(2, round(self.target * 0.01))
        rng = self.rng
        base = len(self.kids["id"])
        dob = self.window_start - (
            rng.integers(5, 16, size=n) * 365.25 + rng.random(n) * 365
        ).astype(np.int64)
        new = {
            "entry": np.full(n, self.window_start),
            "uasc": np.zeros(n, dtype=bool),
            "dob": dob,
            "dob16": _add_years(dob, 16),
            "dob18": _add_years(dob, 18),
            "male": rng.random(n) < 0.65,
            "id_num": rng.choice(np.arange(1_000_000, 1_100_000), size=n, replace=False),
            "ethnic": _draw_ethnic(rng, np.zeros(n, dtype=bool)),
            "upn_code": np.full(n, "", dtype=object),
            "mother_day": np.full(n, _NO_DATE),
            "district": self._draw_districts(n),
            "runner": np.zeros(n, dtype=bool),
            "runner_rate": np.zeros(n),
        }
        existing = set(self.kids["id_num"].tolist())
        for j in range(n):
            while int(new["id_num"][j]) in existing:
                new["id_num"][j] += 100_000
        new["id"] = new["id_num"].astype(str).astype(object)
        self.kids = {key: np.concatenate([self.kids[key], new[key]]) for key in self.kids}
        self.in_window = np.concatenate([self.in_window, np.ones(n, dtype=bool)])
        homes = [pl for pl in PROVIDERS if pl.name == "Elm Tree Short Breaks"]
        for j in range(n):
            child = base + j
            district = int(self.kids["district"][child])
            home = self.sampler.sample(district, "local", r)
            carer = self._carer("INH", district, home)
            if r.random() < 0.6 and homes:  # the council's short-break home
                site = homes[0]
                post = self.sites.get(site.urn, carer.post)
                carer = _Carer(carer.id, "CH", "K2", "PR1", site.urn, post)
            first = self.window_start - int(r.random() * 300)
            dob18 = int(self.kids["dob18"][child])
            if r.random() < 0.4:  # individual stays recorded (V3)
                t = first + int(r.random() * 40)
                while t < min(self.horizon, dob18 - 5):
                    length = 1 + int(r.random() * 3)
                    if t + length >= self.window_start:
                        dec = t + length if t + length <= self.horizon else int(_NO_DATE)
                        self._append_short(child, t, dec, "V3", carer, home, "E4A")
                    t += length + 21 + int(r.random() * 42)
            else:  # agreements recorded (V4), one a year
                t = first
                while t < min(self.horizon, dob18 - 30):
                    dec = min(t + 340 + int(r.random() * 25), dob18)
                    dec_out = dec if dec <= self.horizon else int(_NO_DATE)
                    if dec >= self.window_start:
                        self._append_short(child, t, dec_out, "V4", carer, home, "E8")
                    t = dec + 1 + int(r.random() * 20)

    def _append_short(
        self, child: int, start: int, dec: int, ls: str, c: _Carer, home: int, rec: str
    ) -> None:
        out = self.out
        out.child.append(child)
        out.decom.append(start)
        out.dec.append(dec)
        out.rne.append("S")
        out.ls.append(ls)
        out.cin.append("N2")
        out.kind.append(c.kind)
        out.place.append(c.place)
        out.provider.append(c.provider)
        out.rec.append(rec if dec != _NO_DATE else "")
        out.reason.append("")
        out.home.append(home)
        out.post.append(c.post)
        out.urn.append(c.urn)
        out.zsub.append(0)

    # ------------------------------------------------------------------ the returns

    def truth(self) -> pd.DataFrame:
        o = self.out
        frame = pd.DataFrame(
            {
                "child": np.asarray(o.child, dtype=np.int64),
                "decom": np.asarray(o.decom, dtype=np.int64),
                "dec": np.asarray(o.dec, dtype=np.int64),
                "rne": np.asarray(o.rne, dtype=object),
                "ls": np.asarray(o.ls, dtype=object),
                "cin": np.asarray(o.cin, dtype=object),
                "kind": np.asarray(o.kind, dtype=object),
                "place": np.asarray(o.place, dtype=object),
                "provider": np.asarray(o.provider, dtype=object),
                "rec": np.asarray(o.rec, dtype=object),
                "reason": np.asarray(o.reason, dtype=object),
                "home": np.asarray(o.home, dtype=np.int64),
                "post": np.asarray(o.post, dtype=np.int64),
                "urn": np.asarray(o.urn, dtype=object),
                "zsub": np.asarray(o.zsub, dtype=np.int64),
            }
        )
        frame = frame[frame["decom"] <= self.horizon]
        return frame.sort_values(["child", "decom"], kind="stable").reset_index(drop=True)

    def returns(
        self, truth: pd.DataFrame
    ) -> tuple[dict[int, dict[str, pd.DataFrame]], pd.DataFrame]:
        k = self.kids
        ids = k["id"]
        dob_text = _format_dates(k["dob"])
        post_text = self.sampler.written(
            np.concatenate([truth["home"].to_numpy(), truth["post"].to_numpy()])
        )
        home_text = post_text[: len(truth)]
        pl_text = post_text[len(truth) :]
        decom_text = _format_dates(truth["decom"].to_numpy())
        dec_all = truth["dec"].to_numpy()
        decom_all = truth["decom"].to_numpy()
        child_all = truth["child"].to_numpy()
        corrections = self._corrections(truth)
        oc3 = self._oc3_rows()
        results: dict[int, dict[str, pd.DataFrame]] = {}
        for year in range(self.first_year, self.last_year + 1):
            ys, ye = _year_bounds(year)
            in_year = (decom_all <= ye) & ((dec_all == _NO_DATE) | (dec_all >= ys))
            rows = np.flatnonzero(in_year)
            open_end = (dec_all[rows] == _NO_DATE) | (dec_all[rows] > ye)
            dec = np.where(open_end, _NO_DATE, dec_all[rows])
            place = _place_codes(
                truth["place"].to_numpy()[rows], truth["zsub"].to_numpy()[rows], year, self.coding
            )
            episodes = {
                "CHILD": ids[child_all[rows]],
                "DECOM": decom_text[rows],
                "RNE": truth["rne"].to_numpy()[rows],
                "LS": truth["ls"].to_numpy()[rows],
                "CIN": truth["cin"].to_numpy()[rows],
                "PLACE": place,
                "PLACE_PROVIDER": truth["provider"].to_numpy()[rows],
                "DEC": _format_dates(dec),
                "REC": np.where(open_end, "", truth["rec"].to_numpy()[rows]),
                "REASON_PLACE_CHANGE": np.where(open_end, "", truth["reason"].to_numpy()[rows]),
                "HOME_POST": home_text[rows],
                "PL_POST": pl_text[rows],
                "URN": truth["urn"].to_numpy()[rows],
            }
            episodes = {c: np.asarray(v, dtype=object).copy() for c, v in episodes.items()}
            fix = corrections[corrections["year"] == year]
            if len(fix):
                position = pd.Series(np.arange(len(rows)), index=rows)
                for row, column, value in fix[["row", "column", "value"]].itertuples(index=False):
                    episodes[column][position[row]] = value
            ep_frame = _frame("Episodes", episodes)
            children_in_year = np.unique(child_all[rows])
            oc3_year = oc3[oc3["year"] == year]
            header_children = np.union1d(children_in_year, oc3_year["child"].to_numpy())
            results[year] = {
                "Header": self._header(year, header_children, dob_text),
                "Episodes": ep_frame,
                "UASC": self._uasc(year, header_children, dob_text),
                "OC3": _frame(
                    "OC3",
                    {
                        "CHILD": ids[oc3_year["child"].to_numpy()],
                        "DOB": dob_text[oc3_year["child"].to_numpy()],
                        "IN_TOUCH": oc3_year["in_touch"].to_numpy(),
                        "ACTIV": oc3_year["activ"].to_numpy(),
                        "ACCOM": oc3_year["accom"].to_numpy(),
                    },
                ),
                "Missing": self._missing(year, dob_text),
                "AD1": self._ad1(year, dob_text),
                "PlacedAdoption": self._placed(year, set(children_in_year.tolist()), dob_text),
                "Reviews": self._reviews(year, dob_text),
            }
        return results, corrections

    def _sex(self, year: int, child: np.ndarray) -> np.ndarray:
        male = self.kids["male"][child]
        if year >= self.coding.sex_mf_from:
            return np.where(male, "M", "F").astype(object)
        return np.where(male, "1", "2").astype(object)

    def _header(self, year: int, child: np.ndarray, dob_text: np.ndarray) -> pd.DataFrame:
        k = self.kids
        ye = _year_bounds(year)[1]
        age = _age_at(k["dob"][child], ye)
        upn = np.where(k["upn_code"][child] != "", k["upn_code"][child], self._upns(child))
        upn = np.where(age < 5, "UN1", upn)
        girl = ~k["male"][child]
        mday = k["mother_day"][child]
        is_mother = girl & (mday != _NO_DATE) & (mday <= ye)
        return _frame(
            "Header",
            {
                "CHILD": k["id"][child],
                "SEX": self._sex(year, child),
                "DOB": dob_text[child],
                "ETHNIC": k["ethnic"][child],
                "UPN": upn,
                "MOTHER": np.where(girl, np.where(is_mother, "1", "0"), ""),
                "MC_DOB": np.where(
                    is_mother, _format_dates(np.where(is_mother, mday, _NO_DATE)), ""
                ),
            },
        )

    def _uasc(self, year: int, child: np.ndarray, dob_text: np.ndarray) -> pd.DataFrame:
        k = self.kids
        child = child[k["uasc"][child]]
        duc = k["dob18"][child].copy()
        for i, c in enumerate(child):
            if self.final_rec.get(int(c)) == "E15":
                duc[i] = self._exit_of(int(c))
        return _frame(
            "UASC",
            {
                "CHILD": k["id"][child],
                "SEX": self._sex(year, child),
                "DOB": dob_text[child],
                "DUC": _format_dates(duc),
            },
        )

    def _exit_of(self, child: int) -> int:
        p = self.periods
        rows = np.flatnonzero(p.child == child)
        return int(p.exit[rows[-1]])

    def _oc3_rows(self) -> pd.DataFrame:
        """Care leavers aged 17-21 on each 31 March, with their outcomes."""
        p = self.periods
        k = self.kids
        # The last period of each child.
        last = np.r_[p.child[1:] != p.child[:-1], True]
        child = p.child[last]
        start = p.start[last]
        exit_day = p.exit[last]
        rec = p.rec[last].copy()
        for i, c in enumerate(child):
            rec[i] = self.final_rec.get(int(c), rec[i])
        dob = k["dob"][child]
        dob14 = _add_years(dob, 14)
        eligible = (
            (exit_day >= k["dob16"][child])
            & (exit_day - np.maximum(start, dob14) >= 91)
            & ~np.isin(rec, list(_OC3_EXCLUDED_REC))
            & (exit_day <= self.horizon)
        )
        child, exit_day, dob = child[eligible], exit_day[eligible], dob[eligible]
        frames = []
        rng = np.random.default_rng(self.seed * 31 + 5)
        for year in range(self.first_year, self.last_year + 1):
            ye = _year_bounds(year)[1]
            age = _age_at(dob, ye)
            birthday = _add_years(dob, age)
            rows = (age >= 17) & (age <= 21) & (exit_day <= birthday)
            n = int(rows.sum())
            if n == 0:
                continue
            group = np.where(age[rows] <= 18, "17_18", "19_21")
            touch = np.empty(n, dtype=object)
            activ = np.empty(n, dtype=object)
            accom = np.empty(n, dtype=object)
            for g in ("17_18", "19_21"):
                m = group == g
                c = int(m.sum())
                for target, spec in ((touch, _OC3_TOUCH), (activ, _OC3_ACTIV), (accom, _OC3_ACCOM)):
                    labels, weights = spec[g]
                    w = np.asarray(weights, dtype=float)
                    target[m] = rng.choice(np.array(labels, dtype=object), size=c, p=w / w.sum())
            absent = touch != "YES"
            activ[absent] = "0"
            accom[absent] = "0"
            frames.append(
                pd.DataFrame(
                    {
                        "year": year,
                        "child": child[rows],
                        "in_touch": touch,
                        "activ": activ,
                        "accom": accom,
                    }
                )
            )
        if not frames:
            return pd.DataFrame(
                {
                    "year": pd.Series(dtype=np.int64),
                    "child": pd.Series(dtype=np.int64),
                    "in_touch": pd.Series(dtype=object),
                    "activ": pd.Series(dtype=object),
                    "accom": pd.Series(dtype=object),
                }
            )
        result = pd.concat(frames, ignore_index=True)
        result["child"] = result["child"].astype(np.int64)
        return result

    def _missing(self, year: int, dob_text: np.ndarray) -> pd.DataFrame:
        if not hasattr(self, "_missing_arrays"):
            rows = self.missing
            self._missing_arrays = (
                np.array([m[0] for m in rows], dtype=np.int64),
                np.array([m[1] for m in rows], dtype=object),
                np.array([m[2] for m in rows], dtype=np.int64),
                np.array([m[3] for m in rows], dtype=np.int64),
            )
        child, kind, start, end = self._missing_arrays
        ys, ye = _year_bounds(year)
        m = (start >= ys) & (start <= ye)
        return _frame(
            "Missing",
            {
                "CHILD": self.kids["id"][child[m]],
                "DOB": dob_text[child[m]],
                "MISSING": kind[m],
                "MIS_START": _format_dates(start[m]),
                "MIS_END": _format_dates(end[m]),
            },
        )

    def _reviews(self, year: int, dob_text: np.ndarray) -> pd.DataFrame:
        if not hasattr(self, "_review_arrays"):
            rows = self.reviews
            self._review_arrays = (
                np.array([x[0] for x in rows], dtype=np.int64),
                np.array([x[1] for x in rows], dtype=np.int64),
                np.array([x[2] for x in rows], dtype=object),
            )
        child, day, code = self._review_arrays
        ys, ye = _year_bounds(year)
        m = (day >= ys) & (day <= ye)
        return _frame(
            "Reviews",
            {
                "CHILD": self.kids["id"][child[m]],
                "DOB": dob_text[child[m]],
                "REVIEW": _format_dates(day[m]),
                "REVIEW_CODE": code[m],
            },
        )

    def _ad1(self, year: int, dob_text: np.ndarray) -> pd.DataFrame:
        ys, ye = _year_bounds(year)
        rows = [
            a
            for a in self.adoptions
            if ys <= a[3] <= ye and self.final_rec.get(a[0]) in ("E11", "E12")
        ]
        child = np.array([a[0] for a in rows], dtype=np.int64)
        return _frame(
            "AD1",
            {
                "CHILD": self.kids["id"][child],
                "DOB": dob_text[child],
                "DATE_INT": _format_dates(np.array([a[1] for a in rows], dtype=np.int64)),
                "DATE_MATCH": _format_dates(np.array([a[2] for a in rows], dtype=np.int64)),
                "FOSTER_CARE": np.array([a[4] for a in rows], dtype=object),
                "NB_ADOPTR": np.array([a[5] for a in rows], dtype=object),
                "SEX_ADOPTR": np.array([a[6] for a in rows], dtype=object),
                "LS_ADOPTR": np.array([a[7] for a in rows], dtype=object),
            },
        )

    def _placed(self, year: int, present: set[int], dob_text: np.ndarray) -> pd.DataFrame:
        """Children with a decision that they should be placed for adoption, in the year."""
        ys, ye = _year_bounds(year)
        rows = []
        for child, decision, ceased, reason, adopted in self.decisions:
            if child not in present or decision > ye:
                continue
            if ceased != _NO_DATE and ceased < ys:
                continue
            if adopted != _NO_DATE and adopted < ys:
                continue
            shown = ceased != _NO_DATE and ceased <= ye
            rows.append(
                (child, decision, ceased if shown else int(_NO_DATE), reason if shown else "")
            )
        who = np.array([x[0] for x in rows], dtype=np.int64)
        return _frame(
            "PlacedAdoption",
            {
                "CHILD": self.kids["id"][who],
                "DOB": dob_text[who],
                "DATE_PLACED": _format_dates(np.array([x[1] for x in rows], dtype=np.int64)),
                "DATE_PLACED_CEASED": _format_dates(np.array([x[2] for x in rows], dtype=np.int64)),
                "REASON_PLACED_CEASED": np.array([x[3] for x in rows], dtype=object),
            },
        )

    def _corrections(self, truth: pd.DataFrame) -> pd.DataFrame:
        """Carried-over episodes first reported with a value the next return corrects.

        Only an episode's first return is affected (later ones agree with the simulated
        truth), so merging the returns gives the truth back.
        """
        rng = np.random.default_rng(self.seed * 13 + 3)
        records = []
        dec = truth["dec"].to_numpy()
        decom = truth["decom"].to_numpy()
        kind = truth["kind"].to_numpy()
        starts = np.array([_year_bounds(y)[0] for y in range(self.first_year, self.last_year + 1)])
        first_return = self.first_year + np.maximum(np.searchsorted(starts, decom, "right") - 1, 0)
        for year in range(self.first_year, self.last_year):
            ye = _year_bounds(year)[1]
            carried = np.flatnonzero(
                (first_return == year) & (decom <= ye) & ((dec == _NO_DATE) | (dec > ye))
            )
            carried = carried[kind[carried] != "TEMP"]
            chosen = carried[rng.random(len(carried)) < 0.05]
            for row in chosen:
                what = rng.integers(0, 4)
                provider = truth.at[row, "provider"]
                if what == 0 and provider in ("PR4", "PR5"):
                    records.append(
                        (year, row, "PLACE_PROVIDER", "PR5" if provider == "PR4" else "PR4")
                    )
                elif what == 1 and truth.at[row, "urn"] not in ("", URN_PLACEHOLDER):
                    records.append((year, row, "URN", ""))
                elif what == 2 and truth.at[row, "post"] >= 0:
                    records.append((year, row, "PL_POST", ""))
                else:
                    cin = truth.at[row, "cin"]
                    records.append((year, row, "CIN", "N4" if cin != "N4" else "N5"))
        return pd.DataFrame(records, columns=["year", "row", "column", "value"])


def _place_codes(place: np.ndarray, zsub: np.ndarray, year: int, coding: _Coding) -> np.ndarray:
    """PLACE as coded in collection year `year`.

    Supported accommodation is simulated as H5 (or P2, independent living) and becomes K3
    from the K3 year; Z1 becomes Z11-Z14 (`zsub` 1-4 says which) from the Z11 year.
    """
    place = np.asarray(place, dtype=object).copy()
    if year >= coding.k3_from:
        place[np.isin(place, ["H5", "P2"])] = "K3"
    if year >= coding.z1x_from:
        z = place == "Z1"
        place[z] = np.array([f"Z1{int(x)}" for x in np.asarray(zsub)[z]], dtype=object)
    return place


def _poisson(r: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    limit = math.exp(-lam)
    k, p = 0, r.random()
    while p > limit:
        k += 1
        p *= r.random()
    return k


def _la_number(la_code: str) -> str:
    known = {
        "E08000031": "336", "E08000027": "332", "E08000028": "333", "E08000030": "335",
        "E08000025": "330", "E08000029": "334", "E08000026": "331",
    }  # fmt: skip
    if la_code in known:
        return known[la_code]
    digits = "".join(ch for ch in la_code if ch.isdigit()) or "0"
    return f"{201 + int(digits) % 700:03d}"


def _frame(table: str, data: dict[str, Any]) -> pd.DataFrame:
    columns = COLUMNS[table]
    frame = pd.DataFrame(
        {c: np.asarray(data[c], dtype=object) for c in columns}, columns=list(columns)
    )
    return frame.astype("str")


# --------------------------------------------------------------------------- public API


def simulate(
    *,
    la_code: str = DEFAULT_LA,
    first_year: int = 2020,
    last_year: int = 2025,
    children: int = 2000,
    seed: int = 1,
    districts: Sequence[str] | str | None = "la",
) -> Simulation:
    """Simulate care journeys and cut them into returns; see `generate`."""
    if first_year > last_year:
        raise ValueError("first_year must not be after last_year")
    if children < 1:
        raise ValueError("children must be at least 1")
    if districts == "la":
        districts = None if la_code == ENGLAND else [la_code]
    elif isinstance(districts, str):
        districts = [districts]
    sim = _Simulator(
        la_code=la_code,
        first_year=first_year,
        last_year=last_year,
        children=children,
        seed=seed,
        districts=districts,
    )
    sim.run()
    truth = sim.truth()
    returns, corrections = sim.returns(truth)
    kids = sim.kids
    children_frame = pd.DataFrame(
        {
            "CHILD": kids["id"],
            "DOB": kids["dob"].astype("datetime64[D]"),
            "SEX": np.where(kids["male"], "M", "F"),
            "UASC": kids["uasc"],
            "ETHNIC": kids["ethnic"],
        }
    )
    in_returns = pd.concat([tables["Header"]["CHILD"] for tables in returns.values()]).unique()
    children_frame = children_frame[children_frame["CHILD"].isin(in_returns)].reset_index(drop=True)
    episodes = truth.assign(CHILD=kids["id"][truth["child"].to_numpy()])
    return Simulation(
        la_code=la_code,
        first_year=first_year,
        last_year=last_year,
        population=implied_population(children),
        returns=returns,
        episodes=episodes,
        children=children_frame,
        corrections=corrections,
    )


def generate(
    *,
    la_code: str = DEFAULT_LA,
    first_year: int = 2020,
    last_year: int = 2025,
    children: int = 2000,
    seed: int = 1,
    districts: Sequence[str] | str | None = "la",
) -> dict[int, dict[str, pd.DataFrame]]:
    """Synthetic SSDA903 returns: collection year -> table name -> frame of strings.

    `children` is the number of distinct children looked after at some time in the years
    (children on short breaks only come on top, ~1%). Table names are the reader's
    (Header, Episodes, UASC, OC3, Missing, AD1, PlacedAdoption, Reviews); columns are the
    903's, every value a string ("" for blank), dates DD/MM/YYYY.

    `districts`: "la" (default) puts homes in the council's own district (`la_code`, which
    must then be a local authority district code) and placements there and around it; a list
    of district codes does the same for those districts (for a county, its districts);
    None spreads homes over all of England (for national-scale benchmarks).
    """
    return simulate(
        la_code=la_code,
        first_year=first_year,
        last_year=last_year,
        children=children,
        seed=seed,
        districts=districts,
    ).returns


# --------------------------------------------------------------------------- writing


def write_returns(
    returns: dict[int, dict[str, pd.DataFrame]],
    out_dir: str | Path,
    *,
    fmt: str = "csv",
    la_code: str = DEFAULT_LA,
) -> list[Path]:
    """Write one folder per collection year (OUT_DIR/2025/...); return the files written.

    fmt "csv": one file per table (FILE_NAMES) with the 903 header row. fmt "xml": one
    ssda903.xml per year in the DfE 903 XML shape (a Child element per child with CHILDID,
    PL for PLACE, nested EPISODE, AREVIEW, AMISSING and AD_PLACED elements).
    """
    if fmt not in ("csv", "xml"):
        raise ValueError(f"unknown format {fmt!r}: use csv or xml")
    out = Path(out_dir)
    written: list[Path] = []
    for year, tables in sorted(returns.items()):
        folder = out / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            for name, frame in tables.items():
                path = folder / FILE_NAMES[name]
                frame.to_csv(path, index=False, lineterminator="\r\n")
                written.append(path)
        else:
            path = folder / "ssda903.xml"
            path.write_text(_to_xml(year, tables, la_code), encoding="utf-8")
            written.append(path)
    return written


def _iso(text: str) -> str:
    """DD/MM/YYYY -> YYYY-MM-DD (XML dates); blank stays blank."""
    return f"{text[6:10]}-{text[3:5]}-{text[0:2]}" if text else ""


def _xml_fields(lines: list[str], indent: str, pairs: Iterable[tuple[str, str]]) -> None:
    for tag, value in pairs:
        lines.append(
            f"{indent}<{tag}>{saxutils.escape(value)}</{tag}>" if value else f"{indent}<{tag}/>"
        )


def _to_xml(year: int, tables: dict[str, pd.DataFrame], la_code: str) -> str:
    dates = {
        "DOB", "MC_DOB", "DECOM", "DEC", "DUC", "REVIEW", "MIS_START", "MIS_END", "DATE_INT",
        "DATE_MATCH", "DATE_PLACED", "DATE_PLACED_CEASED",
    }  # fmt: skip

    def records(name: str) -> dict[str, list[dict[str, str]]]:
        grouped: dict[str, list[dict[str, str]]] = {}
        for row in tables[name].to_dict(orient="records"):
            clean = {k: (_iso(v) if k in dates else v) for k, v in row.items()}
            grouped.setdefault(row["CHILD"], []).append(clean)
        return grouped

    uasc = records("UASC")
    oc3 = records("OC3")
    ad1 = records("AD1")
    episodes = records("Episodes")
    reviews = records("Reviews")
    missing = records("Missing")
    placed = records("PlacedAdoption")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<Message>",
        "  <Header>",
        "    <CollectionDetails>",
        "      <Collection>SSDA903</Collection>",
        f"      <Year>{year}</Year>",
        f"      <ReferenceDate>{year}-03-31</ReferenceDate>",
        "    </CollectionDetails>",
        "    <Source>",
        "      <SourceLevel>L</SourceLevel>",
        f"      <LEA>{_la_number(la_code)}</LEA>",
        "    </Source>",
        "  </Header>",
        "  <Children>",
    ]
    for head in records("Header").values():
        h = head[0]
        child = h["CHILD"]
        lines.append("    <Child>")
        _xml_fields(
            lines, "      ", [("CHILDID", child)] + [(c, h[c]) for c in COLUMNS["Header"][1:]]
        )
        if child in uasc:
            _xml_fields(lines, "      ", [("UASC", "1"), ("DUC", uasc[child][0]["DUC"])])
        if child in oc3:
            _xml_fields(
                lines, "      ", [(c, oc3[child][0][c]) for c in ("IN_TOUCH", "ACTIV", "ACCOM")]
            )
        if child in ad1:
            _xml_fields(lines, "      ", [(c, ad1[child][0][c]) for c in COLUMNS["AD1"][2:]])
        for group, table, rows in (
            ("EPISODE", "Episodes", episodes),
            ("AREVIEW", "Reviews", reviews),
            ("AMISSING", "Missing", missing),
            ("AD_PLACED", "PlacedAdoption", placed),
        ):
            skip = 1 if table == "Episodes" else 2  # CHILD (and DOB) come from the child
            for row in rows.get(child, []):
                lines.append(f"      <{group}>")
                pairs = [("PL" if c == "PLACE" else c, row[c]) for c in COLUMNS[table][skip:]]
                _xml_fields(lines, "        ", pairs)
                lines.append(f"      </{group}>")
        lines.append("    </Child>")
    lines += ["  </Children>", "</Message>", ""]
    return "\n".join(lines)
