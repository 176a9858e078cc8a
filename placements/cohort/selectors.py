"""Reads of the cohort: the council's returns as merged DataFrames, and measures at a date."""

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import overload

import pandas as pd
from django.conf import settings
from django.db.models import Max, QuerySet

from placements.cohort import analysis, measures, saved_tables, store
from placements.cohort.models import Return, ReturnTable
from placements.cohort.ssda903.merge import collection_year_bounds, merge_returns
from sufficiency.calendar import collection_year, last_quarter_end, year_earlier
from sufficiency.councils import LocalAuthority, Population

# The columns of each saved table a cohort is built from, and the year of its return.
COHORT_COLUMNS = {
    "Episodes": [
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN", "DISTANCE", "PLACED_IN_AREA",
        "YEAR",
    ],
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "YEAR"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC", "YEAR"],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM", "YEAR"],
}  # fmt: skip
DATE_COLUMNS = {"DECOM", "DEC", "DOB", "DUC"}


@dataclass(frozen=True)
class Cohort:
    """A council's loaded returns, merged by the rule in MEASURES.md."""

    episodes: pd.DataFrame  # prepared by measures.prepare_episodes
    raw_episodes: pd.DataFrame  # merged, before preparation: for filtering to some children
    header: pd.DataFrame
    uasc: pd.DataFrame
    oc3: pd.DataFrame
    years: tuple[int, ...]
    # The stored version it is (store.py), "" when read afresh: names where its figures go.
    version: str = field(default="", compare=False)
    # The extract date when the latest year loaded is an in-year extract (ADR 0021): no date
    # after it is known yet. None when the latest return is a year-end one.
    as_at: date | None = None
    # Figures already worked out from this cohort, by date; it lives and dies with the cached
    # cohort, so it can never outlive the data it came from.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def first_day(self) -> date:
        return collection_year_bounds(self.years[0])[0].date()

    @property
    def last_day(self) -> date:
        """The last day the data covers: the latest return's 31 March, or its extract date."""
        return self.as_at or collection_year_bounds(self.years[-1])[1].date()


# Merged cohorts by (council, its imported returns). The key changes whenever a return is
# imported or replaced, so a process never serves stale figures and keeps no state of its own
# that another process would need.
_CACHE: OrderedDict[tuple, Cohort] = OrderedDict()
_CACHE_SIZE = 8
_LOCK = threading.Lock()


def imported_returns(*, la: LocalAuthority) -> list[Return]:
    return list(Return.objects.filter(la=la, status=Return.Status.IMPORTED).order_by("year", "pk"))


def cohort(*, la: LocalAuthority) -> Cohort | None:
    returns = imported_returns(la=la)
    if not returns:
        return None
    key = _key(la, returns)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    loaded = _stored_cohort(la, key, returns)
    _remember(key, loaded)
    return loaded


def _key(la: LocalAuthority, returns: list[Return]) -> tuple:
    return (la.pk, tuple((r.pk, r.finished_at) for r in returns))


def _remember(key: tuple, loaded: Cohort) -> None:
    with _LOCK:
        _CACHE[key] = loaded
        _CACHE.move_to_end(key)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)


def warm_cohorts() -> list[tuple[LocalAuthority, Cohort]]:
    """Read into this process the stored cohorts of the councils imported most recently (as
    many as the cache keeps), so a new web worker's first page does not read them (a third of
    a second at national scale). Only versions already stored: building one from the database
    takes seconds, too long to hold up a worker's start, so that is left to the first page, as
    before. Returns the councils and cohorts read, least recently imported first."""
    latest = (
        Return.objects.filter(status=Return.Status.IMPORTED)
        .values("la")
        .annotate(last=Max("finished_at"))
        .order_by("-last")[:_CACHE_SIZE]
    )
    councils = LocalAuthority.objects.in_bulk([row["la"] for row in latest])
    warmed = []
    # Least recent first, so the most recently imported council is the last one evicted.
    for la in reversed([councils[row["la"]] for row in latest]):
        returns = imported_returns(la=la)
        key = _key(la, returns)
        found = _from_store(la, key, returns)
        if found is not None:
            _remember(key, found)
            warmed.append((la, found))
    return warmed


def _from_store(la: LocalAuthority, key: tuple, returns: list[Return]) -> Cohort | None:
    """The version on disk (store.py) when another process or the import built it. An
    extract's date comes from its return, which is part of the version's key."""
    name = store.version_name(la.pk, key[1])
    found = store.load(la.pk, name)
    if found is None:
        return None
    frames, years = found
    return Cohort(**frames, years=years, version=name, as_at=latest_extract_date(returns))


def _stored_cohort(la: LocalAuthority, key: tuple, returns: list[Return]) -> Cohort:
    """The stored version; otherwise read from the database and stored for every other
    process."""
    found = _from_store(la, key, returns)
    if found is not None:
        return found
    name = store.version_name(la.pk, key[1])
    loaded = _load_cohort(la, returns)
    if store.save(la.pk, name, _stored_frames(loaded), loaded.years):
        return replace(loaded, version=name)
    return loaded


def _stored_frames(data: Cohort) -> dict[str, pd.DataFrame]:
    return {name: getattr(data, name) for name in store.FRAMES}


def build_stored_cohort(*, la: LocalAuthority) -> Cohort | None:
    """Build the council's current version now (after an import), with the Children in care
    page's figures at the latest 31 March, so no page waits for them."""
    data = cohort(la=la)
    if data is not None:
        cohort_at(la=la, data=data, on=default_reference_date(data))
    return data


def _frame(returns: list[Return], table: str, columns: list[str]) -> pd.DataFrame:
    """A table of the council's imported returns, one after another in their order, each in the
    order its rows were saved (ADR 0030), with each row's collection YEAR."""
    saved = ReturnTable.objects.filter(return_obj__in=[r.pk for r in returns], table=table)
    by_return = {t.return_obj_id: t for t in saved}
    read = [c for c in columns if c != "YEAR"]
    parts = [
        saved_tables.decode_table(t.layout, t.rows, t.data, read).assign(YEAR=r.year)
        for r in returns
        if (t := by_return.get(r.pk)) is not None and t.rows
    ]
    if not parts:
        # No rows: the columns as a frame of no database rows had them.
        empty = pd.DataFrame(columns=columns)
        for column in DATE_COLUMNS & set(columns):
            empty[column] = empty[column].astype("datetime64[s]")
        return empty
    return pd.concat(parts, ignore_index=True)[columns]


def imported_table(*, la: LocalAuthority, table: str, columns: list[str]) -> pd.DataFrame:
    """A table of the council's imported returns as saved, with each row's YEAR."""
    return _frame(imported_returns(la=la), table, columns)


def _by_year(frame: pd.DataFrame) -> dict[int, pd.DataFrame]:
    return {int(y): part.drop(columns="YEAR") for y, part in frame.groupby("YEAR", sort=True)}


def load_cohort(la: LocalAuthority) -> Cohort:
    """The council's imported returns read afresh, bypassing the cache (an import's preview
    reads rows written in a transaction that is then rolled back)."""
    return _load_cohort(la, imported_returns(la=la))


def latest_extract_date(returns: list[Return]) -> date | None:
    """The extract date of the latest year's return when it is an in-year extract."""
    if not returns:
        return None
    latest = max(returns, key=lambda r: (r.year, r.pk))
    return latest.data_to if latest.is_extract else None


def _load_cohort(la: LocalAuthority, returns_loaded: list[Return]) -> Cohort:
    tables = {
        name: _frame(returns_loaded, name, columns) for name, columns in COHORT_COLUMNS.items()
    }
    years = sorted({int(y) for frame in tables.values() for y in frame["YEAR"].unique()})
    returns: dict[int, dict[str, pd.DataFrame]] = {year: {} for year in years}
    for name, frame in tables.items():
        for year, part in _by_year(frame).items():
            returns[year][name] = part
    merged = merge_returns(returns)
    return Cohort(
        episodes=measures.prepare_episodes(merged["Episodes"]),
        raw_episodes=merged["Episodes"],
        header=merged["Header"],
        uasc=merged["UASC"],
        oc3=merged["OC3"],
        years=tuple(years),
        as_at=latest_extract_date(returns_loaded),
    )


_MEMO_LOCK = threading.Lock()


def memoised[T](data: Cohort, key: tuple, version: tuple, compute: Callable[[], T]) -> T:
    """A figure worked out once per cohort (so per data version and process) and per `version`
    of the other data it reads (sufficiency.versions): the market, the forecast. The figure is
    shared by every request that asks for it, so it must not be changed by its users."""
    with _MEMO_LOCK:
        slot = data.memo.get(key)
    if slot is not None and slot[0] == version:
        return slot[1]
    value = compute()
    with _MEMO_LOCK:
        data.memo[key] = (version, value)
    return value


def uploaded_returns(*, la: LocalAuthority) -> QuerySet[Return]:
    """Every return the council has uploaded, in any state, with who uploaded it."""
    return Return.objects.filter(la=la).select_related("uploaded_by")


def populations(*, la: LocalAuthority) -> QuerySet[Population]:
    """The council's child population by collection year, latest first."""
    return Population.objects.filter(la=la).order_by("-year")


def quarterly_series(data: Cohort, *, end: date) -> pd.DataFrame:
    """Children looked after, started and ceased at each quarter end from the data's first day
    to `end` (measures.quarterly_series): counts from the returns alone, kept with the cohort
    per end date. Shared by every reader, so not to be changed."""
    return memoised(
        data,
        ("quarterly_series", end),
        (),
        lambda: measures.quarterly_series(data.episodes, start=data.first_day, end=end),
    )


def population_figures(*, la: LocalAuthority) -> tuple[tuple[int, int], ...]:
    """Each year's population of a council, (year, children): part of the key of every kept
    figure that reads it (the rate per 10,000), because it is entered apart from the returns
    and changed in place, so neither the cohort's version nor a history row shows a change."""
    return tuple(Population.objects.filter(la=la).order_by("year").values_list("year", "children"))


def population(*, la: LocalAuthority, year: int) -> int | None:
    record = Population.objects.filter(la=la, year=year).first()
    return record.children if record else None


@overload
def headline_measures(*, la: LocalAuthority, on: date, data: Cohort) -> dict: ...
@overload
def headline_measures(*, la: LocalAuthority, on: date, data: None = None) -> dict | None: ...
def headline_measures(*, la: LocalAuthority, on: date, data: Cohort | None = None) -> dict | None:
    """The MEASURES.md JSON object for a council at a date; None when nothing is loaded."""
    data = data or cohort(la=la)
    if data is None:
        return None
    return measures.headline_measures(
        la_code=la.code,
        on=on,
        episodes=data.episodes,
        header=data.header,
        uasc=data.uasc,
        oc3=data.oc3,
        population=population(la=la, year=collection_year(on)),
    )


def reference_dates(data: Cohort) -> list[date]:
    """Quarter ends inside the loaded years, latest first: the dates a page can be shown at."""
    ends = pd.date_range(data.first_day, data.last_day, freq="QE-MAR")
    return [d.date() for d in reversed(ends)]


def default_reference_date(data: Cohort) -> date:
    """The latest quarter end the data covers: the latest 31 March, or the last quarter end of
    an in-year extract."""
    return last_quarter_end(data.last_day)


def england_figures(year: int) -> tuple[int, dict] | None:
    """England's published figures for the collection year, or the latest year before it."""
    figures = _england()
    years = sorted(int(y) for y in figures if y.isdigit() and int(y) <= year) or sorted(
        int(y) for y in figures if y.isdigit()
    )
    if not years:
        return None
    chosen = years[-1]
    return chosen, figures[str(chosen)]


@cache
def _england() -> dict:
    path = Path(settings.BASE_DIR) / "fixtures" / "benchmarks" / "england.json"
    return json.loads(path.read_text())


def _frames(data: Cohort) -> analysis.Frames:
    return analysis.Frames(
        episodes=data.raw_episodes, header=data.header, uasc=data.uasc, oc3=data.oc3
    )


def _measures_of_chosen(
    la: LocalAuthority, data: Cohort, on: date, uasc: str, age_band: str
) -> tuple[dict, analysis.Frames, pd.DataFrame]:
    """Headline measures at D of the children the filters choose (the rate per 10,000 only
    for all children: the population is of all children), with the frames they came from."""
    frames = analysis.filter_children(_frames(data), on=on, uasc=uasc, age_band=age_band)
    prepared = (
        data.episodes
        if frames.episodes is data.raw_episodes
        else measures.prepare_episodes(frames.episodes)
    )
    filtered = bool(uasc or age_band)
    result = measures.headline_measures(
        la_code=la.code, on=on, episodes=prepared, header=frames.header, uasc=frames.uasc,
        oc3=frames.oc3,
        population=None if filtered else population(la=la, year=collection_year(on)),
    )  # fmt: skip
    return result, frames, prepared


@dataclass(frozen=True)
class CohortAt:
    """Everything the Children in care page shows at a date for the chosen children."""

    on: date
    year_earlier: date | None  # None when the data does not reach back a year
    now: dict  # the MEASURES.md object at `on`
    before: dict | None  # the same a year earlier
    location: dict[str, int]
    series: pd.DataFrame  # cla, started and ceased at every quarter end of the data
    truncated: bool  # the history before `on` is too short for the walk-back measures
    england: tuple[int, dict] | None  # (collection year, England's published figures)
    filtered: bool  # some children are filtered out (UASC or age band)


def cohort_at(
    *, la: LocalAuthority, data: Cohort, on: date, uasc: str = "", age_band: str = ""
) -> CohortAt:
    """The page's figures; for all children, worked out once per data version and date and
    kept with the stored cohort, so a new process shows them without working them out."""
    if uasc or age_band:
        return _cohort_at(la=la, data=data, on=on, uasc=uasc, age_band=age_band)
    # The rate per 10,000 reads the population, which is entered apart from the returns.
    populations = population_figures(la=la)
    key = ("cohort_at", on, populations)
    digest = hashlib.sha256(repr(populations).encode()).hexdigest()[:12]
    name = f"cohort_at-{on.isoformat()}-{digest}"
    with _MEMO_LOCK:
        kept = data.memo.get(key)
    if kept is None:
        kept = _stored_page(la, data, name)
    if kept is None:
        kept = _cohort_at(la=la, data=data, on=on)
        _store_page(la, data, name, kept)
    with _MEMO_LOCK:
        data.memo[key] = kept
    return kept


def _page_payload(page: CohortAt) -> dict:
    return {
        "on": page.on.isoformat(),
        "year_earlier": page.year_earlier.isoformat() if page.year_earlier else None,
        "now": page.now,
        "before": page.before,
        "location": page.location,
        "truncated": page.truncated,
        "england": list(page.england) if page.england else None,
        "filtered": page.filtered,
    }


def _page_from(payload: dict, series: pd.DataFrame) -> CohortAt:
    england = payload["england"]
    return CohortAt(
        on=date.fromisoformat(payload["on"]),
        year_earlier=date.fromisoformat(payload["year_earlier"])
        if payload["year_earlier"]
        else None,
        now=payload["now"],
        before=payload["before"],
        location=payload["location"],
        series=series,
        truncated=payload["truncated"],
        england=(england[0], england[1]) if england else None,
        filtered=payload["filtered"],
    )


def _stored_page(la: LocalAuthority, data: Cohort, name: str) -> CohortAt | None:
    if not data.version:
        return None
    found = store.load_figures(la.pk, data.version, name)
    if found is None:
        return None
    payload, frames = found
    return _page_from(payload, frames["series"])


def _store_page(la: LocalAuthority, data: Cohort, name: str, page: CohortAt) -> None:
    """Kept only when JSON gives back exactly the same figures (no NaN, no tuple, no int key
    in them); otherwise each process works them out, as before."""
    if not data.version:
        return
    payload = _page_payload(page)
    try:
        again = json.loads(json.dumps(payload, allow_nan=False))
    except (TypeError, ValueError):
        return
    if _page_from(again, page.series) != page:
        return
    store.save_figures(la.pk, data.version, name, payload, {"series": page.series})


def _cohort_at(
    *, la: LocalAuthority, data: Cohort, on: date, uasc: str = "", age_band: str = ""
) -> CohortAt:
    # One block for both dates: their measures share each child's latest header row, and the
    # location reuses the children looked after at D that the measures worked out.
    with measures.shared_work():
        now, frames, prepared = _measures_of_chosen(la, data, on, uasc, age_band)
        earlier = year_earlier(on)
        before = None
        if earlier >= data.first_day:
            before = _measures_of_chosen(la, data, earlier, uasc, age_band)[0]
        current = measures.current_episodes(prepared, on=on)
    return CohortAt(
        on=on,
        year_earlier=earlier if before else None,
        now=now,
        before=before,
        location=analysis.location(current),
        series=measures.quarterly_series(data.episodes, start=data.first_day, end=data.last_day),
        truncated=measures.truncated_history_warning(data.first_day, on),
        england=england_figures(collection_year(on)),
        filtered=bool(uasc or age_band),
    )
