"""Tables as CSV and XLSX downloads: one way to write them, safe to open in a spreadsheet.

Every download goes through here so that two rules hold everywhere:

- A text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a
  carriage return: OWASP's rule for CSV injection) is prefixed with an apostrophe, so it shows
  as the text it is. Numbers stay numbers.
- A figure travels as its value, not its display text: a `Cell` carries both, so the page shows
  "19.3%" while the spreadsheet gets 0.193 formatted as a percentage.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sufficiency.formatting import (
    NOT_KNOWN,
    count,
    is_missing,
    money,
    number,
    percent,
    rate,
    signed,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Excel number formats by the kind of figure a Cell holds.
NUMBER_FORMATS = {
    "count": "#,##0",
    "number": "#,##0.0",
    "percent": "0.0%",
    "rate": "0.0",
    "money": "£#,##0",
    "money_pence": "£#,##0.00",
    "date": "d mmmm yyyy",
    "change": "+#,##0.0;-#,##0.0;0.0",
    "signed": "+#,##0;-#,##0;0",
}


@dataclass(frozen=True)
class Cell:
    """A figure in a table: its display text for pages, its value for spreadsheets.

    `kind` names the number format. A percent's `value` is the percentage (19.3), as the
    measures give it; the spreadsheet gets the fraction (0.193) so Excel's % format reads right.
    """

    value: int | float | date | None
    text: str
    kind: str = "number"

    def __str__(self) -> str:
        return self.text

    def spreadsheet_value(self) -> int | float | date | None:
        if self.value is None:
            return None
        if self.kind == "percent":
            return float(self.value) / 100  # type: ignore[arg-type]
        return self.value


def neutralise(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula, made inert; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_value(value: Any) -> Any:
    """What goes into a spreadsheet cell: typed values stay typed, text is made safe."""
    if isinstance(value, Cell):
        return value.spreadsheet_value()
    if is_missing(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, int | float | date | datetime):
        return value
    return neutralise(str(value))


def csv_text(headings: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    write_csv(buffer, headings, rows)
    return buffer.getvalue()


def write_csv(out: Any, headings: Sequence[Any], rows: Iterable[Sequence[Any]]) -> None:
    """CSV rows of plain values: numbers as numbers (a percent as 19.3), text made safe."""
    writer = csv.writer(out)
    if headings:
        writer.writerow([neutralise(str(h)) for h in headings])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])


def _csv_value(value: Any) -> Any:
    if isinstance(value, Cell):
        value = value.value
    if is_missing(value):
        return ""
    if isinstance(value, Decimal | int | float):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value))


@dataclass
class Sheet:
    title: str
    headings: Sequence[Any]
    rows: Sequence[Sequence[Any]]


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook: bold frozen headings, typed cells with number formats, sized columns."""
    book = Workbook()
    for index, spec in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = spec.title[:31]
        sheet.append([cell_value(h) for h in spec.headings])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in spec.rows:
            sheet.append([cell_value(v) for v in row])
            for column, value in enumerate(row, start=1):
                number_format = _number_format(value)
                if number_format:
                    sheet.cell(row=sheet.max_row, column=column).number_format = number_format
        sheet.freeze_panes = "A2"
        for column, heading in enumerate(spec.headings, start=1):
            width = max(
                [len(str(heading))] + [len(str(r[column - 1] or "")) for r in spec.rows[:200]]
            )
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number_format(value: Any) -> str | None:
    if isinstance(value, Cell):
        return NUMBER_FORMATS.get(value.kind)
    if isinstance(value, datetime | date):
        return NUMBER_FORMATS["date"]
    return None


def csv_response(filename: str, headings: Sequence[Any], rows: Iterable[Sequence[Any]]):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, headings, rows)
    return response


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def count_cell(value: Any) -> Cell:
    """A count for a table: "1,234" on the page, 1234 in a spreadsheet."""
    return Cell(None if is_missing(value) else int(value), count(value), "count")


def share_cell(part: Any, whole: Any) -> Cell:
    """part as a share of whole: "19.3%" on the page, 0.193 formatted as a percent in a sheet."""
    if is_missing(part) or is_missing(whole) or not whole:
        return Cell(None, NOT_KNOWN, "percent")
    value = round(100 * float(part) / float(whole), 1)
    return Cell(value, percent(value), "percent")


def date_cell(on: date, text: str) -> Cell:
    return Cell(on, text, "date")


def percent_cell(value: Any) -> Cell:
    """A percentage already multiplied by 100 (19.3): "19.3%" on the page, 0.193 in a sheet."""
    return Cell(None if is_missing(value) else float(value), percent(value), "percent")


def rate_cell(value: Any) -> Cell:
    """A rate per 10,000 children: "103.2" on the page, 103.2 in a sheet."""
    return Cell(None if is_missing(value) else float(value), rate(value), "rate")


def number_cell(value: Any) -> Cell:
    """A number that may have a fraction: "2.5" or "1,234"."""
    return Cell(None if is_missing(value) else float(value), number(value), "number")


def money_cell(value: Any, *, pence: bool = False) -> Cell:
    """Pounds: "£6,782" (or "£56.3m") on the page, 6782 formatted as money in a sheet."""
    plain = None if is_missing(value) else float(value)
    return Cell(plain, money(value, pence=pence), "money_pence" if pence else "money")


def unit_cell(value: Any, unit: str) -> Cell:
    """A figure of a strategy measure or benchmark by its unit: percent, rate or number."""
    if unit == "percent":
        return percent_cell(value)
    if unit == "rate":
        return rate_cell(value)
    return number_cell(value)


def change_cell(value: Any, text: str) -> Cell:
    """A change between two figures: its text as the page words it ("+3", "−1.2 points"), the
    signed difference as a number in a sheet."""
    return Cell(None if is_missing(value) else float(value), text, "change")


def text_cell(text: str) -> Cell:
    """A cell with words and no figure (an empty cell in a spreadsheet) when a column holds
    figures elsewhere, so the column stays numeric."""
    return Cell(None, text, "number")


def signed_cell(value: Any) -> Cell:
    """A whole-number change or gap: "+18" or "−18" on the page, 18 or -18 in a sheet."""
    return Cell(None if is_missing(value) else round(float(value)), signed(value), "signed")


def range_cell(central: Any, low: Any, high: Any) -> Cell:
    """A forecast count with its likely range: "120 (110 to 131)" on the page, 120 in a sheet."""
    return Cell(
        None if is_missing(central) else round(float(central)),
        f"{count(central)} ({count(low)} to {count(high)})",
        "count",
    )
