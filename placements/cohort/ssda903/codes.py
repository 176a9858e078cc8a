"""SSDA903 code lists, versioned by collection year, and the placement categories.

The lists live in fixtures/codes/*.csv (field, code, label, group, first_year, last_year) so a
new year's guidance is a data change, not a code change. Years are collection years (the year
ending 31 March: 2025 is 2024-25); a blank first or last year is open-ended.

An unknown code never rejects a row: DfE adds and retires codes every few years and a council
may be ahead of our lists. It is a warning, and the measures treat it as "other".
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from placements.cohort.measures import (  # noqa: F401  re-exported for readers of the code lists
    CATEGORY_LABELS,
    PLACEMENT_CATEGORIES,
    placement_category,
)
from placements.cohort.ssda903.tables import Problem
from sufficiency.calendar import collection_year_label

CODES_DIR = Path(__file__).resolve().parents[3] / "fixtures" / "codes"


# The placement categories are the measures contract's (placements.cohort.measures); the code lists
# here only say which codes are valid in which year.
@cache
def _all_codes() -> pd.DataFrame:
    frames = [
        pd.read_csv(path, dtype=str, keep_default_na=False)
        for path in sorted(CODES_DIR.glob("*.csv"))
    ]
    codes = pd.concat(frames, ignore_index=True)
    for column in ("field", "code"):
        codes[column] = codes[column].str.strip().str.upper()
    for column in ("first_year", "last_year"):
        codes[column] = pd.to_numeric(codes[column].str.strip(), errors="raise").astype("Int64")
    return codes


def code_list(field: str, year: int | None = None) -> pd.DataFrame:
    """The codes for a field, optionally only those valid in collection year `year`."""
    codes = _all_codes()
    rows = codes[codes["field"] == field.upper()]
    if year is not None:
        first_ok = rows["first_year"].isna() | (rows["first_year"] <= year)
        last_ok = rows["last_year"].isna() | (rows["last_year"] >= year)
        rows = rows[(first_ok & last_ok).astype(bool)]
    return rows.reset_index(drop=True)


@cache
def valid_codes(field: str, year: int) -> frozenset[str]:
    return frozenset(code_list(field, year)["code"])


def known_fields() -> frozenset[str]:
    return frozenset(_all_codes()["field"])


def code_label(field: str, code: str) -> str | None:
    """Plain-English label for a code (whatever year it belongs to), None when unknown."""
    return _labels().get((field.upper(), str(code).strip().upper()))


@cache
def _labels() -> dict[tuple[str, str], str]:
    # A page labels dozens of codes: one dictionary look-up each, not a scan of every code.
    # A code listed more than once (relabelled in a later year) keeps its last label.
    codes = _all_codes()
    keys = zip(codes["field"], codes["code"], strict=True)
    return dict(zip(keys, codes["label"].astype(str), strict=True))


def validate_codes(frame: pd.DataFrame, field: str, year: int) -> list[Problem]:
    """Warnings for codes in `frame[field]` that are not valid in collection year `year`.

    One warning per file and code, not per row: a council whose system still sends a retired
    code would otherwise get thousands of identical lines. The warning gives the number of
    rows and the first row so the source can be found.
    """
    if field not in frame.columns or frame.empty:
        return []
    values = frame[field]
    unknown = values.notna() & ~values.isin(valid_codes(field, year))
    if not unknown.any():
        return []
    bad = pd.DataFrame(
        {
            "file": frame["_file"][unknown] if "_file" in frame.columns else "",
            "row": frame["_row"][unknown] if "_row" in frame.columns else 0,
            "code": values[unknown],
        }
    )
    consequence = "counted as other" if field == "PLACE" else "kept as given"
    label = collection_year_label(year)
    summary = bad.groupby(["file", "code"], sort=False)["row"].agg(["min", "size"]).reset_index()
    problems = []
    for file, code, first_row, count in summary.itertuples(index=False):
        rows = "1 row" if count == 1 else f"{count} rows"
        problems.append(
            Problem(
                file=str(file),
                row=int(first_row) if first_row else None,
                column=field,
                value=str(code),
                reason=(
                    f"unknown {field} code '{code}' for {label} ({rows}, first on row "
                    f"{int(first_row)}); {consequence}"
                ),
                severity="warning",
            )
        )
    return problems


def place_category(place: str | None, provider: str | None) -> str:
    """The category of one episode: measures.placement_category, for one value."""
    result = placement_category(pd.Series([place], dtype="str"), pd.Series([provider], dtype="str"))
    return str(result.iloc[0])
