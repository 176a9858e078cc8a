"""Cohort charts: the figure's bars and the data table beside it carry the same numbers."""

import pandas as pd

from placements.cohort.analysis import AGE_BAND_LABELS
from placements.cohort.charts import age_chart, flows_chart, placement_mix_chart, series_chart
from tests.placements.cohort.figures import ZERO_MIX


def test_placement_mix_chart_draws_only_types_in_use_and_tables_every_type():
    mix = {**ZERO_MIX, "kinship_foster": 1, "ifa_foster": 1, "childrens_home": 1}
    chart = placement_mix_chart(mix, id="mix-now")
    assert (chart.id, chart.figure_id) == ("mix-now", "mix-now-figure")
    assert chart.title == "Children in care by type of placement"
    (bar,) = chart.figure["data"]
    assert bar["y"] == ["Fostering: kinship", "Fostering: independent agency", "Children's home"]
    assert list(bar["x"]) == [1, 1, 1] and bar["text"] == ["1", "1", "1"]
    # Room for the labels: the axis runs to 1.15 x the longest bar.
    assert chart.figure["layout"]["xaxis"]["range"] == [0, 1.15]
    assert chart.table.headings == ["Placement", "Children", "Share"]
    assert len(chart.table.rows) == 13  # 12 types and the total
    assert chart.table.texts()[0] == ["Fostering: kinship", "1", "33.3%"]
    assert chart.table.texts()[1] == ["Fostering: in-house", "0", "0.0%"]
    assert chart.table.texts()[-1] == ["Total", "3", "100.0%"]


def test_placement_mix_chart_with_no_children():
    chart = placement_mix_chart(dict(ZERO_MIX))
    assert chart.id == "placement-mix"
    assert chart.figure["data"][0].get("y", []) == []
    assert chart.table.texts()[0] == ["Fostering: kinship", "0", "–"]
    assert chart.table.texts()[-1] == ["Total", "0", "–"]


def test_series_chart_and_flows_chart_each_on_one_axis():
    series = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-12-31", "2025-03-31"]),
            "cla": [1234, 1240],
            "started": [30, 25],
            "ceased": [20, 19],
        }
    )
    chart = series_chart(series)
    assert chart.id == "cla-series"
    (line,) = chart.figure["data"]
    assert line["name"] == "Looked after at quarter end"
    assert line["x"] == ["2024-12-31", "2025-03-31"] and list(line["y"]) == [1234, 1240]
    assert "yaxis2" not in chart.figure["layout"]
    assert chart.table.headings == ["Quarter end", "Looked after"]
    assert chart.table.texts() == [["31 Dec 2024", "1,234"], ["31 Mar 2025", "1,240"]]

    flows = flows_chart(series)
    started, ceased = flows.figure["data"]
    assert (started["name"], list(started["y"])) == ("Started in the quarter", [30, 25])
    assert list(ceased["y"]) == [20, 19]
    assert "yaxis" not in started and "yaxis2" not in flows.figure["layout"]
    assert flows.table.texts() == [["31 Dec 2024", "30", "20"], ["31 Mar 2025", "25", "19"]]


def test_age_chart():
    bands = {"under_1": 0, "1_4": 1, "5_9": 0, "10_15": 1, "16_plus": 2}
    chart = age_chart(bands, AGE_BAND_LABELS)
    (bar,) = chart.figure["data"]
    assert bar["x"] == ["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"]
    assert list(bar["y"]) == [0, 1, 0, 1, 2]
    assert chart.figure["layout"]["yaxis"]["range"] == [0, 2.3]  # 2 x 1.15
    assert chart.table.texts() == [
        ["Under 1", "0", "0.0%"],
        ["1 to 4", "1", "25.0%"],
        ["5 to 9", "0", "0.0%"],
        ["10 to 15", "1", "25.0%"],
        ["16 and over", "2", "50.0%"],
    ]
    assert age_chart(dict.fromkeys(bands, 0), AGE_BAND_LABELS).table.texts()[0] == [
        "Under 1", "0", "–"
    ]  # fmt: skip
