"""Forecast charts on hand-made projections: the tables beside the charts, figure by figure."""

from datetime import date

import numpy as np
import pandas as pd

from placements.forecast import charts, stock_flow
from tests.html import shown
from tests.placements.forecast.projections import projection

DATES = [date(2025, 4, 30), date(2025, 5, 31), date(2025, 6, 30)]


def history() -> pd.DataFrame:
    frame = pd.DataFrame(0, index=pd.to_datetime(["2025-01-31", "2025-03-31"]),
                         columns=list(stock_flow.CATEGORIES))  # fmt: skip
    frame["kinship_foster"] = [8, 10]
    frame["childrens_home"] = [1, 1]
    return frame


def baseline(**overrides):
    # 11 children on 31 March 2025 (10 kinship, 1 in a home); kinship grows by 1 a month.
    fields = {
        "totals_by_category": {"kinship_foster": [11, 12, 13], "childrens_home": [1, 1, 1]},
        "start": {"kinship_foster": 10, "childrens_home": 1},
        "dates": DATES,
        "sd_total": [1.0, 2.0, 7.0],
    }
    fields.update(overrides)
    return projection(**fields)


def test_projection_chart_table_has_what_happened_then_the_forecast():
    chart = charts.projection_chart(history(), baseline())
    assert (chart.id, chart.title) == (
        "forecast-total", "Children in care: what happened and the forecast"
    )  # fmt: skip
    # Totals 12, 13, 14 with 2 standard deviations either side, never below nought.
    assert shown(chart.table.rows) == [
        ["Jan 2025", "9", "", ""],
        ["Mar 2025", "11", "", ""],
        ["Apr 2025", "12", "10", "14"],
        ["May 2025", "13", "9", "17"],
        ["Jun 2025", "14", "0", "28"],
    ]
    names = [trace.get("name") for trace in chart.figure["data"]]
    assert names == [None, "Likely range (95%)", "Children in care", "Forecast"]
    forecast = chart.figure["data"][3]
    # The forecast line starts at the base date's 11 children.
    assert forecast["x"][0] == "2025-03-31" and forecast["y"] == [11.0, 12.0, 13.0, 14.0]


def test_category_chart_table_gives_each_type_at_each_year():
    chart = charts.category_chart(history(), baseline())
    assert chart.table.headings == ["Placement", "Mar 2025 (actual)", "Jun 2025 (range)"]
    rows = {row[0]: row[1:] for row in shown(chart.table.rows)}
    assert rows["Fostering: kinship"] == ["10", "13 (13 to 13)"]  # no spread by category here
    assert rows["Children's home"] == ["1", "1 (1 to 1)"]
    assert rows["Secure children's home"] == ["0", "0 (0 to 0)"]
    assert rows["Total"] == ["11", "14 (0 to 28)"]
    # Only types with children are drawn: kinship and the home, actual and forecast lines.
    drawn = [t["name"] for t in chart.figure["data"]]
    assert drawn == [
        "Fostering: kinship", "Fostering: kinship (forecast)", "Children's home",
        "Children's home (forecast)",
    ]  # fmt: skip


def test_scenario_chart_compares_each_scenario_with_current_trends():
    fewer = baseline(
        totals_by_category={"kinship_foster": [10.6, 10.2, 9.4], "childrens_home": [1, 1, 1]},
        name="Edge of care",
    )
    chart = charts.scenario_chart([baseline(), fewer])
    assert chart.table.headings == ["Scenario", "Jun 2025", "Difference at end"]
    # At the end: 14 on current trends, 10.4 with edge of care: 3.6 fewer, "−4" children.
    assert shown(chart.table.rows) == [["Current trends", "14", "–"], ["Edge of care", "10", "−4"]]
    lines = [t["name"] for t in chart.figure["data"] if t.get("name")]
    assert lines == ["Current trends: likely range", "Current trends", "Edge of care"]


def test_scenario_difference_chart_draws_each_scenario_against_current_trends():
    fewer = baseline(
        totals_by_category={"kinship_foster": [10.6, 10.2, 9.4], "childrens_home": [1, 1, 1]},
        name="Edge of care",
    )
    chart = charts.scenario_difference_chart([baseline(), fewer])
    # At the end, Jun 2025: 10.4 with edge of care against 14 on current trends: 3.6 fewer,
    # "−4" children.
    assert chart.table.headings == ["Scenario", "Jun 2025"]
    assert [[str(cell) for cell in row] for row in chart.table.rows] == [["Edge of care", "−4"]]
    assert chart.table.rows[0][1].value == -4  # a number when downloaded
    current, edge = chart.figure["data"]
    assert current["name"] == "Current trends" and set(current["y"]) == {0.0}
    assert edge["y"][0] == 0.0 and round(edge["y"][-1], 1) == -3.6
    assert "yaxis2" not in chart.figure["layout"]


def test_backtest_chart_table_gives_the_error_each_month():
    test = stock_flow.Backtest(
        base_date=date(2024, 3, 31),
        dates=DATES[:2],
        forecast=np.array([12.4, 13.0]),
        lower=np.array([10.0, 9.6]),
        upper=np.array([14.8, 16.4]),
        actual=np.array([12.0, 15.0]),
        forecast_by_category=np.zeros((2, stock_flow.N_CATEGORIES)),
        actual_by_category=np.zeros((2, stock_flow.N_CATEGORIES)),
    )
    chart = charts.backtest_chart(test)
    assert chart.title == (
        "Testing the model: the forecast made from Mar 2024 against what happened"
    )
    assert shown(chart.table.rows) == [
        [
            "Apr 2025",
            "12",
            "12",
            "0",
            "10 to 15",
        ],  # 12.4 - 12 = 0.4: no difference in whole children
        ["May 2025", "15", "13", "−2", "10 to 16"],
    ]


def test_cost_chart_in_millions_with_the_budget():
    trends = pd.DataFrame({"months": [12, 12], "total": [15e6, 15.3e6]}, index=[2025, 2026])
    chart = charts.cost_chart([("Current trends", trends)], {2025: 30e6})
    assert chart.table.headings == ["Scenario", "2025-26", "2026-27"]
    assert shown(chart.table.rows) == [
        ["Current trends", "£15.0m", "£15.3m"],
        ["Budget", "£30.0m", "–"],
    ]
    bars, budget = chart.figure["data"]
    assert list(bars["y"]) == [15.0, 15.3] and list(budget["y"]) == [30.0]
    no_budget = charts.cost_chart([("Current trends", trends)], {})
    assert [row[0] for row in no_budget.table.rows] == ["Current trends"]
