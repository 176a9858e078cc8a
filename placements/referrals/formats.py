"""Reading and writing referrals in the standard's two formats: JSON records per placements.json
and the April 2026 Excel data template. Pure: bytes in, records (dicts of model attributes) and
problems out, or records in, bytes out. Nothing here touches the database.

JSON follows the standard strictly (its option strings exactly, true/false, ISO dates); the
template is read as councils fill it: its drop-down spellings ("< 5 days", "Yes", "Only With
Other younger children"), dates as Excel dates or text, "NA" for no siblings. Every problem
names the file, the row (or record) and the field, and for a coded field the allowed values.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from placements.referrals import standard as std
from sufficiency import exports

MAX_LENGTHS = {
    "child_id": 40, "placement_location": 8, "provider_urn": 20, "referral_officer_name": 120,
    "placement_officer_name": 120, "cost_officer_name": 120,
}  # fmt: skip
DEFAULT_MAX_LENGTH = 200
TEMPLATE_SHEET = "Data Collection"
MISSING = object()


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # the spreadsheet row, or the JSON record's number (from 1)
    field: str  # the template column or JSON field name; "" for the whole file
    message: str
    where: str = "row"

    def __str__(self) -> str:
        place = f"{self.where} {self.row}" if self.row is not None else ""
        parts = [p for p in (self.file, place, self.field) if p]
        return ", ".join(parts) + ": " + self.message


@dataclass
class Parsed:
    records: list[dict[str, Any]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class Invalid(Exception):
    pass


# Values ------------------------------------------------------------------------------------------


def _blank(raw: Any) -> bool:
    return raw is MISSING or raw is None or (isinstance(raw, str) and raw.strip() == "")


def _empty(f: std.Field) -> Any:
    if f.kind == "multi":
        return []
    if f.kind in ("string", "categorical", "id"):
        return ""
    return None


def clean_value(f: std.Field, raw: Any, *, lenient: bool) -> Any:
    """The model value for one field's raw value, or Invalid saying what is wrong."""
    if _blank(raw):
        return _empty(f)
    if (
        lenient
        and isinstance(raw, str)
        and raw.startswith("'")
        and raw[1:2]
        and (raw[1:].startswith(exports.FORMULA_STARTS))
    ):
        raw = raw[1:]  # our own export made a formula-like text inert; read it back as written
    kind = f.kind
    if kind == "id":
        if isinstance(raw, bool) or isinstance(raw, float) and not raw.is_integer():
            raise Invalid("must be the child's ID: a whole number or the case-management ID")
        if isinstance(raw, float):
            raw = int(raw)
        text = str(raw).strip()
        return _length(f, text)
    if kind == "categorical":
        value = f.match(raw, lenient=lenient) if isinstance(raw, str) else None
        if value is None:
            raise Invalid(f'"{raw}" is not allowed: use one of {f.allowed()}')
        return value
    if kind == "multi":
        if lenient:
            items = [p for p in re.split(r"[,;\n]", str(raw)) if p.strip()]
        elif isinstance(raw, list):
            items = raw
        else:
            raise Invalid(f"must be a list of one or more of {f.allowed()}")
        values = []
        for item in items:
            value = f.match(item, lenient=lenient) if isinstance(item, str) else None
            if value is None:
                raise Invalid(f'"{item}" is not allowed: use one or more of {f.allowed()}')
            if value not in values:
                values.append(value)
        return values
    if kind == "boolean":
        if isinstance(raw, bool):
            return raw
        if lenient and isinstance(raw, str):
            word = raw.strip().lower()
            if word in ("yes", "y", "true"):
                return True
            if word in ("no", "n", "false"):
                return False
        allowed = '"Yes" or "No"' if lenient else "true or false"
        raise Invalid(f'"{raw}" is not allowed: use {allowed}')
    if kind == "integer":
        if lenient and isinstance(raw, str) and raw.strip().upper() in ("NA", "N/A"):
            return None
        number = _number(raw, lenient=lenient)
        if number is None or number != int(number) or number < 0:
            raise Invalid(f'"{raw}" must be a whole number, 0 or more')
        return int(number)
    if kind == "money":
        number = _number(raw, lenient=lenient)
        if number is None or number < 0:
            raise Invalid(f'"{raw}" must be an amount in pounds, 0 or more')
        return number.quantize(Decimal("0.01"))
    if kind == "date":
        return _date(raw, lenient=lenient)
    if kind == "string":
        if not isinstance(raw, str) and not lenient:
            raise Invalid(f"must be text, not {json.dumps(raw)}")
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        return _length(f, str(raw).strip())
    raise AssertionError(kind)


def _length(f: std.Field, text: str) -> str:
    limit = MAX_LENGTHS.get(f.attr, DEFAULT_MAX_LENGTH)
    if len(text) > limit:
        raise Invalid(f"must be {limit} characters or fewer")
    return text


def _number(raw: Any, *, lenient: bool) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    if lenient and isinstance(raw, str):
        try:
            return Decimal(raw.strip().replace("£", "").replace(",", ""))
        except InvalidOperation:
            return None
    return None


def _date(raw: Any, *, lenient: bool) -> date:
    if lenient and isinstance(raw, datetime):
        return raw.date()
    if lenient and isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        try:
            return date.fromisoformat(text[:10] if lenient else text)
        except ValueError:
            pass
        if lenient:
            try:
                return datetime.strptime(text, "%d/%m/%Y").date()
            except ValueError:
                pass
    expected = "a date such as 2025-09-01 or 01/09/2025" if lenient else "a date as YYYY-MM-DD"
    raise Invalid(f'"{raw}" must be {expected}')


# Records -----------------------------------------------------------------------------------------


def clean_record(
    raw: dict[str, Any], *, lenient: bool, name_of, skip_required: AbstractSet[str] = frozenset()
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A record's model attributes from its raw values by attribute, and its problems as
    (field name, message) with `name_of(field)` naming the field as the source does."""
    attrs: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for f in std.FIELDS:
        try:
            attrs[f.attr] = clean_value(f, raw.get(f.attr, MISSING), lenient=lenient)
        except Invalid as error:
            problems.append((name_of(f), str(error)))
            attrs[f.attr] = _empty(f)
    bad = {name for name, _ in problems}
    if not attrs["outcome"]:
        placed = any(attrs[a] not in ("", None) for a in ("placement_type", "provider_urn",
                                                          "total_weekly_cost"))  # fmt: skip
        attrs["outcome"] = std.PLACED if placed else std.NOT_YET_PLACED
    placed = attrs["outcome"] == std.PLACED
    for f in std.FIELDS:
        if name_of(f) in bad or f.attr in skip_required:
            continue
        missing = attrs[f.attr] in ("", None, [])
        if missing and f.required == "always":
            problems.append((name_of(f), f"{f.label} is required"))
        elif missing and f.required == "placed" and placed:
            problems.append((name_of(f), f"{f.label} is required when the child was placed"))
    if attrs["outcome"] == std.NO_SUITABLE_HOME and attrs["outcome_date"] is None:
        problems.append((name_of(std.BY_ATTR["outcome_date"]),
                         "give the date no suitable home was found"))  # fmt: skip
    if (
        attrs["additional_support"] == "other (please specify)"
        and not attrs["additional_support_other"]
    ):
        problems.append((name_of(std.BY_ATTR["additional_support_other"]),
                         "say what other additional support is needed"))  # fmt: skip
    if placed and attrs["provider_urn"].lower() == std.UNREGISTERED.lower():
        attrs["provider_urn"] = std.UNREGISTERED
    if placed and attrs["outcome_date"] is None:
        attrs["outcome_date"] = attrs["placement_date"]
    return attrs, problems


# JSON --------------------------------------------------------------------------------------------


def read_json(name: str, data: bytes) -> Parsed:
    """One record or a list of records, each grouped by the standard's entity names."""
    parsed = Parsed()
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        parsed.problems.append(Problem(name, None, "", f"is not JSON: {error}"))
        return parsed
    records = document if isinstance(document, list) else [document]
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            parsed.problems.append(Problem(name, number, "", "is not a record", where="record"))
            continue
        raw: dict[str, Any] = {}
        shape: list[tuple[str, str]] = []
        for f in std.FIELDS:
            group = record.get(f.group)
            if group is None:
                continue
            if not isinstance(group, dict):
                shape.append((f.group, "must be an object of the standard's fields"))
                continue
            if f.json in group:
                raw[f.attr] = group[f.json]
        attrs, problems = clean_record(raw, lenient=False, name_of=lambda f: f"{f.group}.{f.json}")
        problems = list(dict.fromkeys(shape)) + problems
        for field_name, message in problems:
            parsed.problems.append(Problem(name, number, field_name, message, where="record"))
        if not problems:
            parsed.records.append(attrs)
            parsed.rows.append(number)
    return parsed


def _json_value(f: std.Field, value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if f.kind == "id" and isinstance(value, str) and value.isdigit() and value[0] != "0":
        return int(value)  # v2's childId is an Integer; a case-management ID may be text
    return value


def to_json_record(values: dict[str, Any]) -> dict[str, Any]:
    """One record grouped by entity, leaving out what was not recorded."""
    record: dict[str, Any] = {}
    for f in std.FIELDS:
        value = values.get(f.attr)
        if value in ("", None, []):
            continue
        record.setdefault(f.group, {})[f.json] = _json_value(f, value)
    return record


def write_json(records: list[dict[str, Any]]) -> bytes:
    return json.dumps([to_json_record(r) for r in records], indent=2).encode("utf-8")


# The Excel template ------------------------------------------------------------------------------


def _column_key(header: Any) -> str:
    text = str(header or "").strip()
    return std.COLUMN_ALIASES.get(text, text).lower()


COLUMNS = {f.column.lower(): f for f in std.FIELDS}


def read_template(name: str, data: bytes) -> Parsed:
    """The "Data Collection" sheet as councils fill it: group headings, the column names, the
    descriptions, then one row per placement (the template's own example row is a row too).

    Read with calamine (Rust), which reads 5,000 rows in a fraction of openpyxl's time."""
    parsed = Parsed()
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError:
        parsed.problems.append(Problem(name, None, "", "is not an Excel workbook (.xlsx)"))
        return parsed
    names = [TEMPLATE_SHEET] if TEMPLATE_SHEET in book.sheet_names else book.sheet_names
    for sheet_name in names:
        rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        for number, row in enumerate(rows[:10], start=1):
            keys = [_column_key(v) for v in row]
            if "child_id" in keys:
                return _read_rows(name, keys, number, rows[number:], parsed)
    parsed.problems.append(Problem(
        name, None, "", f'has no row of column names with "child_ID": use the '
        f'"{TEMPLATE_SHEET}" sheet of the Placements Data Standard template'))  # fmt: skip
    return parsed


def _read_rows(name: str, keys: list[str], header_row: int, rows, parsed: Parsed) -> Parsed:
    index = {key: i for i, key in enumerate(keys) if key in COLUMNS}
    missing = [f for f in std.TEMPLATE_FIELDS if f.required == "always"
               and f.column.lower() not in index]  # fmt: skip
    for f in missing:
        parsed.problems.append(
            Problem(name, header_row, f.column, f"the column for {f.label} is missing")
        )
    if missing:
        return parsed
    # A v2 field the template has no column for (sexual exploitation) cannot be required of it,
    # even in a file that adds the column.
    absent = {f.attr for f in std.FIELDS if f.column.lower() not in index or not f.in_template}
    for number, row in enumerate(rows, start=header_row + 1):
        if not any(not _blank(v) for v in row):
            continue
        first = row[index["child_id"]] if index["child_id"] < len(row) else None
        if number == header_row + 1 and isinstance(first, str) and first.startswith("Child ID"):
            continue  # the template's row of descriptions
        raw = {COLUMNS[key].attr: row[i] for key, i in index.items() if i < len(row)}
        attrs, problems = clean_record(
            raw, lenient=True, name_of=lambda f: f.column, skip_required=absent
        )
        for column, message in problems:
            parsed.problems.append(Problem(name, number, column, message))
        if not problems:
            parsed.records.append(attrs)
            parsed.rows.append(number)
    return parsed


def _template_value(f: std.Field, value: Any) -> Any:
    if value in ("", None, []):
        return None
    if f.kind == "boolean":
        return "Yes" if value else "No"
    if f.kind == "multi":
        return ", ".join(value)
    return value


def write_template(records: list[dict[str, Any]]) -> bytes:
    """The template's columns in its order, then the v2 fields it lacks and the outcome."""
    columns = std.TEMPLATE_FIELDS + std.EXTRA_FIELDS
    rows = [[_template_value(f, r.get(f.attr)) for f in columns] for r in records]
    sheet = exports.Sheet(TEMPLATE_SHEET, [f.column for f in columns], rows)
    return exports.workbook_bytes([sheet])


def read(name: str, data: bytes) -> Parsed:
    """JSON or the Excel template, told apart by the file's name and its first bytes."""
    if name.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"["):
        return read_json(name, data)
    return read_template(name, data)
