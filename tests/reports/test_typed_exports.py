"""Numbers as numbers (issue 14): every table a report offers downloads with counts,
percentages, rates, money and dates as typed cells with number formats, never as text."""

import csv
import io
import re
from datetime import date, datetime

import pandas as pd
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from placements.market import charts as market_charts
from placements.market import presenters as market_presenters
from reports.models import Benchmark
from sufficiency import exports

ON = "2025-03-31"
# Text that a reader would take for a figure: "706", "19.3%", "−18", "£6,782", "81,770".
LOOKS_LIKE_A_FIGURE = re.compile(r"^[+\-−]?£?[\d,]+(\.\d+)?[%m]?$")


def url(la, name, **kwargs):
    return reverse(name, kwargs={"la_code": la.code, **kwargs})


def figures_as_text(sheet) -> list[str]:
    return [
        f"{cell.coordinate}={cell.value!r}"
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str) and LOOKS_LIKE_A_FIGURE.match(cell.value.strip())
    ]


def untyped_numbers(sheet) -> list[str]:
    return [
        f"{cell.coordinate}={cell.value!r}"
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, int | float | datetime | date) and cell.number_format == "General"
    ]


def download(client, la, table_id, fmt):
    return client.get(url(la, "reports:table", table_id=table_id, fmt=fmt), {"date": ON})


def sheet_of(response):
    return load_workbook(io.BytesIO(response.content)).active


def add_benchmarks(la):
    for level, code, rate in (("national", "E92000001", 70.0), ("la", la.code, 1.2)):
        Benchmark.objects.create(
            measure="rate_per_10k", year=2024, level=level, area_code=code, area_name=code,
            value=rate, source="t.csv",
        )  # fmt: skip
    Benchmark.objects.create(
        measure="three_plus_placements", year=2024, level="national", area_code="E92000001",
        area_name="England", value=10.0, source="t.csv",
    )  # fmt: skip


def test_every_report_table_downloads_typed(client_for, council):
    add_benchmarks(council)
    client = client_for("viewer")
    ids = set()
    for page in ("reports:dashboard", "reports:strategy"):
        html = client.get(url(council, page), {"date": ON}).content.decode()
        ids |= set(re.findall(r"/reports/tables/([\w-]+)\.xlsx", html))
    assert {"scorecard", "benchmarks", "forecast-costs", "plan-status", "mix-now"} <= ids
    for table_id in sorted(ids):
        sheet = sheet_of(download(client, council, table_id, "xlsx"))
        assert figures_as_text(sheet) == [], table_id
        assert untyped_numbers(sheet) == [], table_id


def test_the_scorecard_and_benchmarks_hold_their_figures(client_for, council):
    add_benchmarks(council)
    client = client_for("viewer")
    sheet = sheet_of(download(client, council, "scorecard", "xlsx"))
    headings = [c.value for c in sheet[1]]
    (cla,) = [r for r in sheet.iter_rows(min_row=2) if r[0].value == "Children looked after"]
    cells = dict(zip(headings, cla, strict=True))
    # 3 children on 31 March 2025 (the fixture); the demo plan's target is 590 by 31 March 2028.
    assert (cells["Latest"].value, cells["Latest"].number_format) == (3, "#,##0.0")
    assert cells["Target"].value == 590
    assert cells["Target date"].value.date() == date(2028, 3, 31)
    assert cells["Target date"].number_format == "d mmmm yyyy"
    # Rates and percentages against England: ours 3 / 30,000 x 10,000 = 1.0 per 10,000.
    bench = sheet_of(download(client, council, "benchmarks", "xlsx"))
    rate = next(r for r in bench.iter_rows(min_row=2) if r[0].value.startswith("Rate per"))
    assert [(c.value, c.number_format) for c in rate[1:4]] == [
        (1.0, "0.0"), (1.2, "0.0"), (70.0, "0.0"),
    ]  # fmt: skip
    share = next(r for r in bench.iter_rows(min_row=2) if r[0].value.startswith("3 or more"))
    assert (share[3].value, share[3].number_format) == (0.1, "0.0%")  # England's 10.0%
    # The CSV has plain numbers: 1.0, not "1.0 per 10,000".
    rows = list(csv.reader(io.StringIO(download(client, council, "benchmarks", "csv").text)))
    assert rows[1][1:4] == ["1.0", "1.2", "70.0"]


def test_forecast_costs_download_as_money(client_for, council):
    client = client_for("viewer")
    sheet = sheet_of(download(client, council, "forecast-costs", "xlsx"))
    first = list(sheet.iter_rows(min_row=2))[0]
    assert first[0].value == "2025-26"  # the financial year, then money in each column
    money = [c for c in first[1:] if c.value is not None]
    assert money and all(isinstance(c.value, float) and c.number_format == "£#,##0" for c in money)


def workbook_sheet(table):
    book = exports.workbook_bytes([exports.Sheet("t", table.headings, table.rows)])
    return load_workbook(io.BytesIO(book)).active


def test_market_tables_are_typed():
    sectors = workbook_sheet(market_charts.sector_chart({"private": 3, "voluntary": 1}).table)
    assert [[c.value for c in r] for r in sectors.iter_rows(min_row=2)] == [
        ["Private", 3, 0.75], ["Voluntary", 1, 0.25], ["Total", 4, 1.0],
    ]  # fmt: skip
    assert sectors["C2"].number_format == "0.0%" and sectors["B2"].number_format == "#,##0"
    costs = pd.DataFrame(
        {"CATEGORY": ["childrens_home"], "PROVISION": ["external"], "COSTED": [4],
         "CHILDREN": [5], "AVERAGE": [6782.5], "MINIMUM": [5000.0], "MAXIMUM": [9000.0],
         "ANNUAL_SPEND": [1_410_760.0]}
    )  # fmt: skip
    sheet = workbook_sheet(market_charts.cost_chart(costs).table)
    row = [c for c in sheet[2]]
    assert [c.value for c in row[2:]] == [4, 6782.5, 5000.0, 9000.0, 1_410_760.0]
    assert [c.number_format for c in row[3:]] == ["£#,##0.00"] * 3 + ["£#,##0"]
    owners = pd.DataFrame(
        {"OWNER": ["A"], "CHILDREN": [12], "CHILDREN_SHARE": [15.38], "SPEND": [1_250_000.4],
         "SPEND_SHARE": [60.0]}
    )  # fmt: skip
    (cells,) = market_presenters.concentration_rows({"owners": owners})
    assert [exports.cell_value(c) for c in cells] == pytest.approx(
        ["A", 12, 0.1538, 1_250_000.4, 0.6]
    )
    assert figures_as_text(sheet) == [] and untyped_numbers(sheet) == []
