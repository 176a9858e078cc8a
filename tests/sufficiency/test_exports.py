"""CSV and XLSX downloads: typed cells read back with openpyxl, formulas made inert."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sufficiency.exports import (
    XLSX_TYPE,
    Cell,
    Sheet,
    cell_value,
    csv_response,
    csv_text,
    neutralise,
    workbook_bytes,
    xlsx_response,
)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def read_book(data: bytes):
    return load_workbook(io.BytesIO(data))


@pytest.mark.parametrize(
    "value,safe",
    [
        # OWASP's list: a spreadsheet runs a cell starting =, +, -, @, tab or carriage return.
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+44 1902 551155", "'+44 1902 551155"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Oak House", "Oak House"),
        ("a=b", "a=b"),  # only the first character matters
        ("", ""),
        (-5, -5),  # numbers are never formulas
        (None, None),
    ],
)
def test_neutralise(value, safe):
    assert neutralise(value) == safe


def test_a_cell_shows_its_text_and_gives_its_value():
    cell = Cell(19.3, "19.3%", "percent")
    assert str(cell) == "19.3%"
    # Excel's % format multiplies by 100, so the spreadsheet gets the fraction.
    assert cell.spreadsheet_value() == pytest.approx(0.193)
    assert Cell(1234, "1,234", "count").spreadsheet_value() == 1234
    assert Cell(None, "–", "percent").spreadsheet_value() is None


@pytest.mark.parametrize(
    "value,stored",
    [
        (Cell(50.0, "50.0%", "percent"), 0.5),
        (Decimal("852.50"), 852.5),
        (3, 3),
        (2.5, 2.5),
        (None, None),
        (date(2024, 2, 29), date(2024, 2, 29)),
        ("=1+1", "'=1+1"),
        ("Kinship", "Kinship"),
    ],
)
def test_cell_value(value, stored):
    assert cell_value(value) == stored


def test_csv_keeps_numbers_plain_and_text_safe():
    text = csv_text(
        ["Provider", "Children", "Share", "Weekly cost", "Since", "Note"],
        [
            ["=HYPERLINK(\"x\")", 3, Cell(33.3, "33.3%", "percent"), Decimal("852.50"),
             date(2024, 2, 29), None],
            ["Oak House", 0, Cell(None, "–", "percent"), -120, date(2025, 3, 31), "-ve"],
        ],
    )  # fmt: skip
    assert read_csv(text) == [
        ["Provider", "Children", "Share", "Weekly cost", "Since", "Note"],
        # A percent travels as the percentage (33.3); a missing figure as an empty cell.
        ['\'=HYPERLINK("x")', "3", "33.3", "852.50", "2024-02-29", ""],
        ["Oak House", "0", "", "-120", "2025-03-31", "'-ve"],
    ]


def test_csv_headings_are_made_safe_too_and_may_be_left_out():
    assert read_csv(csv_text(["=A1", "Total"], [])) == [["'=A1", "Total"]]
    assert read_csv(csv_text([], [[1, "a"]])) == [["1", "a"]]


def test_a_nan_is_an_empty_csv_cell():
    assert read_csv(csv_text(["x"], [[float("nan")]])) == [["x"], [""]]


def test_workbook_cells_are_typed_and_formatted():
    data = workbook_bytes(
        [
            Sheet(
                "Placement mix by type at 31 March 2025",  # longer than Excel's 31 characters
                ["Type", "Children", "Share", "Rate", "Weekly cost", "Annual", "Since"],
                [
                    ["Kinship", Cell(1, "1", "count"), Cell(33.3, "33.3%", "percent"),
                     Cell(1.0, "1.0", "rate"), Cell(852.5, "£852.50", "money_pence"),
                     Cell(-260000, "−£260,000", "money"), date(2024, 2, 29)],
                    ["@SUM(1)", Cell(None, "–", "count"), None, 2.5, Decimal("10.10"), "x", None],
                ],
            ),
            Sheet("Second", ["A"], [[1]]),
        ]
    )  # fmt: skip
    book = read_book(data)
    assert book.sheetnames == ["Placement mix by type at 31 Mar", "Second"]
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "Type", "Children", "Share", "Rate", "Weekly cost", "Annual", "Since"
    ]  # fmt: skip
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    first = sheet[2]
    assert [c.value for c in first[:6]] == ["Kinship", 1, pytest.approx(0.333), 1.0, 852.5, -260000]
    assert first[6].value == datetime(2024, 2, 29)  # openpyxl reads a date cell as a datetime
    assert [c.number_format for c in first] == [
        "General", "#,##0", "0.0%", "0.0", "£#,##0.00", "£#,##0", "d mmmm yyyy"
    ]  # fmt: skip
    second = sheet[3]
    assert [c.value for c in second] == ["'@SUM(1)", None, None, 2.5, 10.1, "x", None]
    assert second[0].data_type == "s"  # text, not a formula
    assert book.worksheets[1]["A2"].value == 1


def test_workbook_column_widths_fit_the_text_within_limits():
    long = "x" * 100
    sheet = read_book(workbook_bytes([Sheet("S", ["A", "Heading", "C"], [["ab", 1, long]])])).active
    # Widest text + 2, at least 10 and at most 60.
    assert sheet.column_dimensions["A"].width == 10
    assert sheet.column_dimensions["B"].width == 10
    assert sheet.column_dimensions["C"].width == 60
    sheet = read_book(workbook_bytes([Sheet("S", ["A twenty-char heading"], [])])).active
    assert sheet.column_dimensions["A"].width == 23


def test_csv_and_xlsx_responses_are_downloads():
    response = csv_response("mix.csv", ["Type", "Children"], [["=x", 2]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mix.csv"'
    assert read_csv(response.content.decode()) == [["Type", "Children"], ["'=x", "2"]]
    response = xlsx_response("mix.xlsx", [Sheet("Mix", ["Type"], [["Kinship"]])])
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="mix.xlsx"'
    assert read_book(response.content).active["A2"].value == "Kinship"
