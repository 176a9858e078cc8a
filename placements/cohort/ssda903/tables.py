"""The SSDA903 tables: their columns, which are required, which hold dates or codes.

Column lists follow the DfE 903 CSV layout (the one the DfE/Data to Insight validator reads).
A file is recognised by its header row, never by its name, because councils name exports
however their case-management system likes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """Something the reader could not use, or used with a caveat.

    `row` is the 1-based line in `file` counting the header as line 1 (for XML, the line of
    the element), so users can find it in a text editor or spreadsheet. `row` and `column` are
    None when the problem concerns the whole file.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str
    severity: Severity


class ReturnFileError(Exception):
    """A file that stops the whole import: one bad file would silently skew every measure."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class ReturnFilesError(ReturnFileError):
    """Every file of an upload that cannot be read, so the analyst can fix them all at once."""

    def __init__(self, errors: list[ReturnFileError]) -> None:
        self.errors = errors
        if len(errors) == 1:
            super().__init__(errors[0].file, errors[0].reason)
        else:
            super().__init__(
                f"{len(errors)} files",
                "; ".join(f"{e.file}: {e.reason}" for e in errors),
            )


@dataclass(frozen=True)
class TableDef:
    name: str
    columns: tuple[str, ...]
    required: frozenset[str]
    dates: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()
    postcodes: frozenset[str] = frozenset()
    # Fields checked against the year's code lists (fixtures/codes); warnings only.
    checked_codes: tuple[str, ...] = ()


HEADER = TableDef(
    name="Header",
    columns=("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    required=frozenset({"CHILD", "SEX", "DOB"}),
    dates=frozenset({"DOB", "MC_DOB"}),
    codes=frozenset({"SEX", "ETHNIC", "UPN", "MOTHER"}),
    checked_codes=("ETHNIC",),
)

EPISODES = TableDef(
    name="Episodes",
    columns=(
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
    # PLACE_PROVIDER, postcodes, URN, CIN and REASON_PLACE_CHANGE are optional: older or
    # partial exports lack them, and the measures treat blanks sensibly.
    required=frozenset({"CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"}),
    dates=frozenset({"DECOM", "DEC"}),
    codes=frozenset(
        {"RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "REC", "REASON_PLACE_CHANGE", "URN"}
    ),
    postcodes=frozenset({"HOME_POST", "PL_POST"}),
    checked_codes=("RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "REC", "REASON_PLACE_CHANGE"),
)

UASC = TableDef(
    name="UASC",
    columns=("CHILD", "SEX", "DOB", "DUC"),
    required=frozenset({"CHILD", "DUC"}),
    dates=frozenset({"DOB", "DUC"}),
    codes=frozenset({"SEX"}),
)

OC3 = TableDef(
    name="OC3",
    columns=("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    required=frozenset({"CHILD", "IN_TOUCH", "ACTIV", "ACCOM"}),
    dates=frozenset({"DOB"}),
    codes=frozenset({"IN_TOUCH", "ACTIV", "ACCOM"}),
)

OC2 = TableDef(
    name="OC2",
    columns=(
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    required=frozenset({"CHILD", "SDQ_SCORE", "HEALTH_CHECK"}),
    dates=frozenset({"DOB"}),
    codes=frozenset({"SDQ_REASON"}),
)

AD1 = TableDef(
    name="AD1",
    columns=(
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
    required=frozenset({"CHILD", "DATE_INT", "DATE_MATCH"}),
    dates=frozenset({"DOB", "DATE_INT", "DATE_MATCH"}),
    codes=frozenset({"FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"}),
)

PLACED_ADOPTION = TableDef(
    name="PlacedAdoption",
    columns=("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    required=frozenset({"CHILD", "DATE_PLACED"}),
    dates=frozenset({"DOB", "DATE_PLACED", "DATE_PLACED_CEASED"}),
    codes=frozenset({"REASON_PLACED_CEASED"}),
)

PREV_PERM = TableDef(
    name="PrevPerm",
    columns=("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    required=frozenset({"CHILD", "PREV_PERM"}),
    # DATE_PERM is often only partly known (the guidance allows "zz/MM/YYYY"), so it stays
    # text rather than rejecting rows that follow the guidance.
    dates=frozenset({"DOB"}),
    codes=frozenset({"PREV_PERM", "LA_PERM"}),
)

MISSING = TableDef(
    name="Missing",
    columns=("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    required=frozenset({"CHILD", "MISSING", "MIS_START"}),
    dates=frozenset({"DOB", "MIS_START", "MIS_END"}),
    codes=frozenset({"MISSING"}),
)

REVIEWS = TableDef(
    name="Reviews",
    columns=("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    required=frozenset({"CHILD", "REVIEW"}),
    dates=frozenset({"DOB", "REVIEW"}),
    codes=frozenset({"REVIEW_CODE"}),
)

SW_EPISODES = TableDef(
    name="SWEpisodes",
    columns=("CHILD", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    required=frozenset({"CHILD", "SW_ID", "SW_DECOM"}),
    dates=frozenset({"SW_DECOM", "SW_DEC"}),
    codes=frozenset({"SW_REASON"}),
)

TABLES: dict[str, TableDef] = {
    t.name: t
    for t in (
        HEADER,
        EPISODES,
        UASC,
        OC3,
        OC2,
        AD1,
        PLACED_ADOPTION,
        PREV_PERM,
        MISSING,
        REVIEWS,
        SW_EPISODES,
    )
}

# Tables whose rows describe a child the Header must know about.
CHILD_TABLES_NEEDING_HEADER: tuple[str, ...] = ("Episodes", "UASC", "OC3")

META_COLUMNS: tuple[str, ...] = ("_file", "_row")


def normalise_column_name(name: object) -> str:
    """Header cells arrive with BOMs, quotes, stray spaces and any letter case."""
    text = str(name).replace("\ufeff", "").strip().strip('"').strip("'").strip()
    return text.upper()


def match_table(columns: list[str] | set[str]) -> tuple[TableDef | None, TableDef | None]:
    """Pick the table a header row belongs to.

    Returns (table, None) on a match, or (None, closest) where `closest` is the table sharing
    most columns (so the error can say which of its required columns are missing), or
    (None, None) when nothing resembles a 903 table.
    """
    present = {normalise_column_name(c) for c in columns}
    best: TableDef | None = None
    best_key: tuple[int, int] = (-1, 0)
    closest: TableDef | None = None
    closest_overlap = 1  # sharing only CHILD (or DOB) says nothing about which table it is
    for table in TABLES.values():
        overlap = len(present & set(table.columns))
        if table.required <= present:
            # Most shared columns wins; on a tie the narrower table is the better fit.
            key = (overlap, -len(table.columns))
            if key > best_key:
                best, best_key = table, key
        elif overlap > closest_overlap:
            closest, closest_overlap = table, overlap
    if best is not None:
        return best, None
    return None, closest


def empty_table(name: str) -> pd.DataFrame:
    """A table with no rows but the reader's columns and dtypes, for absent tables."""
    table = TABLES[name]
    data: dict[str, pd.Series] = {}
    for column in table.columns:
        dtype = "datetime64[ns]" if column in table.dates else "str"
        data[column] = pd.Series(dtype=dtype)
    data["_file"] = pd.Series(dtype="str")
    data["_row"] = pd.Series(dtype="int64")
    return pd.DataFrame(data)
