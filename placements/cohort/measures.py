"""Headline measures of the looked-after cohort, as defined in docs/MEASURES.md.

Pure pandas/numpy: DataFrames in, numbers, dicts or DataFrames out. No ORM, no HTTP, so the
same code serves the web pages, the PDF, the `measures` command and the benchmarks.

Every public measure accepts the episodes frame as the reader produces it, or the frame
returned by `prepare_episodes`. Preparing is the only expensive step, so callers computing
several measures (as `headline_measures` does) prepare once and pass the prepared frame on.

Conventions that MEASURES.md leaves to the implementation, written down here:

- Age is in completed years at D: (D.year - DOB.year) - 1 if (D.month, D.day) is before
  (DOB.month, DOB.day). A child born on 29 February is therefore a year older on 1 March in
  a non-leap year (not on 28 February), the usual English-law reading for birthdays.
- A child in care with no date of birth (not in the header table) is in no age band and is
  not in the long-term-stability denominator: we cannot say they are under 16.
- When the header or UASC table holds a child more than once (several returns), the row of
  the latest return wins (by YEAR when present, else the last row), as later returns are
  authoritative.
- Contiguity links an episode only to an earlier episode (in CHILD, DECOM, DEC order). Zero-
  length episodes with REC X1 could otherwise link to each other in a loop; this keeps every
  walk-back finite. When several episodes could precede one episode (duplicated rows), the
  latest of them is used.
- In the placement-start walk, an episode that is a return to the same carer after a
  temporary placement jumps over the temporary episode even if its RNE is also L, T or U: the
  rule names where to continue from for that case, and it is the more specific one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np
import pandas as pd

from placements.cohort import postcodes, reference
from placements.cohort.distinct import blank_as_missing, per_distinct

PLACEMENT_CATEGORIES: tuple[str, ...] = (
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

CATEGORY_LABELS: dict[str, str] = {
    "kinship_foster": "Fostering: kinship",
    "inhouse_foster": "Fostering: in-house",
    "ifa_foster": "Fostering: independent agency",
    "childrens_home": "Children's home",
    "secure": "Secure children's home",
    "supported_accommodation": "Supported accommodation",
    "residential_school": "Residential school",
    "other_residential": "Other residential setting",
    "placed_with_parents": "Placed with parents",
    "placed_for_adoption": "Placed for adoption",
    "temporary": "Temporary placement",
    "other": "Other",
}

AGE_BANDS: tuple[str, ...] = ("under_1", "1_4", "5_9", "10_15", "16_plus")
SEX_GROUPS: tuple[str, ...] = ("male", "female", "unknown")
CARE_LEAVER_GROUPS: tuple[str, ...] = ("17_18", "19_21")

SHORT_BREAK_LS = frozenset({"V3", "V4"})
TEMPORARY_PLACES = frozenset({"T0", "T1", "T2", "T3", "T4"})
ADOPTION_PLACES = frozenset({"A3", "A4", "A5", "A6"})
NEW_PLACEMENT_RNE = frozenset({"S", "P", "B"})
# RNE codes meaning "same placement, something else changed": the placement walk-back
# continues through these.
SAME_PLACEMENT_RNE = frozenset({"L", "T", "U"})
REC_CONTINUING = "X1"
URN_PLACEHOLDER = "XXXXXXX"
IFA_PROVIDERS = frozenset({"PR4", "PR5"})

# Version 4 of the contract: the needs-analysis groupings (MEASURES.md, "Measures at D").
LEGAL_STATUS_GROUPS: tuple[str, ...] = (
    "interim_care_order",
    "care_order",
    "placement_order",
    "section_20",
    "youth_justice",
    "emergency_protection",
    "other",
)
_LS_GROUP: dict[str, str] = {
    "C1": "interim_care_order",
    "C2": "care_order",
    "E1": "placement_order",
    # D1 (freeing order) predates placement orders; the contract groups it with them.
    "D1": "placement_order",
    "V2": "section_20",
    **dict.fromkeys(("J1", "J2", "J3"), "youth_justice"),
    **dict.fromkeys(("L1", "L2", "L3"), "emergency_protection"),
}
ETHNIC_GROUPS: tuple[str, ...] = ("white", "mixed", "asian", "black", "other", "not_known")
_ETHNIC_GROUP: dict[str, str] = {
    **dict.fromkeys(("WBRI", "WIRI", "WIRT", "WOTH", "WROM"), "white"),
    **dict.fromkeys(("MWBC", "MWBA", "MWAS", "MOTH"), "mixed"),
    **dict.fromkeys(("AIND", "APKN", "ABAN", "AOTH"), "asian"),
    **dict.fromkeys(("BCRB", "BAFR", "BOTH"), "black"),
    **dict.fromkeys(("CHNE", "OOTH"), "other"),
    # REFU, NOBT, blank, no header row and any other code are not_known.
}
CEASED_REASONS: tuple[str, ...] = (
    "adopted",
    "special_guardianship",
    "child_arrangements_order",
    "returned_home",
    "independent_living",
    "stayed_with_carers_at_18",
    "youth_justice",
    "moved_to_other_services",
    "other",
)
_REC_GROUP: dict[str, str] = {
    **dict.fromkeys(("E11", "E12"), "adopted"),
    **dict.fromkeys(("E43", "E44", "E45", "E46", "E47", "E48"), "special_guardianship"),
    "E41": "child_arrangements_order",
    **dict.fromkeys(("E4A", "E4B", "E13"), "returned_home"),
    **dict.fromkeys(("E5", "E6"), "independent_living"),
    "E17": "stayed_with_carers_at_18",
    **dict.fromkeys(("E9", "E14"), "youth_justice"),
    **dict.fromkeys(("E3", "E7"), "moved_to_other_services"),
    # E2, E8, E15, E16 and any other code are "other".
}

_PLACE_CATEGORY: dict[str, str] = {
    **dict.fromkeys(("U1", "U2", "U3"), "kinship_foster"),
    # U4-U6 are split into in-house and IFA by provider in placement_category.
    **dict.fromkeys(("U4", "U5", "U6"), "inhouse_foster"),
    "K2": "childrens_home",
    "K1": "secure",
    **dict.fromkeys(("H5", "K3", "P2"), "supported_accommodation"),
    "S1": "residential_school",
    **dict.fromkeys(("R1", "R2", "R3", "R5", "P3"), "other_residential"),
    "P1": "placed_with_parents",
    **dict.fromkeys(ADOPTION_PLACES, "placed_for_adoption"),
    **dict.fromkeys(TEMPORARY_PLACES, "temporary"),
}

_CODE_COLUMNS: tuple[str, ...] = (
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)

# Columns prepare_episodes adds; their presence marks a frame as already prepared.
_PREPARED_MARKERS: tuple[str, ...] = ("CATEGORY", "PREV", "PLACEMENT_PREV", "NEW_PLACEMENT")
_NO_EPISODE = -1

type DateLike = dt.date | str | pd.Timestamp


# --------------------------------------------------------------------------- shared work

# Several measures at one date start from the same frames: the children looked after at D,
# the latest header row of each child, their ages. Inside `shared_work()` each is worked out
# once per input frame (and date) and handed to every measure that asks (at national scale
# the Children in care page's two dates asked for the children looked after 24 times).
_SHARED_WORK: ContextVar[dict | None] = ContextVar("measures_shared_work", default=None)


@contextmanager
def shared_work() -> Iterator[None]:
    """Share the measures' common intermediate frames within the block (nested blocks share
    the outer one's). The measures only read them, and pandas copies on write, so a caller
    changing a frame it was given changes no other caller's."""
    if _SHARED_WORK.get() is not None:
        yield
        return
    token = _SHARED_WORK.set({})
    try:
        yield
    finally:
        _SHARED_WORK.reset(token)


def _shared[T](name: Any, inputs: tuple, compute: Callable[[], T]) -> T:
    """compute(), or what it gave for the same inputs earlier in the block. Inputs are told
    apart by identity; the entry holds them, so no other frame can take their id meanwhile."""
    memo = _SHARED_WORK.get()
    if memo is None:
        return compute()
    key = (name, *(id(frame) for frame in inputs))
    if key not in memo:
        memo[key] = (compute(), inputs)
    return memo[key][0]


# --------------------------------------------------------------------------- helpers


def _as_date(on: DateLike) -> pd.Timestamp:
    return pd.Timestamp(on).normalize()


def period_start(on: DateLike) -> pd.Timestamp:
    """P0: the first day of the 12 months ending on D (D - 1 year + 1 day)."""
    return _as_date(on) - pd.DateOffset(years=1) + pd.Timedelta(days=1)


def _clean_codes(series: pd.Series) -> pd.Series:
    """Trim and upper-case codes; None, NaN, NA and "" all become missing."""
    # String methods run per element in Python; codes have few distinct values, so clean
    # the distinct values and map them back (10x faster on 300,000 episodes).
    return per_distinct(series, lambda distinct: blank_as_missing(distinct.str.strip().str.upper()))


def _clean_child(series: pd.Series) -> pd.Series:
    # Child identifiers are matched across tables, so only trim them: case may be meaningful.
    return per_distinct(series, lambda distinct: blank_as_missing(distinct.str.strip()))


def _percent(numerator: int, denominator: int) -> float | None:
    if denominator == 0:
        return None
    return round(100 * numerator / denominator, 1)


def age_in_years(dob: pd.Series, on: DateLike) -> pd.Series:
    """Completed years at D; <NA> when DOB is missing.

    (D.year - DOB.year) - 1 when D's (month, day) is before DOB's, so a 29 February birthday
    is reached on 1 March in non-leap years.
    """
    d = _as_date(on)
    dob = pd.to_datetime(dob)
    before_birthday = (d.month * 100 + d.day) < (dob.dt.month * 100 + dob.dt.day)
    age = (d.year - dob.dt.year) - before_birthday.astype("int64")
    return age.astype("Int64")


def _latest_rows(table: pd.DataFrame) -> pd.DataFrame:
    frame = table.copy()
    frame["CHILD"] = _clean_child(frame["CHILD"])
    if "YEAR" in frame.columns:
        frame = frame.sort_values("YEAR", kind="stable")
    return frame.drop_duplicates("CHILD", keep="last").set_index("CHILD")


def _latest_per_child(table: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    """One row per child (the latest return's), indexed by CHILD, with the given columns."""
    if table is None or len(table) == 0:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns}).rename_axis("CHILD")
    frame = _shared("latest rows", (table,), lambda: _latest_rows(table))
    frame = frame[[c for c in columns if c in frame.columns]]
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.NA
    return frame[columns]


def placement_category(place: pd.Series, provider: pd.Series) -> pd.Series:
    """The MEASURES.md placement category of each (PLACE, PLACE_PROVIDER) pair."""
    place = _clean_codes(place)
    provider = _clean_codes(provider).reindex(place.index)
    category = place.map(_PLACE_CATEGORY).fillna("other")
    ifa = place.isin(("U4", "U5", "U6")) & provider.isin(IFA_PROVIDERS)
    return category.mask(ifa, "ifa_foster").astype("str")


# --------------------------------------------------------------------------- preparation


def _is_prepared(episodes: pd.DataFrame) -> bool:
    return all(column in episodes.columns for column in _PREPARED_MARKERS)


def _predecessors(df: pd.DataFrame) -> np.ndarray:
    """Row position of each episode's contiguous predecessor, or -1.

    A precedes B when same CHILD, A.DEC == B.DECOM and A.REC == X1. Only earlier rows
    qualify (see module docstring), and the latest of several candidates wins.
    """
    prev = np.full(len(df), _NO_EPISODE, dtype=np.int64)
    # Children as numbers: matching them is hashing numbers, not text.
    child = _same_values_key(df["CHILD"])
    ends = np.flatnonzero((df["REC"].eq(REC_CONTINUING) & df["DEC"].notna()).to_numpy())
    ending = pd.DataFrame({"CHILD": child[ends], "DATE": df["DEC"].to_numpy()[ends], "A": ends})
    starting = pd.DataFrame(
        {"CHILD": child, "DATE": df["DECOM"].to_numpy(), "B": np.arange(len(df))}
    )
    pairs = starting.merge(ending, on=["CHILD", "DATE"], how="inner")
    pairs = pairs[pairs["A"] < pairs["B"]]
    pairs = pairs.sort_values("A", kind="stable").drop_duplicates("B", keep="last")
    prev[pairs["B"].to_numpy()] = pairs["A"].to_numpy()
    return prev


def _same_values_key(*columns: pd.Series) -> np.ndarray:
    """0, 1, 2... numbering rows by their values in the columns, in order of first appearance:
    rows share a number exactly when they share every value (a missing value is one value)."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        # Hashed as Python objects: pandas hashes its "str" arrays at half the speed.
        codes, uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=False)
        # The numbers so far times the column's count of values, plus its value: distinct
        # combinations stay distinct, renumbered after each column so they stay small.
        key = pd.factorize(key * len(uniques) + codes)[0]
    return key


def prepare_episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    """Normalise the episodes once and add the columns every measure needs.

    Drops short breaks (LS V3/V4), normalises blank codes to missing, sorts by CHILD, DECOM,
    DEC (open last) with a fresh 0..n-1 index (so index == row position), and adds:
    CATEGORY, CARER (an integer key: same key == same carer), PREV (position of the
    contiguous predecessor, -1 if none), RETURN_TO_CARER, NEW_PLACEMENT and PLACEMENT_PREV
    (where the placement-start walk goes next from this episode, -1 to stop there).
    Calling it on an already-prepared frame returns the frame unchanged.
    """
    if _is_prepared(episodes):
        return episodes
    # A shallow copy: pandas copies a column on write, so the caller's frame stays as it was.
    df = episodes.copy(deep=False)
    df["CHILD"] = _clean_child(df["CHILD"])
    for column in _CODE_COLUMNS:
        if column in df.columns:
            df[column] = _clean_codes(df[column])
        else:
            df[column] = pd.Series(np.nan, index=df.index, dtype="str")
    df["DECOM"] = pd.to_datetime(df["DECOM"])
    df["DEC"] = pd.to_datetime(df["DEC"])

    # The order is worked out on the three columns it depends on, and every column is then
    # taken once, in that order, without the short breaks.
    kept = np.flatnonzero(~df["LS"].isin(SHORT_BREAK_LS).to_numpy())
    keys = df[["CHILD", "DECOM", "DEC"]].take(kept).reset_index(drop=True)
    order = keys.sort_values(["CHILD", "DECOM", "DEC"], na_position="last", kind="stable").index
    df = df.take(kept[order.to_numpy()]).reset_index(drop=True)

    df["CATEGORY"] = placement_category(df["PLACE"], df["PLACE_PROVIDER"])
    urn = df["URN"].mask(df["URN"] == URN_PLACEHOLDER).fillna("")
    # Each distinct postcode once: a national cohort's 260,000 episodes hold 47,000.
    post = per_distinct(df["PL_POST"], lambda d: d.str.replace(r"\s+", "", regex=True)).fillna("")
    df["CARER"] = _same_values_key(df["CATEGORY"], urn, post)

    prev = _predecessors(df)
    has_prev = prev >= 0
    prev2 = np.full(len(df), _NO_EPISODE, dtype=np.int64)
    prev2[has_prev] = prev[prev[has_prev]]

    place = df["PLACE"].to_numpy()
    carer = df["CARER"].to_numpy()
    prev_is_temporary = np.zeros(len(df), dtype=bool)
    prev_is_temporary[has_prev] = np.isin(place[prev[has_prev]], list(TEMPORARY_PLACES))
    return_to_carer = prev_is_temporary & (prev2 >= 0)
    return_to_carer[return_to_carer] = carer[prev2[return_to_carer]] == carer[return_to_carer]

    rne = df["RNE"]
    new_placement = (
        rne.isin(NEW_PLACEMENT_RNE).to_numpy()
        & ~df["PLACE"].isin(TEMPORARY_PLACES).to_numpy()
        & ~return_to_carer
    )
    same_placement = rne.isin(SAME_PLACEMENT_RNE).to_numpy()
    placement_prev = np.where(return_to_carer, prev2, np.where(same_placement, prev, _NO_EPISODE))

    df["PREV"] = prev
    df["RETURN_TO_CARER"] = return_to_carer
    df["NEW_PLACEMENT"] = new_placement
    df["PLACEMENT_PREV"] = placement_prev
    return df


def is_new_placement(episodes: pd.DataFrame) -> pd.Series:
    """Whether each episode is a new placement (aligned with prepare_episodes(episodes))."""
    return prepare_episodes(episodes)["NEW_PLACEMENT"]


def current_episodes(episodes: pd.DataFrame, *, on: DateLike) -> pd.DataFrame:
    """Per child looked after at D, the open episode with the latest DECOM.

    Returns rows of the prepared frame, keeping its index (row positions), one per child.
    """
    prep = prepare_episodes(episodes)
    d = _as_date(on)

    def current() -> pd.DataFrame:
        open_on = (prep["DECOM"] <= d) & (prep["DEC"].isna() | (prep["DEC"] > d))
        # The prepared frame is sorted by CHILD, DECOM, so the last open row is the latest.
        return prep[open_on].drop_duplicates("CHILD", keep="last")

    return _shared(("current episodes", d), (prep,), current)


def _walk(link: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Follow `link` from each start position until it says stop (-1).

    One numpy step per hop for all children at once; links always point to earlier rows, so
    the number of hops is bounded by the longest chain.
    """
    cur = start.astype(np.int64, copy=True)
    active = np.flatnonzero(link[cur] >= 0)
    while active.size:
        cur[active] = link[cur[active]]
        active = active[link[cur[active]] >= 0]
    return cur


def _placement_start_positions(prep: pd.DataFrame, current: pd.DataFrame) -> np.ndarray:
    link = prep["PLACEMENT_PREV"].to_numpy()
    first = _walk(link, current.index.to_numpy())
    # Placed for adoption: the adoptive placement and the one before it count together, so
    # walk once more from the episode contiguous before the adoptive placement's start.
    prev = prep["PREV"].to_numpy()
    adoptive = current["PLACE"].isin(ADOPTION_PLACES).to_numpy() & (prev[first] >= 0)
    result = first.copy()
    result[adoptive] = _walk(link, prev[first[adoptive]])
    return result


def period_of_care_start(episodes: pd.DataFrame, *, on: DateLike) -> pd.Series:
    """Per child looked after at D, the DECOM of the first episode of its period of care."""
    prep = prepare_episodes(episodes)
    current = current_episodes(prep, on=on)
    first = _walk(prep["PREV"].to_numpy(), current.index.to_numpy())
    return pd.Series(
        prep["DECOM"].to_numpy()[first], index=current["CHILD"].to_numpy(), name="DECOM"
    ).rename_axis("CHILD")


def placement_start(episodes: pd.DataFrame, *, on: DateLike) -> pd.Series:
    """Per child looked after at D, the start date of its current placement.

    Walks back through contiguous episodes while RNE is L, T or U, jumping over a temporary
    placement when the carer after it is the one before it; placed-for-adoption children
    continue one placement further back (MEASURES.md, long_term_stability).
    """
    prep = prepare_episodes(episodes)
    current = current_episodes(prep, on=on)
    start = _placement_start_positions(prep, current)
    return pd.Series(
        prep["DECOM"].to_numpy()[start], index=current["CHILD"].to_numpy(), name="DECOM"
    ).rename_axis("CHILD")


# --------------------------------------------------------------------------- measures


def children_looked_after(episodes: pd.DataFrame, *, on: DateLike) -> int:
    return len(current_episodes(episodes, on=on))


def started(episodes: pd.DataFrame, *, on: DateLike) -> int:
    prep = prepare_episodes(episodes)
    d = _as_date(on)
    rows = prep["RNE"].eq("S") & prep["DECOM"].between(period_start(d), d)
    return int(prep.loc[rows, "CHILD"].nunique())


def _ceasing_in_period(prep: pd.DataFrame, d: pd.Timestamp) -> pd.Series:
    """Episodes that end a period of care in the 12 months ending on D (REC set, not X1)."""
    return (
        prep["DEC"].notna()
        & prep["REC"].notna()
        & prep["REC"].ne(REC_CONTINUING)
        & prep["DEC"].between(period_start(d), d)
    )


def ceased(episodes: pd.DataFrame, *, on: DateLike) -> int:
    prep = prepare_episodes(episodes)
    rows = _ceasing_in_period(prep, _as_date(on))
    return int(prep.loc[rows, "CHILD"].nunique())


def uasc(episodes: pd.DataFrame, uasc_children: pd.DataFrame | None, *, on: DateLike) -> int:
    """Children looked after at D whose UASC row has DUC blank or after D."""
    d = _as_date(on)
    table = _latest_per_child(uasc_children, ["DUC"])
    duc = pd.to_datetime(table["DUC"])
    still_uasc = table.index[duc.isna() | (duc > d)]
    return int(current_episodes(episodes, on=d)["CHILD"].isin(still_uasc).sum())


def rate_per_10k(cla: int, population: float | None) -> float | None:
    """cla per 10,000 children aged 0-17; null when no (usable) population is recorded."""
    if population is None or pd.isna(population) or population <= 0:
        return None
    return round(cla / population * 10_000, 1)


def _ages_of_current(
    episodes: pd.DataFrame, header: pd.DataFrame | None, on: pd.Timestamp
) -> pd.Series:
    def ages() -> pd.Series:
        current = current_episodes(episodes, on=on)
        dob = _latest_per_child(header, ["DOB"])["DOB"]
        dob_of_current = pd.to_datetime(current["CHILD"].map(dob))
        return pd.Series(age_in_years(dob_of_current, on).to_numpy(), index=current["CHILD"])

    return _shared(("ages of current", on), (episodes, header), ages)


def age_bands(
    episodes: pd.DataFrame, header: pd.DataFrame | None, *, on: DateLike
) -> dict[str, int]:
    """cla by age at D. Children without a (plausible) DOB are in no band."""
    ages = _ages_of_current(episodes, header, _as_date(on)).dropna().astype("float64")
    bins = pd.cut(ages, bins=[0, 1, 5, 10, 16, np.inf], right=False, labels=AGE_BANDS)
    counts = bins.value_counts()
    return {band: int(counts.get(band, 0)) for band in AGE_BANDS}


def sex(episodes: pd.DataFrame, header: pd.DataFrame | None, *, on: DateLike) -> dict[str, int]:
    current = current_episodes(episodes, on=on)
    codes = _clean_codes(_latest_per_child(header, ["SEX"])["SEX"])
    # Before 2024-25 SEX was 1/2; a numeric column may arrive as 1.0/2.0.
    codes = codes.replace({"1.0": "1", "2.0": "2"})
    groups = {"1": "male", "M": "male", "2": "female", "F": "female"}
    group = current["CHILD"].map(codes).map(groups)
    counts = group.fillna("unknown").value_counts()
    return {key: int(counts.get(key, 0)) for key in SEX_GROUPS}


def placement_mix(episodes: pd.DataFrame, *, on: DateLike) -> dict[str, int]:
    counts = current_episodes(episodes, on=on)["CATEGORY"].value_counts()
    return {category: int(counts.get(category, 0)) for category in PLACEMENT_CATEGORIES}


def three_plus_placements(episodes: pd.DataFrame, *, on: DateLike) -> dict[str, Any]:
    prep = prepare_episodes(episodes)
    d = _as_date(on)
    p0 = period_start(d)
    current = current_episodes(prep, on=d)

    in_period = prep["NEW_PLACEMENT"] & prep["DECOM"].between(p0, d)
    new_placements = prep.loc[in_period, "CHILD"].value_counts()
    # The placement a child was already in on P0 counts too, unless it is a new placement
    # starting that very day (then it is already in new_placements).
    at_p0 = current_episodes(prep, on=p0)
    carried_in = at_p0.loc[~(at_p0["NEW_PLACEMENT"] & at_p0["DECOM"].eq(p0)), "CHILD"]

    placements = current["CHILD"].map(new_placements).fillna(0) + current["CHILD"].isin(carried_in)
    numerator = int((placements >= 3).sum())
    denominator = len(current)
    return {
        "numerator": numerator,
        "denominator": denominator,
        "percent": _percent(numerator, denominator),
    }


def long_term_stability(
    episodes: pd.DataFrame, header: pd.DataFrame | None, *, on: DateLike
) -> dict[str, Any]:
    prep = prepare_episodes(episodes)
    d = _as_date(on)
    current = current_episodes(prep, on=d)
    decom = prep["DECOM"].to_numpy()

    care_start = decom[_walk(prep["PREV"].to_numpy(), current.index.to_numpy())]
    placed_since = decom[_placement_start_positions(prep, current)]
    ages = _ages_of_current(prep, header, d).to_numpy(dtype="float64", na_value=np.nan)

    # NaN ages compare False, so children without a DOB drop out of the denominator.
    in_denominator = (ages < 16) & (care_start <= (d - pd.DateOffset(months=30)).to_datetime64())
    stable = in_denominator & (placed_since <= (d - pd.DateOffset(years=2)).to_datetime64())
    numerator, denominator = int(stable.sum()), int(in_denominator.sum())
    return {
        "numerator": numerator,
        "denominator": denominator,
        "percent": _percent(numerator, denominator),
    }


def over_20_miles(episodes: pd.DataFrame, *, on: DateLike) -> dict[str, Any]:
    """Children placed more than 20 miles from home, by the current episode's DISTANCE.

    When the frame has no DISTANCE column the distance is computed from HOME_POST and
    PL_POST through the postcode directory (only for the current episodes).
    """
    current = current_episodes(episodes, on=on)
    if "DISTANCE" in current.columns:
        distance = pd.to_numeric(current["DISTANCE"], errors="coerce")
    else:
        distance = postcodes.distance_miles(current["HOME_POST"], current["PL_POST"])
    numerator = int((distance > 20).sum())
    denominator = len(current)
    return {
        "numerator": numerator,
        "denominator": denominator,
        "unknown": int(distance.isna().sum()),
        "percent": _percent(numerator, denominator),
    }


def care_leavers(oc3: pd.DataFrame | None, *, on: DateLike) -> dict[str, dict[str, int]] | None:
    """Care leavers from the OC3 table of the collection year ending D; null unless 31 March."""
    d = _as_date(on)
    if (d.month, d.day) != (3, 31):
        return None
    result = {
        group: {"cohort": 0, "suitable_accommodation": 0, "eet": 0} for group in CARE_LEAVER_GROUPS
    }
    if oc3 is None or len(oc3) == 0:
        return result
    rows = oc3[oc3["YEAR"].astype("int64") == d.year] if "YEAR" in oc3.columns else oc3
    age = age_in_years(rows["DOB"], d)
    group = pd.Series(
        np.select([age.isin([17, 18]), age.isin([19, 20, 21])], CARE_LEAVER_GROUPS, default=""),
        index=rows.index,
    )
    suitable = _clean_codes(rows["ACCOM"]).str.endswith("1").fillna(False).astype(bool)
    eet = _clean_codes(rows["ACTIV"]).str.match(r"[FP]").fillna(False).astype(bool)
    for name in CARE_LEAVER_GROUPS:
        in_group = group == name
        result[name] = {
            "cohort": int(in_group.sum()),
            "suitable_accommodation": int((in_group & suitable).sum()),
            "eet": int((in_group & eet).sum()),
        }
    return result


# --------------------------------------------------------------------------- version 4


def started_rate_per_10k(started_count: int, population: float | None) -> float | None:
    """started per 10,000 children aged 0-17, the same population as rate_per_10k."""
    return rate_per_10k(started_count, population)


def legal_status(episodes: pd.DataFrame, *, on: DateLike) -> dict[str, int]:
    """cla by the legal status (LS) of the current episode, grouped; every key present.

    A blank or unlisted LS is "other", so the groups always add up to cla.
    """
    current = current_episodes(episodes, on=on)
    counts = current["LS"].map(_LS_GROUP).fillna("other").value_counts()
    return {group: int(counts.get(group, 0)) for group in LEGAL_STATUS_GROUPS}


def ethnicity(
    episodes: pd.DataFrame, header: pd.DataFrame | None, *, on: DateLike
) -> dict[str, int]:
    """cla by the ETHNIC of the child's header row (the latest return's, as for SEX and DOB),
    grouped as DfE publishes them; no header row, blank, REFU, NOBT or any other code is
    not_known."""
    current = current_episodes(episodes, on=on)
    codes = _clean_codes(_latest_per_child(header, ["ETHNIC"])["ETHNIC"])
    group = current["CHILD"].map(codes).map(_ETHNIC_GROUP).fillna("not_known")
    counts = group.value_counts()
    return {key: int(counts.get(key, 0)) for key in ETHNIC_GROUPS}


def placement_codes(episodes: pd.DataFrame, *, on: DateLike) -> dict[str, int]:
    """cla by the current episode's PLACE code as normalised (trimmed, upper case).

    Every code is kept apart (H5, K3 and P2; Z1 and Z11-Z14), only codes that occur are keys
    (no zero entries), in code order. A blank PLACE is no code, so it has no key: the values
    then add up to cla less the children whose current PLACE is blank.
    """
    counts = current_episodes(episodes, on=on)["PLACE"].dropna().value_counts()
    return {str(code): int(counts[code]) for code in sorted(counts.index)}


def ceased_by_reason(episodes: pd.DataFrame, *, on: DateLike) -> dict[str, int]:
    """The children counted in `ceased`, by the REC of their last ceasing episode in the
    period: the latest DEC, and on a tie the latest DECOM. Every key present; the values add
    up to ceased."""
    prep = prepare_episodes(episodes)
    rows = prep.loc[_ceasing_in_period(prep, _as_date(on)), ["CHILD", "DECOM", "DEC", "REC"]]
    last = rows.sort_values(["CHILD", "DEC", "DECOM"], kind="stable").drop_duplicates(
        "CHILD", keep="last"
    )
    counts = last["REC"].map(_REC_GROUP).fillna("other").value_counts()
    return {reason: int(counts.get(reason, 0)) for reason in CEASED_REASONS}


def placed_outside_area(pl_post: pd.Series, *, la_code: str) -> pd.Series:
    """Per placement postcode: True outside the council's area, False inside, <NA> unknown.

    Unknown is a blank postcode or one not in the ONS Postcode Directory. Otherwise the
    postcode's district (laua) is mapped to its upper-tier council by the ONS April 2023
    lookup, a district missing from the lookup being its own upper tier; a directory postcode
    with no district is in no district of the council, so outside.
    """
    return outside_council(postcodes.locate(pl_post), la_code=la_code)


def outside_council(located: pd.DataFrame, *, la_code: str) -> pd.Series:
    """placed_outside_area for postcodes already located (postcodes.locate's frame)."""
    council = reference.council_of_districts(located["laua"])
    outside = council.ne(la_code).astype("boolean")
    return outside.where(located["found"].to_numpy(dtype=bool), pd.NA)


def outside_area(episodes: pd.DataFrame, *, on: DateLike, la_code: str) -> dict[str, Any]:
    """Children whose current placement is outside the council's area (denominator cla).

    Uses the current episode's PLACED_IN_AREA when the frame has it (the import works it out
    for each episode by placed_outside_area, so the directory is read once, at import);
    otherwise looks PL_POST up. Unknown children stay in the denominator.
    """
    current = current_episodes(episodes, on=on)
    if "PLACED_IN_AREA" in current.columns:
        in_area = current["PLACED_IN_AREA"].astype("boolean")
        outside = ~in_area
    else:
        outside = placed_outside_area(current["PL_POST"], la_code=la_code)
    numerator = int(outside.fillna(False).sum())
    denominator = len(current)
    return {
        "numerator": numerator,
        "denominator": denominator,
        "unknown": int(outside.isna().sum()),
        "percent": _percent(numerator, denominator),
    }


def truncated_history_warning(earliest_return_start: DateLike | None, on: DateLike) -> bool:
    """True when D is less than 2 years 6 months after the earliest loaded return's 1 April.

    Walk-backs then may stop at the start of the data, understating periods of care and
    placements (MEASURES.md, Conventions). With nothing loaded there is nothing to warn of.
    """
    if earliest_return_start is None:
        return False
    return _as_date(on) < _as_date(earliest_return_start) + pd.DateOffset(months=30)


# Its measures share their work (a context manager from contextlib decorates as well).
@shared_work()
def headline_measures(
    *,
    la_code: str,
    on: DateLike,
    episodes: pd.DataFrame,
    header: pd.DataFrame | None,
    uasc: pd.DataFrame | None,
    oc3: pd.DataFrame | None,
    population: float | None,
) -> dict[str, Any]:
    """Every headline measure at D, as the JSON object of MEASURES.md (same keys, same order)."""
    d = _as_date(on)
    prep = prepare_episodes(episodes)
    cla = children_looked_after(prep, on=d)
    started_count = started(prep, on=d)
    return {
        "la": la_code,
        "reference_date": d.date().isoformat(),
        "cla": cla,
        "started": started_count,
        "ceased": ceased(prep, on=d),
        "uasc": _uasc_count(prep, uasc, on=d),
        "rate_per_10k": rate_per_10k(cla, population),
        "age_bands": age_bands(prep, header, on=d),
        "sex": sex(prep, header, on=d),
        "placement_mix": placement_mix(prep, on=d),
        "three_plus_placements": three_plus_placements(prep, on=d),
        "long_term_stability": long_term_stability(prep, header, on=d),
        "over_20_miles": over_20_miles(prep, on=d),
        "care_leavers": care_leavers(oc3, on=d),
        "started_rate_per_10k": started_rate_per_10k(started_count, population),
        "legal_status": legal_status(prep, on=d),
        "ethnicity": ethnicity(prep, header, on=d),
        "placement_codes": placement_codes(prep, on=d),
        "ceased_by_reason": ceased_by_reason(prep, on=d),
        "outside_area": outside_area(prep, on=d, la_code=la_code),
    }


# headline_measures takes a keyword argument called `uasc` (the table), which shadows the
# measure of the same name inside it.
_uasc_count = uasc


# --------------------------------------------------------------------------- series


def _as_ns(dates: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Dates as int64 nanoseconds (NaT becomes the smallest int64; mask it separately)."""
    return np.asarray(dates, dtype="datetime64[ns]").astype(np.int64)


def quarterly_series(episodes: pd.DataFrame, *, start: DateLike, end: DateLike) -> pd.DataFrame:
    """cla, started and ceased at every calendar quarter end (30 Jun, 30 Sep, 31 Dec, 31 Mar)
    from start to end inclusive.

    cla is the count on the date, exactly as children_looked_after. started and ceased count
    children in the quarter ending on the date (the day after the previous quarter end to the
    date, inclusive), by the same rules as started/ceased but over 3 months, not 12.

    Computed for all dates at once: each child's episodes are merged into runs of continuous
    care, and the runs open on a date are counted by binary search.
    """
    prep = prepare_episodes(episodes)
    dates = pd.date_range(_as_date(start), _as_date(end), freq="QE")
    columns = ["date", "cla", "started", "ceased"]
    if len(dates) == 0:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in columns}).assign(
            date=pd.Series(dtype="datetime64[ns]")
        )[columns]
    date_ns = _as_ns(dates)
    first_quarter_opens_after = dates[0] - pd.offsets.QuarterEnd(1)
    edges = np.concatenate([_as_ns(pd.DatetimeIndex([first_quarter_opens_after])), date_ns])

    decom = _as_ns(prep["DECOM"])
    # Open episodes end "never": the largest int64 sorts after every real date.
    dec = np.where(prep["DEC"].isna().to_numpy(), np.iinfo(np.int64).max, _as_ns(prep["DEC"]))

    # Runs of continuous care per child: [start, end) intervals that never overlap, so each
    # child is counted at most once on any date.
    keep = dec > decom  # a zero-length episode is never "looked after" on any date
    child_codes = pd.factorize(prep["CHILD"])[0]
    child = child_codes[keep]
    starts, ends = decom[keep], dec[keep]
    frame = pd.DataFrame({"child": child, "start": starts, "end": ends})
    reach = frame.groupby("child")["end"].cummax()
    reach_before = reach.groupby(frame["child"]).shift()
    new_run = reach_before.isna().to_numpy() | (frame["start"].to_numpy() > reach_before.to_numpy())
    runs = frame.groupby(np.cumsum(new_run)).agg(start=("start", "min"), end=("end", "max"))
    run_starts = np.sort(runs["start"].to_numpy())
    run_ends = np.sort(runs["end"].to_numpy())
    cla = np.searchsorted(run_starts, date_ns, side="right") - np.searchsorted(
        run_ends, date_ns, side="right"
    )

    def children_per_quarter(rows: np.ndarray, when: np.ndarray) -> np.ndarray:
        # side="left": bin k holds edges[k-1] < when <= edges[k], i.e. quarter k ending on
        # dates[k-1]; bins 0 and len(edges) are outside the series.
        quarter = np.searchsorted(edges, when[rows], side="left")
        pairs = pd.DataFrame({"child": child_codes[rows], "q": quarter})
        pairs = pairs[(pairs["q"] >= 1) & (pairs["q"] < len(edges))].drop_duplicates()
        return np.bincount(pairs["q"].to_numpy() - 1, minlength=len(dates))

    started_rows = prep["RNE"].eq("S").to_numpy()
    ceased_rows = (
        prep["DEC"].notna() & prep["REC"].notna() & prep["REC"].ne(REC_CONTINUING)
    ).to_numpy()
    return pd.DataFrame(
        {
            "date": dates,
            "cla": cla.astype(np.int64),
            "started": children_per_quarter(started_rows, decom),
            "ceased": children_per_quarter(ceased_rows, dec),
        }
    )
