"""Read one collection year's SSDA903 return from CSV files, folders, zips or the 903 XML.

Real exports are messy (BOMs, CRLF, lower-case codes, stray spaces, two date forms, SEX as
1/2 or M/F/U), so the reader accepts all of that and normalises it. What it cannot use it
reports precisely as a `Problem` (file, row, column, value, reason) instead of guessing:

- a file it cannot read at all stops the import (`ReturnFileError`), because a missing table
  would silently skew every measure;
- a row it cannot trust (no child, no start date, an unreadable date, an end before its
  start, a child with no header row) is dropped with an "error" problem;
- a questionable value it can still use (an unknown code, an unrecognised SEX) is kept with
  a "warning".

Everything is vectorised over columns; Python loops only run over files, over the distinct
values of a column, and over rows that are being reported (and str.strip over a file's first
column, to find its blank lines).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.parsers import expat

import numpy as np
import pandas as pd

import placements.cohort.ssda903.codes as codes
from placements.cohort.distinct import mapped_back
from placements.cohort.ssda903.limits import (
    ImportLimits,
    LimitExceeded,
    ReadBudget,
    xml_too_deep,
)
from placements.cohort.ssda903.tables import (
    CHILD_TABLES_NEEDING_HEADER,
    TABLES,
    Problem,
    ReturnFileError,
    ReturnFilesError,
    TableDef,
    empty_table,
    match_table,
    normalise_column_name,
)
from sufficiency.calendar import collection_year_label
from sufficiency.formatting import count

__all__ = ["Problem", "ReturnData", "ReturnFileError", "read_return"]

Source = str | Path | tuple[str, bytes]

# Tried in order on the distinct strings of a date column. `%d/%m/%Y` also takes D/M/YYYY
# (strptime accepts one-digit days and months); the timestamp forms come from spreadsheets.
DATE_FORMATS: tuple[str, ...] = (
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%dT%H:%M:%S",
)
DATE_HINT = "not a valid date (expected DD/MM/YYYY or YYYY-MM-DD)"

SEX_MAP: dict[str, str] = {"1": "M", "2": "F", "M": "M", "F": "F", "U": "U"}

# Inside folders and zips only these are read (a README.txt there is not data); a file named
# explicitly, or uploaded, is read whatever its extension.
READABLE_SUFFIXES = frozenset({".csv", ".xml", ".zip"})
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})


@dataclass
class ReturnData:
    """One collection year's return, normalised.

    `tables` holds only the tables found in the files (so "is there a Header?" stays
    answerable); `get` gives an empty, correctly typed frame for an absent one.
    """

    year: int
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # The tables each file held (an XML file holds several).
    file_tables: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> pd.DataFrame:
        return self.tables[name] if name in self.tables else empty_table(name)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def read_return(
    sources: Iterable[Source], *, year: int, limits: ImportLimits | None = None
) -> ReturnData:
    """Read the files of collection year `year` (2025 = 2024-25) into normalised tables.

    `sources` are paths (CSV or XML files, folders searched recursively, zip files) or
    (file name, bytes) pairs from an upload. Raises ReturnFileError for a file that cannot
    be read; every other problem is in the result's `problems`. `limits` (from settings when
    not given) bound what the files may expand to: see placements/cohort/limits.py.
    """
    if isinstance(sources, str | Path) or (
        isinstance(sources, tuple) and len(sources) == 2 and isinstance(sources[1], bytes)
    ):
        # A lone path or upload would otherwise be iterated character by character.
        sources = [sources]
    problems: list[Problem] = []
    files: list[str] = []
    file_tables: dict[str, list[str]] = {}
    raw: dict[str, list[pd.DataFrame]] = {}
    budget = ReadBudget(limits)
    unreadable: list[ReturnFileError] = []
    # Every file is tried, and every unreadable one reported, so all can be fixed at once; a
    # limit is different: past it, reading stops at once.
    for source in list(sources):
        try:
            for name, data in _expand([source], problems, budget):
                files.append(name)
                try:
                    for table, frame in _read_file(name, data, problems):
                        budget.take_rows(name, table, len(frame))
                        raw.setdefault(table, []).append(frame)
                        file_tables.setdefault(name, []).append(table)
                except LimitExceeded:
                    raise
                except ReturnFileError as exc:
                    unreadable.append(exc)
        except LimitExceeded:
            raise
        except ReturnFileError as exc:
            unreadable.append(exc)
    if unreadable:
        raise ReturnFilesError(unreadable)
    if not files:
        raise ReturnFileError("(no files)", "no CSV, XML or zip files were given")

    for table, frames in raw.items():
        if len(frames) > 1:
            names = ", ".join(sorted({str(f["_file"].iloc[0]) for f in frames if len(f)}))
            problems.append(
                Problem(
                    file=names,
                    row=None,
                    column=None,
                    value=None,
                    reason=f"several files hold the {table} table; their rows were combined",
                    severity="warning",
                )
            )

    combined = {t: pd.concat(f, ignore_index=True) for t, f in raw.items()}
    header_children: set[str] | None = None
    if "Header" in combined:
        # The raw header (before row rejections): a child whose header row has, say, a bad
        # date of birth still has a header row, and its episodes should not be lost too.
        children = _strip_blank(combined["Header"]["CHILD"].to_numpy(dtype=object))
        header_children = {child for child in children if child is not None}

    tables = {
        name: _normalise(TABLES[name], frame, year, header_children, problems)
        for name, frame in combined.items()
    }
    problems.sort(key=lambda p: (p.file, p.row or 0, p.column or "", p.severity))
    return ReturnData(
        year=year, tables=tables, problems=problems, files=files, file_tables=file_tables
    )


# --- Finding the files ----------------------------------------------------------------------


def _expand(
    sources: list[Source], problems: list[Problem], budget: ReadBudget
) -> Iterator[tuple[str, bytes]]:
    """Yield (display name, bytes) for every file to read, opening folders and zips."""
    for source in sources:
        if isinstance(source, tuple):
            name, data = source
            budget.take_file(str(name))
            budget.take_bytes(str(name), len(data))
            yield from _expand_bytes(str(name), bytes(data), problems, budget)
            continue
        path = Path(source)
        if path.is_dir():
            found = False
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if not child.is_file() or any(_is_junk(p) for p in relative.parts):
                    continue
                if child.suffix.lower() not in READABLE_SUFFIXES:
                    problems.append(_skipped(str(path.name / relative)))
                    continue
                found = True
                # Counted before reading, so a huge file on disk is refused unread.
                budget.take_file(str(path.name / relative))
                budget.take_bytes(str(path.name / relative), child.stat().st_size)
                yield from _expand_bytes(
                    str(path.name / relative), child.read_bytes(), problems, budget
                )
            if not found:
                raise ReturnFileError(str(path), "the folder holds no CSV, XML or zip files")
        elif path.is_file():
            budget.take_file(path.name)
            budget.take_bytes(path.name, path.stat().st_size)
            yield from _expand_bytes(path.name, path.read_bytes(), problems, budget)
        else:
            raise ReturnFileError(str(path), "no such file or folder")


def _expand_bytes(
    name: str, data: bytes, problems: list[Problem], budget: ReadBudget, depth: int = 0
) -> Iterator[tuple[str, bytes]]:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        raise ReturnFileError(
            name, "spreadsheets cannot be read; save each sheet as a CSV file (comma separated)"
        )
    if data[:4] == b"PK\x03\x04" or suffix == ".zip":
        budget.check_zip_depth(name, depth + 1)
        yield from _expand_zip(name, data, problems, budget, depth + 1)
    else:
        yield name, data


def _expand_zip(
    name: str, data: bytes, problems: list[Problem], budget: ReadBudget, depth: int
) -> Iterator[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReturnFileError(name, "not a readable zip file") from exc
    found = False
    with archive:
        budget.check_members(name, archive)
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            member = PurePosixPath(info.filename)
            if info.is_dir() or any(_is_junk(p) for p in member.parts):
                continue
            member_name = f"{name}/{info.filename}"
            if member.suffix.lower() not in READABLE_SUFFIXES:
                problems.append(_skipped(member_name))
                continue
            found = True
            try:
                member_data = budget.read_member(member_name, archive, info)
            except (zipfile.BadZipFile, EOFError) as exc:
                raise ReturnFileError(member_name, "not a readable zip file") from exc
            yield from _expand_bytes(member_name, member_data, problems, budget, depth)
    if not found:
        raise ReturnFileError(name, "the zip file holds no CSV or XML files")


def _is_junk(part: str) -> bool:
    # Hidden files, macOS resource forks and Office lock files are never 903 data.
    return part.startswith((".", "~$")) or part == "__MACOSX"


def _skipped(name: str) -> Problem:
    return Problem(
        file=name,
        row=None,
        column=None,
        value=None,
        reason="skipped: not a CSV, XML or zip file",
        severity="warning",
    )


# --- Reading one file -----------------------------------------------------------------------


def _read_file(name: str, data: bytes, problems: list[Problem]) -> list[tuple[str, pd.DataFrame]]:
    """Parse one file into raw string frames (one for a CSV, several for an XML)."""
    if not data.strip():
        raise ReturnFileError(name, "the file is empty")
    text, encoding = _decode(name, data)
    if encoding != "utf-8":
        problems.append(
            Problem(
                file=name,
                row=None,
                column=None,
                value=None,
                reason=f"the file is not UTF-8; read it as {encoding}",
                severity="warning",
            )
        )
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return _read_xml(name, text)
    return [_read_csv(name, text, problems)]


def _decode(name: str, data: bytes) -> tuple[str, str]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "UTF-16"
    if b"\x00" in data[:4096]:
        raise ReturnFileError(name, "not a text file (CSV or XML)")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 is what Excel on a council laptop writes when not told otherwise.
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise ReturnFileError(
            name, "the file could not be decoded; save it as CSV UTF-8 and try again"
        ) from exc


def _read_csv(name: str, text: str, problems: list[Problem]) -> tuple[str, pd.DataFrame]:
    # Blank lines before the header would become the header; drop them but count them so
    # row numbers still match the file.
    body = text.lstrip("\ufeff").lstrip("\r\n")
    leading_lines = text.count("\n", 0, len(text) - len(body))
    text = body
    first_line = text.split("\n", 1)[0]
    header = [normalise_column_name(c) for c in next(csv.reader([first_line]), [])]
    table, closest = match_table([c for c in header if c])
    if table is None:
        if closest is None:
            raise ReturnFileError(
                name,
                "the header row matches no SSDA903 table "
                f"(found columns: {', '.join(c for c in header if c) or 'none'})"
                + _separator_hint(first_line),
            )
        missing = sorted(closest.required - set(header))
        raise ReturnFileError(
            name,
            f"looks like the {closest.name} table but is missing required columns: "
            + ", ".join(missing),
        )
    # Rows may carry more values than the header (trailing commas, or a stray comma inside a
    # value). Reading with enough placeholder columns for the widest line keeps the C parser
    # from failing the whole file; the extra values are checked per row below. Counting
    # commas over-estimates the width when values are quoted, which only adds empty columns.
    commas = _commas_per_line(text)
    width = max(len(header), int(commas.max()) + 1)
    names = [f"_{i}" for i in range(width)]
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            skiprows=1,
            names=names,
            # Python strings, not pandas' "str": _normalise cleans every column before it
            # builds its "str" columns, and building one checks every value (a tenth of the
            # parse).
            dtype=object,
            # A value missing from a short row is "", like an empty one: every value is a string.
            na_filter=False,
            # Keep blank lines so the frame index maps straight onto line numbers.
            skip_blank_lines=False,
            index_col=False,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise ReturnFileError(name, f"not a readable CSV file ({_short(exc)})") from exc
    rows = np.arange(2, len(frame) + 2, dtype="int64") + leading_lines
    extra = [_strip_blank(frame[column].to_numpy()) for column in names[len(header) :]]
    overflowing = np.zeros(len(frame), dtype=bool)
    for values in extra:
        overflowing |= pd.notna(values)
    for line in np.flatnonzero(overflowing):
        problems.append(
            Problem(
                file=name,
                row=int(rows[line]),
                column=None,
                value=",".join(v[line] for v in extra if isinstance(v[line], str)),
                reason="the row has more values than the header row; row not imported",
                severity="error",
            )
        )
    # A row with fewer values than the header (cut short when copied, or a lost line break).
    # Counting commas over-counts quoted values, so a row flagged here really is short.
    if len(header) > 1 and len(commas) > len(frame):
        given = commas[1 : len(frame) + 1] + 1
        short = given < len(header)
        # Stripped only where a row is short: a Python call per value, and few rows are.
        candidates = np.flatnonzero(short)
        first = frame[names[0]].iloc[candidates].astype("str").str.strip()
        short[candidates] = first.ne("").to_numpy()
        for row, count in zip(rows[short], given[short], strict=True):
            problems.append(
                Problem(
                    file=name,
                    row=int(row),
                    column=header[count],
                    value=None,
                    reason=f"the row has {count} of the header's {len(header)} values "
                    "(it may be cut short); the missing values were left blank",
                    severity="warning",
                )
            )
    wanted = {}
    for position, column in enumerate(header):
        if column in table.columns and column not in wanted:
            wanted[column] = names[position]
    # Kept as read: _normalise strips them, with whatever else it does to each distinct value.
    columns = {column: frame[source].to_numpy() for column, source in wanted.items()}
    for column in table.columns:
        if column not in columns:
            problems.append(
                Problem(
                    file=name,
                    row=None,
                    column=column,
                    value=None,
                    reason=f"column {column} is missing; left blank",
                    severity="warning",
                )
            )
            columns[column] = np.full(len(frame), None, dtype=object)
    # Lines that are entirely blank (or only commas) are not rows anyone meant to send. Nearly
    # every row has a first value, so the later columns are looked at for the few that do not.
    # (A Python call a value, but only the cheap one: hashing the first column's values to
    # strip each distinct one once costs twice as much.)
    blank = np.ones(len(frame), dtype=bool)
    for source in wanted.values():
        values = frame[source].to_numpy()[blank]
        blank[blank] = np.fromiter(map(str.strip, values), dtype=object, count=len(values)) == ""
    kept = ~blank & ~overflowing
    # Python strings ("object"): _normalise makes the columns it keeps pandas "str".
    raw = {column: pd.Series(columns[column][kept], dtype=object) for column in table.columns}
    return table.name, pd.DataFrame({**raw, "_file": name, "_row": rows[kept]})


def _commas_per_line(text: str) -> np.ndarray:
    """The commas on each line of `text` (split at "\\n"), found over its UTF-8 bytes at once:
    no byte of a character of several bytes is a comma or a line feed, so the counts are the
    characters'. Each line's end is looked up among the commas' positions (a binary search a
    line), a third of the time of a Python call a line."""
    data = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    line_ends = np.flatnonzero(data == ord("\n"))
    comma_positions = np.flatnonzero(data == ord(","))
    commas_before = np.searchsorted(comma_positions, line_ends)
    return np.diff(commas_before, prepend=0, append=len(comma_positions)).astype("int64")


def _separator_hint(first_line: str) -> str:
    # Excel in many European locales, and some case-management exports, separate with ; or tab.
    for separator, called in ((";", "semicolons"), ("\t", "tabs")):
        if first_line.count(separator) > first_line.count(","):
            return (
                f". The values look separated by {called}: save the file as "
                '"CSV (comma delimited)" and load it again'
            )
    return ""


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__


# --- The 903 XML ----------------------------------------------------------------------------

# Elements with children that hold one row of a table; any other element with children
# (HEADER, EPISODES, Children, ...) is a wrapper we look through.
XML_GROUPS: dict[str, str] = {
    "EPISODE": "Episodes",
    "AREVIEW": "Reviews",
    "REVIEW": "Reviews",
    "AMISSING": "Missing",
    "MISSING": "Missing",
    "OC2": "OC2",
    "OC3": "OC3",
    "AD1": "AD1",
    "PERMANENCE": "PrevPerm",
    "PREV_PERM": "PrevPerm",
    "AD_PLACED": "PlacedAdoption",
    "SW_EPISODE": "SWEpisodes",
    "SWEPISODE": "SWEpisodes",
}
XML_ALIASES: dict[str, str] = {"CHILDID": "CHILD", "PL": "PLACE"}
XML_TRUE = frozenset({"1", "Y", "YES", "TRUE"})


@dataclass
class _Node:
    tag: str
    line: int
    children: list[_Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def _parse_xml(name: str, text: str) -> _Node:
    """A minimal tree with line numbers (ElementTree does not keep them)."""
    root = _Node("", 0)
    stack = [root]
    parser = expat.ParserCreate()
    # The tree is walked recursively later: a limit on depth keeps a pathological file (200,000
    # nested elements) from ending in "maximum recursion depth exceeded".
    limits = ImportLimits.from_settings()

    def start(tag: str, _attrs: dict[str, str]) -> None:
        if len(stack) > limits.xml_depth:
            raise xml_too_deep(name, limits)
        node = _Node(tag.rsplit(":", 1)[-1].upper(), parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        stack[-1].text.append(data)

    def no_dtd(*_args: object) -> None:
        # Uploaded XML is untrusted: refusing DTDs rules out entity-expansion attacks.
        raise ReturnFileError(name, "XML with a DOCTYPE declaration is not accepted")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    try:
        parser.Parse(text.lstrip("\ufeff"), True)
    except expat.ExpatError as exc:
        raise ReturnFileError(name, f"not well-formed XML ({exc})") from exc
    return root


def _read_xml(name: str, text: str) -> list[tuple[str, pd.DataFrame]]:
    root = _parse_xml(name, text)
    rows: dict[str, list[dict[str, str | int | None]]] = {t: [] for t in TABLES}
    records = list(_child_records(root))
    if not records:
        raise ReturnFileError(name, "the XML holds no CHILD records")
    for record in records:
        fields: dict[str, str | None] = {}
        groups: list[tuple[str, _Node]] = []
        _collect(record, fields, groups)
        base = {"CHILD": fields.get("CHILD"), "DOB": fields.get("DOB")}
        rows["Header"].append({**fields, "_row": record.line})
        if _present(fields, "DUC") or (fields.get("UASC") or "").strip().upper() in XML_TRUE:
            rows["UASC"].append({**fields, "_row": record.line})
        if any(_present(fields, c) for c in ("IN_TOUCH", "ACTIV", "ACCOM")):
            rows["OC3"].append({**fields, "_row": record.line})
        if any(_present(fields, c) for c in ("DATE_INT", "DATE_MATCH")):
            rows["AD1"].append({**fields, "_row": record.line})
        for group_table, node in groups:
            group_fields: dict[str, str | None] = {}
            _collect(node, group_fields, [])
            rows[group_table].append({**base, **group_fields, "_row": node.line})
    result = []
    for table_name, table_rows in rows.items():
        if not table_rows and table_name != "Episodes":
            continue
        table = TABLES[table_name]
        frame = pd.DataFrame.from_records(table_rows, columns=[*table.columns, "_row"])
        for column in table.columns:
            frame[column] = frame[column].astype("str")
        frame["_row"] = frame["_row"].astype("int64")
        frame.insert(len(table.columns), "_file", name)
        result.append((table_name, frame))
    return result


def _child_records(node: _Node) -> Iterator[_Node]:
    for child in node.children:
        if child.tag == "CHILD" and child.children:
            yield child
        else:
            yield from _child_records(child)


def _collect(node: _Node, fields: dict[str, str | None], groups: list[tuple[str, _Node]]) -> None:
    for child in node.children:
        if not child.children:
            value = "".join(child.text).strip()
            fields[XML_ALIASES.get(child.tag, child.tag)] = value or None
        elif child.tag in XML_GROUPS:
            groups.append((XML_GROUPS[child.tag], child))
        else:
            _collect(child, fields, groups)


def _present(fields: dict[str, str | None], key: str) -> bool:
    return bool((fields.get(key) or "").strip())


# --- Normalising a table --------------------------------------------------------------------


def _stripped(distinct: Iterable[str]) -> list[str | None]:
    """Each value without its surrounding spaces; None when nothing is left. (One loop, not a
    function called a value: a return's columns hold 500,000 distinct values.)"""
    return [value.strip() or None for value in distinct]


def _distinct_stripped(values: np.ndarray) -> tuple[np.ndarray, list[str | None]]:
    """pandas.factorize's positions of the values (-1 where missing), and each distinct value
    stripped (None where blank)."""
    positions, uniques = pd.factorize(values, use_na_sentinel=True)
    return positions, _stripped(uniques)


def _strip_blank(values: np.ndarray) -> np.ndarray:
    """Each value stripped, and None where it is blank or missing, a distinct value once."""
    positions, distinct = _distinct_stripped(values)
    return mapped_back(distinct, positions)


def _normalise(
    table: TableDef,
    frame: pd.DataFrame,
    year: int,
    header_children: set[str] | None,
    problems: list[Problem],
) -> pd.DataFrame:
    # The columns are worked on as NumPy object arrays and made pandas "str" columns once, at
    # the end: pandas checks every value of a "str" column it builds, and finds missing values
    # more slowly in one.
    # Each column is hashed once: its distinct values are stripped (a blank one is missing),
    # then upper-cased or read as dates, and mapped back to the rows.
    text: dict[str, np.ndarray] = {}
    values: dict[str, np.ndarray] = {}
    unreadable: dict[str, np.ndarray] = {}
    for column in table.columns:
        positions, distinct = _distinct_stripped(frame[column].to_numpy(dtype=object))
        text[column] = mapped_back(distinct, positions)
        if column in table.dates:
            values[column], unreadable[column] = _parse_dates(distinct, positions)
        elif column in table.codes or column in table.postcodes:
            upper = [value.upper() if value is not None else None for value in distinct]
            values[column] = mapped_back(upper, positions)
        else:
            values[column] = text[column]
    files = frame["_file"].to_numpy(dtype=object)
    rows = frame["_row"].to_numpy(dtype="int64")

    rejected = np.zeros(len(frame), dtype=bool)

    def reject(mask: np.ndarray, column: str, reason: str) -> None:
        nonlocal rejected
        rejected |= mask
        for file, row, value in zip(files[mask], rows[mask], text[column][mask], strict=True):
            given = value if isinstance(value, str) else ""
            problems.append(Problem(str(file), int(row), column, given, reason, "error"))

    reject(pd.isna(values["CHILD"]), "CHILD", "child identifier (CHILD) is blank")

    for column in table.columns:
        if column in table.dates:
            reject(unreadable[column], column, DATE_HINT)

    if table.name == "Episodes":
        reject(
            np.isnat(values["DECOM"]) & pd.isna(text["DECOM"]),
            "DECOM",
            "start date (DECOM) is blank",
        )
        # A missing date (NaT) compares False with any other.
        reject(
            values["DEC"] < values["DECOM"],
            "DEC",
            "end date (DEC) is before start date (DECOM)",
        )

    if header_children is not None and table.name in CHILD_TABLES_NEEDING_HEADER:
        # A set look-up a row: the strings' hashes are cached, so it beats pandas' isin.
        known = np.fromiter(
            (child in header_children for child in values["CHILD"]), dtype=bool, count=len(frame)
        )
        reject(pd.notna(values["CHILD"]) & ~known, "CHILD", "child without a header row")

    kept = ~rejected
    out = pd.DataFrame(
        {
            **{
                column: pd.Series(
                    values[column][kept],
                    dtype="datetime64[ns]" if column in table.dates else "str",
                )
                for column in table.columns
            },
            "_file": pd.Series(files[kept], dtype="str"),
            "_row": rows[kept],
        }
    )

    if "SEX" in table.columns:
        out["SEX"] = _normalise_sex(out, problems)

    for code_field in table.checked_codes:
        problems.extend(codes.validate_codes(out, code_field, year))
    return out


def _parse_dates(
    distinct: list[str | None], positions: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Read a column's distinct values (None where blank) as dates and map them back to its
    rows through `positions` (-1 where missing): the dates, and a mask of the unreadable ones.
    A 300,000-row episodes table has a few thousand distinct dates.
    """
    candidates = pd.Series(distinct, dtype="str")
    given = candidates.notna()
    parsed = pd.Series(pd.NaT, index=candidates.index, dtype="datetime64[ns]")
    for date_format in DATE_FORMATS:
        todo = parsed.isna() & given
        if not todo.any():
            break
        attempt = pd.to_datetime(candidates[todo], format=date_format, errors="coerce")
        parsed[todo] = attempt.astype("datetime64[ns]")
    # Keep whole days: a spreadsheet's "2024-04-01 00:00:00" is the date 1 April 2024.
    unique_dates = parsed.dt.normalize().to_numpy(dtype="datetime64[ns]")
    unique_bad = (parsed.isna() & given).to_numpy()
    # factorize marks a missing value -1, which indexes the NaT or False put last.
    dates = np.concatenate([unique_dates, [np.datetime64("NaT", "ns")]])[positions]
    bad = np.concatenate([unique_bad, [False]])[positions]
    return dates, bad


def _normalise_sex(frame: pd.DataFrame, problems: list[Problem]) -> pd.Series:
    """1/2 (before 2024-25) and M/F/U (after) both become M/F/U."""
    raw = frame["SEX"]
    mapped = raw.map(SEX_MAP)
    odd = raw.notna() & mapped.isna()
    if odd.any():
        bad = pd.DataFrame({"file": frame["_file"][odd], "row": frame["_row"][odd], "v": raw[odd]})
        summary = bad.groupby(["file", "v"], sort=False)["row"].agg(["min", "size"])
        for (file, value), (first_row, count) in summary.iterrows():
            rows = "1 row" if count == 1 else f"{count} rows"
            problems.append(
                Problem(
                    file=str(file),
                    row=int(first_row),
                    column="SEX",
                    value=str(value),
                    reason=(
                        f"SEX '{value}' is not 1, 2, M, F or U ({rows}, first on row "
                        f"{int(first_row)}); counted as unknown"
                    ),
                    severity="warning",
                )
            )
    return mapped.fillna("U").astype("str")


def describe(data: ReturnData) -> str:
    """A short plain-text summary, for the import page and the command line."""
    lines = [f"SSDA903 return {collection_year_label(data.year)}: {len(data.files)} files"]
    for name, frame in data.tables.items():
        lines.append(f"  {name}: {count(len(frame))} rows")
    dropped = len({(p.file, p.row) for p in data.errors})
    lines.append(f"  {dropped} rows not imported, {len(data.warnings)} warnings")
    return "\n".join(lines)
