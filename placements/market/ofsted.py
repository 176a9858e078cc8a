"""Reading Ofsted's "social care providers list" as published, whatever the release.

Releases differ in file type (CSV or XLSX, sometimes with title rows above the header), in
column names ("Setting name" or "Provider name"; "Places", "Number of registered places" or
"Maximum users") and in how ratings are written. Everything is normalised to one set of
fields here; a row that cannot be read is rejected with its reason and the rest go on.

Pure: bytes in, records and problems out. No ORM (services.import_providers writes).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from placements.market.models import ProviderType, Rating, Sector

# Canonical field -> header names seen in releases, compared after `_key` normalisation.
ALIASES: dict[str, tuple[str, ...]] = {
    "urn": ("urn", "unique reference number", "provider urn", "social care urn", "setting urn"),
    "name": ("setting name", "provider name", "name", "establishment name", "service name"),
    "provider_type": ("provider type", "type of provider", "setting type", "service type"),
    "provider_subtype": ("provider subtype", "provider sub type", "subtype"),
    "sector": ("sector", "provider sector", "ownership sector"),
    "owner": (
        "organisation which owns the provider", "owner name", "owner", "organisation name",
        "organisation", "provider organisation", "registered provider", "company name",
    ),
    "local_authority": ("local authority", "la", "local authority name", "setting local authority"),
    "region": ("region", "ofsted region", "government office region"),
    "postcode": ("setting address postcode", "postcode", "setting postcode", "address postcode"),
    "places": (
        "places", "number of registered places", "maximum users", "registered places",
        "number of places", "max users",
    ),
    "registration_status": ("registration status", "status"),
    "registration_date": ("registration date", "date of registration", "registered date"),
    "closed_date": ("closed date", "date closed", "deregistration date", "date of closure"),
    "registration_categories": ("registration categories", "registration category"),
    "rating": (
        "overall experiences and progress of children and young people", "overall effectiveness",
        "latest overall effectiveness", "overall judgement", "overall effectiveness judgement",
    ),
    "rating_date": (
        "latest full inspection date", "inspection date", "date of latest full inspection",
        "latest inspection date", "date of inspection", "inspection start date",
    ),
    "inspection_type": ("inspection event type", "inspection type", "event type"),
}  # fmt: skip

# When no alias matches exactly, a header starting with one of these is taken (first wins).
PREFIXES: tuple[tuple[str, str], ...] = (
    ("overall experiences and progress", "rating"),
    ("overall effectiveness", "rating"),
    ("latest full inspection date", "rating_date"),
    ("number of registered places", "places"),
    ("organisation which owns", "owner"),
    ("setting address postcode", "postcode"),
)

REQUIRED = ("urn", "name")

RATINGS: dict[str, str] = {
    "outstanding": Rating.OUTSTANDING,
    "1": Rating.OUTSTANDING,
    "good": Rating.GOOD,
    "2": Rating.GOOD,
    "requires improvement to be good": Rating.REQUIRES_IMPROVEMENT,
    "requires improvement": Rating.REQUIRES_IMPROVEMENT,
    "adequate": Rating.REQUIRES_IMPROVEMENT,
    "satisfactory": Rating.REQUIRES_IMPROVEMENT,
    "3": Rating.REQUIRES_IMPROVEMENT,
    "inadequate": Rating.INADEQUATE,
    "4": Rating.INADEQUATE,
    "not yet inspected": Rating.NOT_YET_INSPECTED,
    "not inspected": Rating.NOT_YET_INSPECTED,
    "not judged": Rating.NOT_YET_INSPECTED,
    "5": Rating.NOT_YET_INSPECTED,
    "": Rating.NOT_YET_INSPECTED,
    "na": Rating.NOT_YET_INSPECTED,
    "n a": Rating.NOT_YET_INSPECTED,
}

SECTORS: dict[str, str] = {
    "local authority": Sector.LOCAL_AUTHORITY,
    "la": Sector.LOCAL_AUTHORITY,
    "private": Sector.PRIVATE,
    "voluntary": Sector.VOLUNTARY,
    "charity": Sector.VOLUNTARY,
    "health authority": Sector.HEALTH,
    "health": Sector.HEALTH,
    "nhs": Sector.HEALTH,
}

_URN = re.compile(r"^[A-Z0-9]{4,10}$")
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y", "%d-%b-%y",
                 "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%d/%m/%y", "%Y/%m/%d")  # fmt: skip


def _key(text: object) -> str:
    """A header or value compared loosely: lower case, & as and, punctuation as spaces."""
    cleaned = str(text or "").replace("\ufeff", "").lower().replace("&", " and ")
    cleaned = cleaned.replace("’", "").replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", cleaned).split())


_ALIAS_INDEX = {alias: canonical for canonical, names in ALIASES.items() for alias in names}


@dataclass
class Problem:
    row: int | None
    urn: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "urn": self.urn, "reason": self.reason}


@dataclass
class ParsedList:
    records: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # canonical -> header as written
    present: frozenset[str] = frozenset()

    @property
    def fatal(self) -> bool:
        return not self.records


# Reading ----------------------------------------------------------------------------------------


def _table_rows(name: str, data: bytes) -> list[list[str]]:
    if name.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        return _xlsx_rows(data)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return [row for row in csv.reader(io.StringIO(text, newline=""))]


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # The data is on the sheet whose header names a URN; title and notes sheets come first.
    best: list[list[str]] = []
    for sheet in book.worksheets:
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        if _header_index(rows) is not None:
            best = rows
            break
    book.close()
    return best


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header_index(rows: list[list[str]]) -> int | None:
    """The header row: the first of the first 30 with a URN column and a name column."""
    for index, row in enumerate(rows[:30]):
        keys = {_canonical(cell) for cell in row}
        if "urn" in keys and "name" in keys:
            return index
    return None


def _canonical(header: str) -> str | None:
    key = _key(header)
    if key in _ALIAS_INDEX:
        return _ALIAS_INDEX[key]
    for prefix, canonical in PREFIXES:
        if key.startswith(prefix):
            return canonical
    return None


def normalise_columns(headers: list[str]) -> dict[int, str]:
    """Column position -> canonical field; the first column claiming a field wins."""
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    for position, header in enumerate(headers):
        canonical = _canonical(header)
        if canonical and canonical not in taken:
            chosen[position] = canonical
            taken.add(canonical)
    return chosen


# Values -----------------------------------------------------------------------------------------


def provider_type(text: str, subtype: str = "", sector: str = "") -> str:
    words = _key(f"{text} {subtype}")
    if "secure" in words:
        return ProviderType.SECURE
    if "fostering" in words or "foster" in words:
        if "independent" in words:
            return ProviderType.IFA
        if "local authority" in words or sector == Sector.LOCAL_AUTHORITY:
            return ProviderType.LA_FOSTERING
        return ProviderType.IFA
    if "supported accommodation" in words:
        return ProviderType.SUPPORTED_ACCOMMODATION
    if "special school" in words or "residential school" in words:
        return ProviderType.RESIDENTIAL_SCHOOL
    if "childrens home" in words or "children home" in words:
        return ProviderType.CHILDRENS_HOME
    if "family centre" in words:
        return ProviderType.FAMILY_CENTRE
    if "adoption" in words:
        return ProviderType.ADOPTION
    return ProviderType.OTHER


def sector(text: str) -> str:
    return SECTORS.get(_key(text), Sector.UNKNOWN)


def rating(text: str) -> str | None:
    """The rating code, or None when the text is not a rating we know."""
    key = _key(text)
    if key.endswith(" 0") and key[:-2].isdigit():  # "2.0" from a spreadsheet
        key = key[:-2]
    return RATINGS.get(key)


_DATE_CACHE: dict[str, date | None] = {}


def parse_date(text: str) -> date | None:
    """A date in any of the forms releases use; None when blank. Raises ValueError if unreadable."""
    text = text.strip()
    if not text:
        return None
    if text in _DATE_CACHE:
        parsed = _DATE_CACHE[text]
        if parsed is None:
            raise ValueError(text)
        return parsed
    for form in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, form).date()
        except ValueError:
            continue
        _DATE_CACHE[text] = parsed
        return parsed
    _DATE_CACHE[text] = None
    raise ValueError(text)


def parse_places(text: str) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    number = float(text)  # ValueError for text
    if number < 0 or not number.is_integer():
        raise ValueError(text)
    return int(number)


def clean_urn(text: str) -> str:
    urn = text.strip().upper().replace(" ", "")
    return urn[:-2] if urn.endswith(".0") else urn


def clean_postcode(text: str) -> str:
    compact = re.sub(r"\s+", "", text.upper())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else compact


# The whole list ---------------------------------------------------------------------------------


def parse(name: str, data: bytes) -> ParsedList:
    """Read an Ofsted providers list: its records, normalised, and the rows it rejected."""
    result = ParsedList()
    try:
        rows = _table_rows(name, data)
    except Exception as error:  # a corrupt workbook or a file that is not a table at all
        result.problems.append(Problem(None, "", f"The file could not be read: {error}"))
        return result
    header_at = _header_index(rows)
    if header_at is None:
        result.problems.append(
            Problem(None, "", "No header row with a URN and a setting or provider name column")
        )
        return result
    headers = rows[header_at]
    positions = normalise_columns(headers)
    result.columns = {canonical: headers[p].strip() for p, canonical in positions.items()}
    result.present = frozenset(positions.values())
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        values = {canonical: (row[p] if p < len(row) else "") for p, canonical in positions.items()}
        record, reason = _record(values)
        urn = record.get("urn", "") if record else clean_urn(values.get("urn", ""))
        if reason is None and urn in seen:
            reason = f"URN {urn} already appears on row {seen[urn]}"
        if reason:
            result.problems.append(Problem(offset, urn, reason))
            continue
        seen[urn] = offset
        result.records.append(record)
    return result


def _record(values: dict[str, str]) -> tuple[dict, str | None]:
    get = lambda name: (values.get(name) or "").strip()  # noqa: E731
    urn = clean_urn(get("urn"))
    if not urn:
        return {}, "No URN"
    if not _URN.match(urn):
        return {}, f"URN “{get('urn')}” is not an Ofsted URN (letters and digits, 4 to 10)"
    name = get("name")
    if not name:
        return {}, "No setting or provider name"
    record: dict = {"urn": urn, "name": name[:200]}
    provider_sector = sector(get("sector"))
    if "sector" in values:
        record["sector"] = provider_sector
    if "provider_type" in values:
        record["provider_type_text"] = get("provider_type")[:120]
        record["provider_type"] = provider_type(
            get("provider_type"), get("provider_subtype"), provider_sector
        )
    for text_field, length in (("owner", 200), ("local_authority", 120), ("region", 60),
                               ("registration_status", 40),
                               ("registration_categories", 500)):  # fmt: skip
        if text_field in values:
            record[text_field] = get(text_field)[:length]
    if "postcode" in values:
        record["postcode"] = clean_postcode(get("postcode"))[:10]
    if "places" in values:
        try:
            record["places"] = parse_places(get("places"))
        except ValueError:
            return record, f"Places “{get('places')}” is not a whole number"
    for date_field, label in (("registration_date", "Registration date"),
                              ("closed_date", "Closed date"),
                              ("rating_date", "Inspection date")):  # fmt: skip
        if date_field in values:
            try:
                record[date_field] = parse_date(get(date_field))
            except ValueError:
                return record, f"{label} “{get(date_field)}” is not a date"
    if "rating" in values:
        code = rating(get("rating"))
        if code is None:
            return record, f"Overall effectiveness “{get('rating')}” is not an Ofsted judgement"
        record["rating"] = code
    if "inspection_type" in values:
        record["inspection_type"] = get("inspection_type")[:60]
    return record, None


def frame(parsed: ParsedList) -> pd.DataFrame:
    """The records as a DataFrame (for analysts and the benchmark)."""
    return pd.DataFrame.from_records(parsed.records)
