"""Tables over time on paper: the last 8 quarters, and the forecast at each 31 March."""

from reports.print_charts import print_table
from sufficiency.charts import Table


def test_a_quarterly_table_shows_its_last_8_quarters():
    rows = [[f"31 Mar {2019 + n // 4}-{n}", str(n)] for n in range(24)]
    table = print_table(Table(headings=["Quarter end", "Looked after"], rows=rows))
    assert table.rows == rows[-8:]
    assert table.caption == "The last 8 quarters; the chart shows every quarter."
    short = Table(headings=["Quarter end", "Looked after"], rows=rows[:5])
    assert print_table(short) is short


def test_the_forecast_table_shows_four_actual_quarter_ends_then_each_31_march():
    actual = [[f"{m} {y}", "700", "", ""] for y in (2023, 2024) for m in
              ("Jan", "Mar", "Jun", "Sep", "Dec")]  # fmt: skip
    forecast = [[f"{m} 2025", "705", "650", "760"] for m in ("Apr", "Jun", "Sep", "Dec")]
    forecast += [["Mar 2026", "707", "640", "770"], ["Jun 2026", "709", "630", "780"],
                 ["Mar 2027", "711", "620", "790"]]  # fmt: skip
    headings = ["Month end", "Children (actual or forecast)", "Lowest likely", "Highest likely"]
    table = print_table(Table(headings=headings, rows=actual + forecast))
    # Quarter ends that happened: Mar, Jun, Sep, Dec 2024 (the last four); then the forecast at
    # Mar 2026 and Mar 2027 (the forecast's 31 Marches).
    assert [row[0] for row in table.rows] == [
        "Mar 2024", "Jun 2024", "Sep 2024", "Dec 2024", "Mar 2026", "Mar 2027",
    ]  # fmt: skip
    assert "download" not in (table.caption or "") and "service" not in (table.caption or "")
