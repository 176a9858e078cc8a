"""The demand model: a stock-and-flow Markov model over age band x placement category.

Pure numpy/pandas: episodes and header frames in, arrays and DataFrames out. No ORM, no HTTP,
so the page, the `forecast` command, the tests and the benchmarks share one code path.
docs/adr/0006-forecast-model.md explains the choices; in short:

- A state is (placement category, age band): the 12 MEASURES.md categories x 6 bands, 72
  states, plus "left care". Reporting by category is a sum over bands, no mapping needed.
- Over the reference period (the months up to the base date) we count, per state, the days
  children spent in it (person-time at risk), entries into care, exits from care, moves to
  another state (a change of placement category, or a birthday into the next band), and
  divide: a hazard per day. Entries are a count per day, not per child in care.
- Only what was known at the base date: episodes starting after it are dropped, episodes
  ending after it are open.
- The projection steps a day at a time inside each month (P = I + Q, hazards are small), so a
  month is a matrix power and the month's entries a short sum: stock' = stock @ M + entries.
- Uncertainty: each of K draws takes every count as Poisson around the observed count (the
  rates' sampling error) and then simulates the months as multinomial moves and Poisson
  entries (the future's own randomness). The band is the deterministic mean +/- 2 standard
  deviations of the draws, floored at zero.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from placements.cohort.measures import PLACEMENT_CATEGORIES, prepare_episodes
from sufficiency.calendar import financial_year

# 16 and 17 are a band each: care ends at 18, and with one 16-17 band a constant rate could not
# tell a 17-year-old about to leave from a 16-year-old with two years to go (ADR 0016).
AGE_BANDS: tuple[str, ...] = ("under_1", "1_4", "5_9", "10_15", "16", "17")
AGE_BAND_LABELS: dict[str, str] = {
    "under_1": "Under 1",
    "1_4": "1 to 4",
    "5_9": "5 to 9",
    "10_15": "10 to 15",
    "16": "16",
    "17": "17",
}
# Birthdays that open each band; the last edge (18) is when care ends.
BAND_EDGES: tuple[int, ...] = (0, 1, 5, 10, 16, 17, 18)
CATEGORIES: tuple[str, ...] = PLACEMENT_CATEGORIES
N_BANDS = len(AGE_BANDS)
N_CATEGORIES = len(CATEGORIES)
N_STATES = N_CATEGORIES * N_BANDS
OUT = N_STATES  # the "left care" column of the hazard matrix
FOSTERING_SPLIT = ("inhouse_foster", "ifa_foster")
MAX_MONTHS = 60
BASELINE = "Current trends"
DEFAULT_DRAWS = 100
# Rates weight recent experience: a day this many months before the base date counts half
# (docs/adr/0016-rolling-backtests.md: chosen on rolling backtests; None = plain counts).
HALF_LIFE_MONTHS: float | None = 12.0
# Changes of placement type by age band are pulled towards the type's rate over all bands by
# this many child-days of it (ADR 0016; 0 = each band on its own).
SHRINK_DAYS = 365.0
# A child with no date of birth is given this age at the base date (ADR 0006).
MISSING_AGE_DAYS = int(12.5 * 365.25)


def state_index(category: int | np.ndarray, band: int | np.ndarray):
    return category * N_BANDS + band


def category_of_state(state: int) -> str:
    return CATEGORIES[state // N_BANDS]


def _days(values) -> np.ndarray:
    """Dates as whole days since 1970 (int64); missing as the int64 minimum."""
    series = pd.to_datetime(pd.Series(values))
    days = series.to_numpy(dtype="datetime64[D]").astype(np.int64)
    return np.where(series.isna().to_numpy(), np.iinfo(np.int64).min, days)


def _day(on: date | str | pd.Timestamp) -> int:
    return int(np.datetime64(pd.Timestamp(on).date(), "D").astype(np.int64))


def add_months(on: date, months: int) -> date:
    """The same day `months` later, clipped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month = on.month - 1 + months
    year = on.year + month // 12
    month = month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    # A base date at a month's end steps to month ends (30 Apr + 1 = 31 May).
    day = last if on.day == calendar.monthrange(on.year, on.month)[1] else min(on.day, last)
    return date(year, month, day)


def month_dates(base_date: date, months: int) -> list[date]:
    return [add_months(base_date, k) for k in range(1, months + 1)]


# --------------------------------------------------------------------------- estimation


@dataclass(frozen=True)
class Counts:
    """What happened over the reference period: the sufficient statistics of the rates."""

    base_date: date
    reference_start: date  # first day of the reference period
    days: float  # its length in days (weighted days with a half-life)
    exposure: np.ndarray  # (S,) child-days in each state
    entries: np.ndarray  # (S,) entries into care, by the state entered
    moves: np.ndarray  # (S, S+1) moves between states; column OUT = left care
    ageing: np.ndarray  # (S,) of the moves, those that are a birthday into the next band
    stock: np.ndarray  # (S,) children in care on the base date
    children: int = 0  # children with any time in care in the reference period
    # With recent experience weighted more (half_life_months), the counts are weighted sums;
    # a weighted sum of Poisson events has variance `dispersion` x its value, not its value.
    dispersion: float = 1.0
    half_life_months: float | None = None


@dataclass(frozen=True)
class Rates:
    """Per-day entries (..., S) and hazards (..., S, S+1); leading dims are draws."""

    entries: np.ndarray
    hazards: np.ndarray

    def stacked(self, k: int) -> Rates:
        if self.entries.ndim == 2:
            return self
        return Rates(
            np.broadcast_to(self.entries, (k, N_STATES)).copy(),
            np.broadcast_to(self.hazards, (k, N_STATES, N_STATES + 1)).copy(),
        )


def _truncate(episodes: pd.DataFrame, base: int) -> dict[str, np.ndarray]:
    """Episodes as known on the base date, as arrays aligned with the prepared frame's rows."""
    decom = _days(episodes["DECOM"])
    dec = _days(episodes["DEC"])
    missing = np.iinfo(np.int64).min
    known = (decom != missing) & (decom <= base)
    ended = known & (dec != missing) & (dec <= base)
    prev = episodes["PREV"].to_numpy()
    has_successor = np.zeros(len(episodes), dtype=bool)
    linked = known & (prev >= 0)
    has_successor[prev[linked]] = True
    return {"decom": decom, "dec": dec, "known": known, "ended": ended, "succ": has_successor}


def _dob_days(episodes: pd.DataFrame, header: pd.DataFrame | None, base: int) -> np.ndarray:
    """Each episode's child's date of birth in days; missing ones per MISSING_AGE_DAYS."""
    missing = base - MISSING_AGE_DAYS
    if header is None or len(header) == 0 or "DOB" not in header.columns:
        return np.full(len(episodes), missing, dtype=np.int64)
    table = header[["CHILD", "DOB", *(["YEAR"] if "YEAR" in header.columns else [])]].copy()
    table["CHILD"] = table["CHILD"].astype("str").str.strip()
    if "YEAR" in table.columns:
        table = table.sort_values("YEAR", kind="stable")
    table = table.dropna(subset=["DOB"]).drop_duplicates("CHILD", keep="last")
    dob = pd.to_datetime(table.set_index("CHILD")["DOB"])
    mapped = episodes["CHILD"].map(dob)
    days = _days(mapped)
    return np.where(days == np.iinfo(np.int64).min, missing, days)


def _band_edges(dob: np.ndarray) -> np.ndarray:
    """(n, 6) the day each band opens: the 0th, 1st, 5th, 10th, 16th and 18th birthdays."""
    dob_dt = pd.to_datetime(dob.astype("datetime64[D]"))
    edges = np.empty((len(dob), len(BAND_EDGES)), dtype=np.int64)
    years = dob_dt.year.to_numpy()
    months = dob_dt.month.to_numpy()
    days = dob_dt.day.to_numpy()
    for k, age in enumerate(BAND_EDGES):
        # A 29 February birthday falls on 1 March in other years (as in measures.age_in_years).
        leap = (months == 2) & (days == 29)
        target_year = years + age
        is_leap = (target_year % 4 == 0) & ((target_year % 100 != 0) | (target_year % 400 == 0))
        shift = leap & ~is_leap
        m = np.where(shift, 3, months)
        d = np.where(shift, 1, days)
        stamps = (
            (target_year - 1970).astype("datetime64[Y]").astype("datetime64[M]")
            + (m - 1).astype("timedelta64[M]")
        ).astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")
        edges[:, k] = stamps.astype(np.int64)
    return edges


def _band_at(edges: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Band index of each row on `day` (ages past 18 clamp to 17, before birth to 0)."""
    band = (day[:, None] >= edges[:, 1:N_BANDS]).sum(axis=1)
    return band.astype(np.int64)


class _Weights:
    """Recent experience counts more: a day `t` days before the base date weighs
    2^(-t / half-life). Without a half-life every day weighs 1 (plain counts)."""

    def __init__(self, base: int, half_life_days: float | None):
        self.base = base
        self.k = None if not half_life_days else np.log(2) / half_life_days

    def at(self, day: np.ndarray) -> np.ndarray:
        day = np.asarray(day, dtype=np.float64)
        if self.k is None:
            return np.ones_like(day)
        return np.exp(-self.k * (self.base + 1 - day))

    def over(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """The weighted days in [lo, hi) (0 where hi <= lo)."""
        lo = np.asarray(lo, dtype=np.float64)
        hi = np.maximum(np.asarray(hi, dtype=np.float64), lo)
        if self.k is None:
            return hi - lo
        return (self.at(hi) - self.at(lo)) / self.k

    def dispersion(self, ws: int, we: int) -> float:
        """Sum of w^2 / sum of w over the window, for events spread evenly over it."""
        if self.k is None or we <= ws:
            return 1.0
        squared = (
            np.exp(-2 * self.k * (self.base + 1 - we)) - np.exp(-2 * self.k * (self.base + 1 - ws))
        ) / (2 * self.k)
        return float(squared / self.over(np.array([ws]), np.array([we]))[0])


def observed_counts(
    episodes: pd.DataFrame,
    header: pd.DataFrame | None,
    *,
    base_date: date,
    reference_months: int = 36,
    earliest: date | None = None,
    half_life_months: float | None = None,
) -> Counts:
    """Count person-time, entries, exits and moves per state over the reference period.

    The period is the `reference_months` months ending on the base date (inclusive), cut to
    start no earlier than `earliest` (the first day of the loaded data). With
    `half_life_months`, each child-day and event is weighted by how recent it is (a day that
    many months before the base date counts half), so rates follow a change sooner.
    """
    prep = prepare_episodes(episodes)
    base = _day(base_date)
    start_date = add_months(base_date, -reference_months) + pd.Timedelta(days=1).to_pytimedelta()
    if earliest is not None and earliest > start_date:
        start_date = earliest
    ws, we = _day(start_date), base + 1  # the window [ws, we) in days
    weights = _Weights(base, half_life_months * 30.4375 if half_life_months else None)
    t = _truncate(prep, base)
    known = t["known"]
    category_codes = pd.Categorical(prep["CATEGORY"], categories=CATEGORIES).codes.astype(np.int64)
    category_codes = np.where(category_codes < 0, CATEGORIES.index("other"), category_codes)

    rows = np.flatnonzero(known)
    decom = t["decom"][rows]
    dec = np.where(t["ended"][rows], t["dec"][rows], we)  # open on the base date: runs on
    category = category_codes[rows]
    dob = _dob_days(prep.iloc[rows], header, base)
    edges = _band_edges(dob)
    eighteen = edges[:, N_BANDS]
    # Care ends at 18 in the model: time after the 18th birthday is not counted.
    end = np.minimum(dec, eighteen)

    exposure = np.zeros(N_STATES)
    ageing = np.zeros(N_STATES)
    moves = np.zeros((N_STATES, N_STATES + 1))
    lo_window = np.maximum(decom, ws)
    hi_window = np.minimum(end, we)
    for band in range(N_BANDS):
        lo = np.maximum(lo_window, edges[:, band])
        hi = np.minimum(hi_window, edges[:, band + 1])
        days = weights.over(lo, hi)
        exposure += np.bincount(state_index(category, band), weights=days, minlength=N_STATES)
        if band < N_BANDS - 1:
            birthday = edges[:, band + 1]
            crossed = (birthday > lo_window) & (birthday < hi_window)
            source = state_index(category[crossed], band)
            w = weights.at(birthday[crossed])
            np.add.at(moves, (source, state_index(category[crossed], band + 1)), w)
            ageing += np.bincount(source, weights=w, minlength=N_STATES)

    # Entries: the first episode of a period of care (no contiguous predecessor), under 18.
    prev = prep["PREV"].to_numpy()[rows]
    entry = (prev < 0) & (decom >= ws) & (decom <= base) & (decom < eighteen)
    entry_band = _band_at(edges[entry], decom[entry])
    entries = np.bincount(
        state_index(category[entry], entry_band), weights=weights.at(decom[entry]),
        minlength=N_STATES,
    )  # fmt: skip

    # Endings inside the window: an event on day d belongs to the band of day d - 1.
    ended = t["ended"][rows]
    ends_in = ended & (dec > ws) & (dec <= base)
    # Still in care on the 18th birthday, inside the window: left care at 18.
    leaves_at_18 = (decom < eighteen) & (eighteen <= dec) & (eighteen > ws) & (eighteen <= base)
    # A move or exit on or after the 18th birthday is "left care at 18".
    normal_end = ends_in & (dec < eighteen)
    from_band = _band_at(edges[normal_end], dec[normal_end] - 1)
    source = state_index(category[normal_end], from_band)
    successor = t["succ"][rows][normal_end]
    # A successor's state: its category, its band on its first day (the same day).
    next_category = np.full(len(prep), -1, dtype=np.int64)
    next_rows = np.flatnonzero(known & (prep["PREV"].to_numpy() >= 0))
    next_category[prep["PREV"].to_numpy()[next_rows]] = category_codes[next_rows]
    to_category = next_category[rows][normal_end]
    to_band = _band_at(edges[normal_end], dec[normal_end])
    target = np.where(successor, state_index(to_category, to_band), OUT)
    # Moving within a state (a new placement of the same type) is not a move.
    real = target != source
    np.add.at(moves, (source[real], target[real]), weights.at(dec[normal_end][real]))
    aged_out = state_index(category[leaves_at_18], N_BANDS - 1)
    np.add.at(moves, (aged_out, np.full(len(aged_out), OUT)), weights.at(eighteen[leaves_at_18]))

    # Stock on the base date: each child's latest open episode.
    open_now = (t["decom"] <= base) & ~t["ended"] & known
    current = prep.loc[open_now, ["CHILD"]].assign(pos=np.flatnonzero(open_now))
    current = current.drop_duplicates("CHILD", keep="last")["pos"].to_numpy()
    position = np.full(len(prep), -1, dtype=np.int64)
    position[rows] = np.arange(len(rows))
    local = position[current]
    stock_band = _band_at(edges[local], np.full(len(local), base))
    stock = np.bincount(state_index(category[local], stock_band), minlength=N_STATES).astype(
        np.float64
    )

    in_window = (lo_window < hi_window) | entry
    children = int(pd.unique(prep["CHILD"].to_numpy()[rows][in_window]).size)
    return Counts(
        base_date=base_date,
        reference_start=start_date,
        days=float(weights.over(np.array([ws]), np.array([we]))[0]),
        exposure=exposure,
        entries=entries,
        moves=moves,
        ageing=ageing,
        stock=stock,
        children=children,
        dispersion=weights.dispersion(ws, we),
        half_life_months=half_life_months,
    )


def _at_risk(counts: Counts) -> np.ndarray:
    # A state left on the day it was entered (a zero-length episode) has events but no
    # child-days; count each event as at least a day at risk, so the state is left quickly
    # rather than never.
    return np.maximum(counts.exposure, counts.moves.sum(axis=1))


def _hazards(moves: np.ndarray, at_risk: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        hazards = np.where(at_risk[:, None] > 0, moves / at_risk[:, None], 0.0)
    if SHRINK_DAYS:
        hazards = _pooled_changes(hazards, moves, at_risk)
    return _capped(hazards)


def _pooled_changes(hazards: np.ndarray, moves: np.ndarray, at_risk: np.ndarray) -> np.ndarray:
    """Changes of placement type, age band by age band, are few; each band's rate is pulled
    towards the type's rate over all bands by SHRINK_DAYS child-days of it (a prior worth that
    much experience), so a band with little time in it does not get a wild rate."""
    lead = moves.shape[:-2]
    k = float(SHRINK_DAYS)
    m = moves[..., :N_STATES].reshape(*lead, N_CATEGORIES, N_BANDS, N_CATEGORIES, N_BANDS)
    a = at_risk.reshape(N_CATEGORIES, N_BANDS)
    # Moves from (c, b) to another type d, any band; same-type moves are birthdays.
    to_type = m.sum(axis=-1)
    same = np.eye(N_CATEGORIES, dtype=bool)[:, None, :]
    to_type = np.where(same, 0.0, to_type)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.where(
            a.sum(axis=1)[:, None] > 0, to_type.sum(axis=-2) / a.sum(axis=1)[:, None], 0.0
        )
    h = hazards[..., :N_STATES].reshape(m.shape).copy()
    denominator = (a + k)[..., None, None]
    other = ~np.eye(N_CATEGORIES, dtype=bool)[:, None, :, None]
    shrunk = m / denominator
    h = np.where(other, shrunk, h)
    # The prior's moves keep the child's age band.
    for b in range(N_BANDS):
        h[..., :, b, :, b] += k * pooled / (a[:, b] + k)[:, None]
    out = hazards.copy()
    out[..., :N_STATES] = h.reshape(*lead, N_STATES, N_STATES)
    return out


def rates_from(counts: Counts) -> Rates:
    """Point estimates: events / person-days (hazards), entries / days."""
    return Rates(
        entries=counts.entries / max(counts.days, 1),
        hazards=_hazards(counts.moves, _at_risk(counts)),
    )


def draw_rates(counts: Counts, draws: int, rng: np.random.Generator) -> Rates:
    """Parametric bootstrap: every count Poisson around the observed one (a weighted count
    c with dispersion phi is drawn as phi x Poisson(c / phi): mean c, variance phi x c)."""
    phi = counts.dispersion
    entries = phi * rng.poisson(counts.entries / phi, size=(draws, N_STATES)) / max(counts.days, 1)
    # Most moves never happen (Poisson around nought is nought): draw only those that did.
    seen = np.flatnonzero(counts.moves.ravel() > 0)
    flat = np.zeros((draws, N_STATES * (N_STATES + 1)))
    flat[:, seen] = phi * rng.poisson(counts.moves.ravel()[seen] / phi, size=(draws, len(seen)))
    moves = flat.reshape(draws, N_STATES, N_STATES + 1)
    # Single precision: the draws only measure the spread of the mean path, and the month
    # powers of a hundred matrices are most of a forecast's time.
    return Rates(
        entries=entries.astype(np.float32),
        hazards=_hazards(moves, _at_risk(counts)).astype(np.float32),
    )


# --------------------------------------------------------------------------- scenarios

ENTRIES, EXITS, TRANSITION, INHOUSE_SHARE = "entries", "exits", "transition", "inhouse_share"


@dataclass(frozen=True)
class Adjustment:
    """A change a plan is expected to make, from a date.

    entries / exits: multiply entry rates / exit rates by (1 + percent/100), for one category
    (or all when category is blank).
    transition: multiply the rate of moves from `category` to `to_category` by
    (1 + percent/100), and add `number` extra moves a year, turned into a rate on the children
    projected in `category` when the change starts.
    inhouse_share: of children starting in fostering by an agency or in-house (entries and
    moves), move `percent` percentage points of the share to in-house.
    """

    kind: str
    start: date
    percent: float = 0.0
    category: str = ""
    to_category: str = ""
    number: float = 0.0


def _rows_of(category: str) -> np.ndarray:
    if not category:
        return np.arange(N_STATES)
    c = CATEGORIES.index(category)
    return state_index(c, np.arange(N_BANDS))


def apply_adjustments(
    rates: Rates, adjustments: Sequence[Adjustment], stock_at: dict[date, np.ndarray]
) -> Rates:
    """New rates with the adjustments applied, in a fixed order: rate changes, extra moves,
    then the in-house share (so it divides the flows the other changes left)."""
    entries = rates.entries.copy()
    hazards = rates.hazards.copy()
    order = {ENTRIES: 0, EXITS: 0, TRANSITION: 1, INHOUSE_SHARE: 2}
    for adj in sorted(adjustments, key=lambda a: order[a.kind]):
        factor = 1 + adj.percent / 100
        if adj.kind == ENTRIES:
            entries[..., _rows_of(adj.category)] *= factor
        elif adj.kind == EXITS:
            hazards[..., _rows_of(adj.category), OUT] *= factor
        elif adj.kind == TRANSITION:
            source = _rows_of(adj.category)
            target = _rows_of(adj.to_category)
            # Same band: the step-down keeps the child's age.
            hazards[..., source, target] *= factor
            if adj.number:
                in_source = float(stock_at[adj.start][source].sum()) if adj.start in stock_at else 0
                if in_source > 0:
                    hazards[..., source, target] += adj.number / 365.25 / in_source
        elif adj.kind == INHOUSE_SHARE:
            inhouse = _rows_of("inhouse_foster")
            ifa = _rows_of("ifa_foster")
            entries[..., inhouse], entries[..., ifa] = _reshare(
                entries[..., inhouse], entries[..., ifa], adj.percent
            )
            others = np.setdiff1d(np.arange(N_STATES), np.concatenate([inhouse, ifa]))
            h = hazards[..., others, :]
            h[..., inhouse], h[..., ifa] = _reshare(h[..., inhouse], h[..., ifa], adj.percent)
            hazards[..., others, :] = h
    return Rates(entries=entries, hazards=_capped(hazards))


def _reshare(inhouse: np.ndarray, ifa: np.ndarray, points: float):
    total = inhouse + ifa
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, inhouse / total, 0.0)
    share = np.clip(share + points / 100, 0.0, 1.0)
    return total * share, total * (1 - share)


def _capped(hazards: np.ndarray) -> np.ndarray:
    # A day's chance of leaving a state cannot pass 1; scale a row down if a change pushes it.
    total = hazards.sum(axis=-1, keepdims=True)
    return np.where(total > 0.5, hazards * (0.5 / np.maximum(total, 1e-12)), hazards)


# --------------------------------------------------------------------------- projection


SOURCE = N_STATES + 1  # the augmented matrix's row that feeds each day's entries
MONTH_LENGTHS = (28, 29, 30, 31)


def _daily_matrix(rates: Rates) -> np.ndarray:
    """(..., S+2, S+2) one day: moves between states, "left care" absorbing, and a source row
    that adds the day's entries, so a month is one matrix power (entries, then moves)."""
    hazards = rates.hazards
    lead = hazards.shape[:-2]
    p = np.zeros((*lead, N_STATES + 2, N_STATES + 2), dtype=hazards.dtype)
    p[..., :N_STATES, : N_STATES + 1] = hazards
    idx = np.arange(N_STATES)
    p[..., idx, idx] = 1.0 - hazards.sum(axis=-1)
    p[..., OUT, OUT] = 1.0
    p[..., SOURCE, :N_STATES] = rates.entries
    p[..., SOURCE, SOURCE] = 1.0
    return p


def month_steps(rates: Rates) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """For each month length: (M, e), the month's transition matrix (..., S, S+1) and the
    expected entries still in care at its end (..., S)."""
    daily = _daily_matrix(rates)
    power = np.linalg.matrix_power(daily, MONTH_LENGTHS[0])
    steps = {}
    for days in MONTH_LENGTHS:
        if days > MONTH_LENGTHS[0]:
            power = power @ daily
        steps[days] = (power[..., :N_STATES, : N_STATES + 1], power[..., SOURCE, :N_STATES])
    return steps


def _process_covariance(c: np.ndarray, x: np.ndarray, m: np.ndarray, e: np.ndarray):
    """One month's covariance of the stock (S x S), given the start's covariance c and mean x:
    each child moves as a multinomial draw from its state's row of M, entries are Poisson."""
    ms = m[:, :N_STATES]
    moved = x @ ms
    return ms.T @ c @ ms + np.diag(moved) - ms.T @ (x[:, None] * ms) + np.diag(e)


@dataclass
class Projection:
    """A forecast: month-end dates, the mean per state and draws' spread."""

    base_date: date
    dates: list[date]
    stock0: np.ndarray  # (S,) on the base date
    mean: np.ndarray  # (T, S)
    sd_total: np.ndarray  # (T,)
    sd_category: np.ndarray  # (T, C)
    name: str = BASELINE
    adjustments: tuple[Adjustment, ...] = field(default_factory=tuple)

    @property
    def total(self) -> np.ndarray:
        return self.mean.sum(axis=1)

    @property
    def lower(self) -> np.ndarray:
        return np.maximum(self.total - 2 * self.sd_total, 0.0)

    @property
    def upper(self) -> np.ndarray:
        return self.total + 2 * self.sd_total

    @property
    def by_category(self) -> np.ndarray:
        """(T, C) mean children per placement category."""
        return self.mean.reshape(len(self.dates), N_CATEGORIES, N_BANDS).sum(axis=2)

    @property
    def by_band(self) -> np.ndarray:
        return self.mean.reshape(len(self.dates), N_CATEGORIES, N_BANDS).sum(axis=1)

    def category_lower(self) -> np.ndarray:
        return np.maximum(self.by_category - 2 * self.sd_category, 0.0)

    def category_upper(self) -> np.ndarray:
        return self.by_category + 2 * self.sd_category

    def as_json(self, digits: int = 1) -> dict:
        """The `forecast` command's JSON object."""

        def r(values) -> list[float]:
            return [round(float(v), digits) for v in values]

        return {
            "base_date": self.base_date.isoformat(),
            "dates": [d.isoformat() for d in self.dates],
            "total": {"mean": r(self.total), "lower": r(self.lower), "upper": r(self.upper)},
            "by_category": {c: r(self.by_category[:, i]) for i, c in enumerate(CATEGORIES)},
        }


def _active(adjustments: Sequence[Adjustment], month_start: date) -> tuple[Adjustment, ...]:
    # An adjustment applies to every month that starts on or after its date.
    return tuple(a for a in adjustments if a.start <= month_start)


def project(
    counts: Counts,
    *,
    months: int,
    adjustments: Sequence[Adjustment] = (),
    draws: int = DEFAULT_DRAWS,
    seed: int = 20_260_401,
    name: str = BASELINE,
    stock_at: dict[date, np.ndarray] | None = None,
) -> Projection:
    """Project the stock month by month from the base date, with mean +/- 2 sd bands.

    `stock_at` gives the (baseline) stock per state on the adjustments' start dates, which
    turns a number of moves a year into a rate; run the baseline first to get it.
    """
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months must be 1 to {MAX_MONTHS}")
    dates = month_dates(counts.base_date, months)
    starts = [counts.base_date, *dates[:-1]]
    lengths = [(b - a).days for a, b in zip(starts, dates, strict=True)]
    point = rates_from(counts)
    drawn = draw_rates(counts, draws, np.random.default_rng(seed)) if draws else None
    stock_at = stock_at or {}

    cache: dict[tuple, dict] = {}

    def steps(which: str, base_rates: Rates, active: tuple) -> dict:
        key = (which, active)
        if key not in cache:
            adjusted = apply_adjustments(base_rates, active, stock_at) if active else base_rates
            cache[key] = month_steps(adjusted)
        return cache[key]

    # Month k runs from starts[k] (exclusive) to dates[k]; a change dated on or before the
    # first day of the month applies to the whole month.
    month_first = [s + pd.Timedelta(days=1).to_pytimedelta() for s in starts]
    mean = np.empty((months, N_STATES))
    x = counts.stock.copy()
    cov = np.zeros((N_STATES, N_STATES))
    paths = None if drawn is None else np.broadcast_to(x, (draws, N_STATES)).astype(np.float32)
    spread_total = np.zeros(months)
    spread_category = np.zeros((months, N_CATEGORIES))
    process_total = np.zeros(months)
    process_category = np.zeros((months, N_CATEGORIES))
    blocks = np.kron(np.eye(N_CATEGORIES), np.ones((N_BANDS, 1)))  # (S, C) band -> category
    for k, days in enumerate(lengths):
        active = _active(adjustments, month_first[k])
        m, e = steps("point", point, active)[days]
        cov = _process_covariance(cov, x, m, e)
        x = x @ m[:, :N_STATES] + e
        mean[k] = x
        process_total[k] = cov.sum()
        process_category[k] = (blocks * (cov @ blocks)).sum(axis=0)
        if paths is not None and drawn is not None:
            dm, de = steps("draws", drawn, active)[days]
            paths = (paths[:, None, :] @ dm[..., :N_STATES])[:, 0, :] + de
            spread_total[k] = paths.sum(axis=1, dtype=np.float64).var()
            spread_category[k] = (paths.astype(np.float64) @ blocks).var(axis=0)
    # Law of total variance: the future's own randomness (at the estimated rates) plus the
    # spread of the mean path over the rates' sampling error.
    sd_total = np.sqrt(np.maximum(process_total + spread_total, 0))
    sd_category = np.sqrt(np.maximum(process_category + spread_category, 0))
    return Projection(
        base_date=counts.base_date,
        dates=dates,
        stock0=counts.stock.copy(),
        mean=mean,
        sd_total=sd_total,
        sd_category=sd_category,
        name=name,
        adjustments=tuple(adjustments),
    )


def stock_on(projection: Projection, days: Iterable[date]) -> dict[date, np.ndarray]:
    """The projected stock per state at the month end on or before each date."""
    result = {}
    for on in days:
        before = [i for i, d in enumerate(projection.dates) if d < on]
        result[on] = projection.mean[before[-1]] if before else projection.stock0
    return result


def project_scenario(
    counts: Counts,
    baseline: Projection,
    *,
    adjustments: Sequence[Adjustment],
    name: str,
    draws: int = DEFAULT_DRAWS,
    seed: int = 20_260_401,
) -> Projection:
    return project(
        counts,
        months=len(baseline.dates),
        adjustments=adjustments,
        draws=draws,
        seed=seed,
        name=name,
        stock_at=stock_on(baseline, {a.start for a in adjustments}),
    )


# --------------------------------------------------------------------------- history, backtest


def observed_series(episodes: pd.DataFrame, dates: Sequence[date]) -> pd.DataFrame:
    """Children in care on each date by the category of their current episode (dates x C)."""
    prep = prepare_episodes(episodes)
    decom = _days(prep["DECOM"])
    dec = _days(prep["DEC"])
    dec = np.where(dec == np.iinfo(np.int64).min, np.iinfo(np.int64).max, dec)
    child = pd.factorize(prep["CHILD"])[0]
    codes = pd.Categorical(prep["CATEGORY"], categories=CATEGORIES).codes.astype(np.int64)
    codes = np.where(codes < 0, CATEGORIES.index("other"), codes)
    out = np.zeros((len(dates), N_CATEGORIES), dtype=np.int64)
    for i, on in enumerate(dates):
        d = _day(on)
        rows = np.flatnonzero((decom <= d) & (dec > d))
        # Rows are sorted by CHILD, DECOM: the last open row of a child is its current one.
        last = np.ones(len(rows), dtype=bool)
        last[:-1] = child[rows[:-1]] != child[rows[1:]]
        out[i] = np.bincount(codes[rows[last]], minlength=N_CATEGORIES)
    return pd.DataFrame(out, index=pd.to_datetime(list(dates)), columns=list(CATEGORIES))


@dataclass(frozen=True)
class Backtest:
    base_date: date
    dates: list[date]
    forecast: np.ndarray  # total mean
    lower: np.ndarray
    upper: np.ndarray
    actual: np.ndarray
    forecast_by_category: np.ndarray
    actual_by_category: np.ndarray

    @property
    def errors(self) -> np.ndarray:
        return self.forecast - self.actual

    @property
    def mape(self) -> float | None:
        """Mean absolute percentage error of the total, over the months compared."""
        ok = self.actual > 0
        if not ok.any():
            return None
        return float(np.mean(np.abs(self.errors[ok]) / self.actual[ok]) * 100)

    @property
    def final_error_percent(self) -> float | None:
        if len(self.actual) == 0 or self.actual[-1] == 0:
            return None
        return float(self.errors[-1] / self.actual[-1] * 100)

    @property
    def coverage(self) -> float | None:
        """Share of the months where what happened was inside the band."""
        if len(self.actual) == 0:
            return None
        inside = (self.actual >= self.lower) & (self.actual <= self.upper)
        return float(inside.mean() * 100)


def backtest(
    episodes: pd.DataFrame,
    header: pd.DataFrame | None,
    *,
    base_date: date,
    last_date: date,
    reference_months: int = 36,
    earliest: date | None = None,
    draws: int = DEFAULT_DRAWS,
    half_life_months: float | None = HALF_LIFE_MONTHS,
) -> Backtest | None:
    """Forecast from an earlier base date with only what was known then; compare with what
    happened up to last_date."""
    months = 0
    while months < MAX_MONTHS and add_months(base_date, months + 1) <= last_date:
        months += 1
    if months == 0:
        return None
    counts = observed_counts(
        episodes, header, base_date=base_date, reference_months=reference_months,
        earliest=earliest, half_life_months=half_life_months,
    )  # fmt: skip
    projection = project(counts, months=months, draws=draws)
    actual = observed_series(episodes, projection.dates)
    return Backtest(
        base_date=base_date,
        dates=projection.dates,
        forecast=projection.total,
        lower=projection.lower,
        upper=projection.upper,
        actual=actual.sum(axis=1).to_numpy(dtype=np.float64),
        forecast_by_category=projection.by_category,
        actual_by_category=actual.to_numpy(dtype=np.float64),
    )


# --------------------------------------------------------------------------- explaining rates


def summary_rates(counts: Counts) -> pd.DataFrame:
    """Per category: children on the base date, entries a year, exits a year per child in care
    (the hazard x 365.25), moves out to other placement types a year, mean stay in years."""
    exposure = counts.exposure.reshape(N_CATEGORIES, N_BANDS).sum(axis=1)
    stock = counts.stock.reshape(N_CATEGORIES, N_BANDS).sum(axis=1)
    entries = counts.entries.reshape(N_CATEGORIES, N_BANDS).sum(axis=1)
    exits = counts.moves[:, OUT].reshape(N_CATEGORIES, N_BANDS).sum(axis=1)
    moves = counts.moves[:, :N_STATES].sum(axis=1) - counts.ageing
    moves = moves.reshape(N_CATEGORIES, N_BANDS).sum(axis=1)
    years = exposure / 365.25
    with np.errstate(divide="ignore", invalid="ignore"):
        exit_rate = np.where(years > 0, exits / years, np.nan)
        move_rate = np.where(years > 0, moves / years, np.nan)
        stay = np.where(exit_rate + move_rate > 0, 1 / (exit_rate + move_rate), np.nan)
    return pd.DataFrame(
        {
            "stock": stock,
            "entries_per_year": entries / max(counts.days, 1) * 365.25,
            "exit_rate": exit_rate,
            "move_rate": move_rate,
            "mean_stay_years": stay,
            "child_years": years,
        },
        index=list(CATEGORIES),
    )


# --------------------------------------------------------------------------- costs


def monthly_costs(
    projection: Projection,
    weekly_costs: dict[str, float],
    *,
    inflation_percent: float = 0.0,
) -> np.ndarray:
    """(T, C) spend per month and category.

    A month's children are the average of its start and end (the stock moves smoothly); a
    month costs days/7 weeks; prices are those of the base date, uprated by inflation on each
    anniversary of it (month k, counted from 0, pays (1 + i)^(k // 12)).
    """
    by_category = projection.by_category
    start = projection.stock0.reshape(N_CATEGORIES, N_BANDS).sum(axis=1)
    previous = np.vstack([start, by_category[:-1]])
    average = (previous + by_category) / 2
    starts = [projection.base_date, *projection.dates[:-1]]
    weeks = np.array([(b - a).days / 7 for a, b in zip(starts, projection.dates, strict=True)])
    uprate = (1 + inflation_percent / 100) ** (np.arange(len(projection.dates)) // 12)
    unit = np.array([float(weekly_costs.get(c, 0.0) or 0.0) for c in CATEGORIES])
    return average * unit[None, :] * (weeks * uprate)[:, None]


def annual_costs(
    projection: Projection,
    weekly_costs: dict[str, float],
    *,
    inflation_percent: float = 0.0,
) -> pd.DataFrame:
    """Spend per financial year: total, by category, and the months of the year covered."""
    monthly = monthly_costs(projection, weekly_costs, inflation_percent=inflation_percent)
    # A month's spend falls in the financial year of its last day.
    years = np.array([financial_year(d) for d in projection.dates])
    frame = pd.DataFrame(monthly, columns=list(CATEGORIES))
    frame["year"] = years
    grouped = frame.groupby("year").sum()
    grouped.insert(0, "total", grouped[list(CATEGORIES)].sum(axis=1))
    grouped.insert(1, "months", frame.groupby("year").size())
    return grouped
