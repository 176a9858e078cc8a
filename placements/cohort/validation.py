"""Checks of a read return against the collection year it is loaded as.

The reader (ssda903.reader) checks each row on its own; these look at the return as a whole:
episodes outside the year, files of two years in one upload, a file name naming another year,
dates in the future or after the year's end, overlapping episodes and repeated rows. Each
finding is a Problem naming file, row and column; `refusals` are the findings that must stop
the import, because loading the files as this year would silently change the council's figures.
"""

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from placements.cohort.ssda903.merge import collection_year_bounds
from placements.cohort.ssda903.reader import ReturnData
from placements.cohort.ssda903.tables import TABLES, Problem
from sufficiency.calendar import (
    collection_year,
    collection_year_label,
    collection_years,
    long_date,
)
from sufficiency.formatting import count

# Dates of events reported in the year (not dates of birth), by table.
EVENT_DATES = {
    name: sorted(table.dates - {"DOB", "MC_DOB"}) for name, table in TABLES.items() if table.dates
}
# A year written in a file name: 2019-20, 2019_20, 201920 (the year ending 31 March 2020).
YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)[-_ ]?(\d\d)(?!\d)")


@dataclass
class YearChecks:
    problems: list[Problem] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    outside: int = 0  # episodes outside the year
    episodes: int = 0


def year_named_in(file_name: str) -> int | None:
    """The collection year a file name names, or None ("903_2019-20_header.csv" -> 2020)."""
    for first, second in YEAR_IN_NAME.findall(file_name):
        if int(second) == (int(first) + 1) % 100:
            return int(first) + 1
    return None


def check_return(data: ReturnData, *, today: date, as_at: date | None = None) -> YearChecks:
    """`as_at` is an in-year extract's date: its year ends there for these checks."""
    year = data.year
    start, end = collection_year_bounds(year)
    label = f"{collection_year_label(year)} (1 April {year - 1} to 31 March {year})"
    ends = f"the collection year ends (31 March {year})"
    extract = False
    if as_at is not None and pd.Timestamp(as_at) < end:
        end = pd.Timestamp(as_at)
        label = f"{collection_year_label(year)} as at {long_date(as_at)} (1 April {year - 1} on)"
        ends = f"the extract's date ({long_date(as_at)})"
        extract = True
    result = YearChecks()
    _file_names(data, result)
    episodes = data.tables.get("Episodes")
    if episodes is not None and len(episodes):
        _outside_year(episodes, start, end, label, result)
        _overlaps(episodes, result)
    _mixed_years(data, result)
    _dates_after(data, end, pd.Timestamp(today), result, ends, extract=extract)
    for name, frame in data.tables.items():
        _duplicates(name, frame, result)
    return result


def _warning(file: str, row, column, value, reason: str) -> Problem:
    return Problem(
        file=str(file),
        row=None if row is None else int(row),
        column=column,
        value=None if value is None else str(value),
        reason=reason,
        severity="warning",
    )


def _file_names(data: ReturnData, result: YearChecks) -> None:
    for name in data.files:
        named = year_named_in(name.rsplit("/", 1)[-1].rsplit("__", 1)[-1])
        if named is not None and named != data.year:
            result.problems.append(
                _warning(
                    name,
                    None,
                    None,
                    None,
                    f"the file name names {collection_year_label(named)}, but the return is "
                    f"loaded as {collection_year_label(data.year)}",
                )
            )


def _outside_year(episodes, start, end, label: str, result: YearChecks) -> None:
    # An episode belongs to the year when it was open at some time in it.
    before = episodes["DEC"].notna() & (episodes["DEC"] < start)
    after = episodes["DECOM"] > end
    outside = (before | after).to_numpy()
    result.episodes = len(episodes)
    result.outside = int(outside.sum())
    chosen = episodes[outside]
    for file, line, decom, dec in zip(
        chosen["_file"], chosen["_row"], chosen["DECOM"], chosen["DEC"], strict=True
    ):
        ended_before = bool(pd.notna(dec) and dec < start)
        column = "DEC" if ended_before else "DECOM"
        value = dec if ended_before else decom
        result.problems.append(
            _warning(
                file,
                line,
                column,
                f"{value:%d/%m/%Y}",
                f"the episode {'ended before' if ended_before else 'started after'} the "
                f"collection year {label}",
            )
        )
    if result.outside * 2 > result.episodes:
        latest = pd.concat([episodes["DECOM"], episodes["DEC"]]).max()
        guess = collection_year(latest)
        result.refusals.append(
            f"{count(result.outside)} of the {count(result.episodes)} episodes lie outside "
            f"{label}; "
            f"the latest date in them is {latest:%-d %B %Y}, in {collection_year_label(guess)}. "
            "Check the year the return is loaded as"
        )


def _mixed_years(data: ReturnData, result: YearChecks) -> None:
    """Episodes files whose dates point at different collection years. A file's year is the
    one most of its start and end dates fall in (episodes carried over from earlier years, or
    a few dates typed wrong, do not move it)."""
    frame = data.tables.get("Episodes")
    if frame is None or not len(frame):
        return
    dates = pd.concat([frame["DECOM"], frame["DEC"]], ignore_index=True)
    files = pd.concat([frame["_file"]] * 2, ignore_index=True)
    years = collection_years(dates).rename("year")
    known = years.notna()
    per_file = years[known].astype(int).groupby(files[known]).agg(lambda y: y.mode().iloc[0])
    years_of_files: dict[int, list[str]] = {}
    for file, year in per_file.items():
        years_of_files.setdefault(int(year), []).append(str(file))
    if len(years_of_files) > 1:
        parts = "; ".join(
            f"{collection_year_label(y)}: {', '.join(sorted(files))}"
            for y, files in sorted(years_of_files.items())
        )
        result.refusals.append(
            f"the upload holds episodes files of {len(years_of_files)} collection years "
            f"({parts}). Load each year's files as their own return"
        )


def _dates_after(
    data: ReturnData, end, today: pd.Timestamp, result: YearChecks, ends: str, *, extract: bool
) -> None:
    for name, frame in data.tables.items():
        for column in EVENT_DATES.get(name, ()):
            if column not in frame.columns or not len(frame):
                continue
            values = frame[column]
            # Episodes starting after the year are already named as outside it.
            # (An extract knows nothing after its date: an episode ending later is named.)
            later = values > (max(end, today) if name == "Episodes" and not extract else end)
            for file, row, value in zip(
                frame["_file"][later], frame["_row"][later], values[later], strict=True
            ):
                future = value > today
                result.problems.append(
                    _warning(
                        file,
                        row,
                        column,
                        f"{value:%d/%m/%Y}",
                        "the date is in the future" if future else f"the date is after {ends}",
                    )
                )


def _overlaps(episodes: pd.DataFrame, result: YearChecks) -> None:
    # Only the columns the check reads are put in order (not every column of every row).
    ordered = episodes[["CHILD", "DECOM", "DEC", "_row", "_file"]].sort_values(
        ["CHILD", "DECOM", "_row"], kind="stable"
    )
    # Compared as Python objects: pandas compares its "str" arrays more slowly.
    child = ordered["CHILD"].to_numpy(dtype=object)
    same_child = pd.Series(np.r_[False, child[1:] == child[:-1]], index=ordered.index)
    previous_end = ordered["DEC"].shift()
    previous_open = previous_end.isna() & same_child
    overlap = same_child & (previous_open | (ordered["DECOM"] < previous_end)).fillna(False)
    previous_row = ordered["_row"].shift()[overlap.to_numpy()]
    chosen = ordered[overlap.to_numpy()]
    for file, line, decom, child, before in zip(
        chosen["_file"], chosen["_row"], chosen["DECOM"], chosen["CHILD"], previous_row,
        strict=True,
    ):  # fmt: skip
        result.problems.append(
            _warning(
                file,
                line,
                "DECOM",
                f"{decom:%d/%m/%Y}",
                f"the episode starts before child {child}'s previous episode "
                f"(row {int(before)}) ends; the episodes overlap",
            )
        )


def _duplicates(name: str, frame: pd.DataFrame, result: YearChecks) -> None:
    columns = [c for c in frame.columns if not c.startswith("_")]
    if not len(frame) or not columns:
        return
    # A row that repeats another exactly repeats its child and dates too. Those few columns
    # are hashed first, and only the rows they repeat are compared whole: hashing every
    # column of every row took a second of a national import's three returns.
    key = [c for c in columns if c == "CHILD" or pd.api.types.is_datetime64_dtype(frame[c])]
    if key and len(key) < len(columns):
        frame = frame[frame.duplicated(subset=key, keep=False).to_numpy()]
    repeated = frame.duplicated(subset=columns, keep="first").to_numpy()
    if not repeated.any():
        return
    first_row = frame.groupby(columns, dropna=False, sort=False)["_row"].transform("first")
    for file, row, first in zip(
        frame["_file"][repeated],
        frame["_row"][repeated],
        np.asarray(first_row)[repeated],
        strict=True,
    ):
        result.problems.append(
            _warning(
                file,
                row,
                None,
                None,
                f"the row repeats row {int(first)} of the {name} table exactly",
            )
        )
