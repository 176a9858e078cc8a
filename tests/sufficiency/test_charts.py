"""The shared chart building blocks and the dashboard's charts over time, on literal snapshots."""

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from sufficiency import charts
from tests.placements.cohort.figures import ZERO_MIX, measures, ratio


@dataclass
class Snapshot:
    """The shape the dashboard passes: the cohort's measures and location at a date."""

    on: date
    measures: dict
    location: dict


def snapshots():
    # 31 December 2024: 4 children (2 kinship, 1 agency, 1 home), 1 over 20 miles, 1 unknown,
    # 2 outside the area. 31 March 2025: 3 children (1 kinship, 1 agency, 1 home).
    december = Snapshot(
        date(2024, 12, 31),
        measures(
            cla=4,
            uasc=2,
            placement_mix={**ZERO_MIX, "kinship_foster": 2, "ifa_foster": 1, "childrens_home": 1},
            over_20_miles=ratio(1, 4, unknown=1),
            three_plus_placements=ratio(1, 4),
            long_term_stability=ratio(0, 0),
        ),
        {"out_of_area": 2, "in_area": 2, "unknown": 0},
    )
    march = Snapshot(date(2025, 3, 31), measures(), {"out_of_area": 3, "in_area": 0, "unknown": 0})
    return [december, march]


def test_layout_has_govuk_defaults_and_takes_overrides():
    base = charts.layout()
    assert base["font"] == {"family": "arial, sans-serif", "size": 14, "color": "#0b0c0c"}
    assert base["colorway"] == charts.COLOURS and base["height"] == 340
    assert base["yaxis"]["rangemode"] == "tozero"
    assert charts.layout(height=200, barmode="stack")["height"] == 200
    assert charts.layout(barmode="stack")["barmode"] == "stack"


def test_to_json_is_plain_data():
    figure = charts.to_json(go.Figure(go.Bar(x=["a"], y=[1])))
    assert figure["data"][0]["type"] == "bar" and figure["data"][0]["x"] == ["a"]
    assert isinstance(figure["layout"], dict)


def test_a_chart_names_its_figure_element():
    chart = charts.Chart(id="mix", title="Mix", figure={}, table=charts.Table(["A"], []))
    assert chart.figure_id == "mix-figure"


def test_mix_over_time_groups_types_into_shares():
    chart = charts.mix_over_time(snapshots())
    assert (chart.id, chart.title) == (
        "mix-over-time", "Placement mix at each quarter end (% of children in care)"
    )  # fmt: skip
    assert chart.table.headings == ["Placement", "Dec 2024", "Mar 2025"]
    rows = {row[0]: row[1:] for row in chart.table.texts()}
    assert list(rows) == list(charts.MIX_GROUPS)
    # Kinship 2 of 4 = 50.0%, then 1 of 3 = 33.3%; homes and secure together: 1 of 4, 1 of 3.
    assert rows["Fostering: kinship"] == ["50.0%", "33.3%"]
    assert rows["Fostering: agency"] == ["25.0%", "33.3%"]
    assert rows["Children's homes and secure"] == ["25.0%", "33.3%"]
    assert rows["Other"] == ["0.0%", "0.0%"]
    kinship = chart.figure["data"][0]
    assert (kinship["name"], kinship["x"], list(kinship["y"])) == (
        "Fostering: kinship", ["Dec 2024", "Mar 2025"], [50.0, 33.3]
    )  # fmt: skip
    assert chart.figure["layout"]["barmode"] == "stack"


def test_distance_over_time():
    chart = charts.distance_over_time(snapshots())
    assert chart.id == "distance-over-time"
    assert chart.table.headings == ["Measure", "Dec 2024", "Mar 2025"]
    assert chart.table.texts() == [
        ["More than 20 miles from home", "25.0%", "33.3%"],
        ["Outside the council's area", "50.0%", "100.0%"],  # 2 of 4, 3 of 3
        ["Distance not known", "25.0%", "0.0%"],  # 1 of 4, 0 of 3
    ]
    assert [trace["name"] for trace in chart.figure["data"]] == [r[0] for r in chart.table.texts()]


def test_stability_over_time_shows_a_missing_figure_as_a_dash():
    chart = charts.stability_over_time(snapshots())
    assert chart.table.texts() == [
        ["3 or more placements in the year", "25.0%", "0.0%"],
        ["Long-term stability", "–", "100.0%"],  # no child in the denominator in December
    ]


def test_uasc_over_time_counts_children():
    chart = charts.uasc_over_time(snapshots())
    assert chart.table.texts() == [["Unaccompanied asylum-seeking children", "2", "1"]]
    assert chart.figure["layout"]["yaxis"]["title"]["text"] == "Children"


def test_lines_over_time_counts_have_thousands_separators():
    chart = charts.lines_over_time(
        snapshots(), {"Children": [1234, None]}, id="x", title="X", axis="n", suffix=""
    )
    assert chart.table.texts() == [["Children", "1,234", "–"]]


def test_care_leavers_chart_by_year_end():
    year_ends = [
        Snapshot(date(2024, 3, 31), measures(care_leavers=None), {}),
        Snapshot(
            date(2025, 3, 31),
            measures(
                care_leavers={
                    "17_18": {"cohort": 4, "suitable_accommodation": 3, "eet": 1},
                    "19_21": {"cohort": 0, "suitable_accommodation": 0, "eet": 0},
                }
            ),
            {},
        ),
    ]
    chart = charts.care_leavers_chart(year_ends)
    assert chart.table.headings == ["Measure", "2023-24", "2024-25"]
    # 3 of 4 = 75.0% suitably housed, 1 of 4 = 25.0% in EET; no 19-21 cohort: no figure.
    assert chart.table.texts() == [
        ["Suitable accommodation, aged 17-18", "–", "75.0%"],
        ["In education, employment or training, aged 17-18", "–", "25.0%"],
        ["Suitable accommodation, aged 19-21", "–", "–"],
        ["In education, employment or training, aged 19-21", "–", "–"],
    ]


def test_plan_status_chart_counts_each_status_and_overdue():
    labels = {"on_track": "On track", "at_risk": "At risk", "complete": "Complete"}
    colours = {"on_track": "#00703c", "at_risk": "#ffdd00", "complete": "#1d70b8"}
    chart = charts.plan_status_chart(
        {"by_status": {"on_track": 2, "complete": 1}, "overdue": 1}, labels, colours
    )
    assert chart.table.headings == ["Status", "Actions"]
    assert chart.table.texts() == [
        ["On track", "2"], ["At risk", "0"], ["Complete", "1"], ["Overdue", "1"]
    ]  # fmt: skip
    (bar,) = chart.figure["data"]
    assert bar["x"] == ["On track", "At risk", "Complete"] and list(bar["y"]) == [2, 0, 1]
    assert bar["marker"]["color"] == ["#00703c", "#ffdd00", "#1d70b8"]


def test_sparkline_is_a_bare_line():
    figure = charts.sparkline([1.0, None, 3.0], id="s")
    (line,) = figure["data"]
    assert list(line["y"]) == [1.0, None, 3.0] and line["connectgaps"] is False
    assert figure["layout"]["xaxis"]["visible"] is False
    assert (figure["layout"]["width"], figure["layout"]["height"]) == (120, 36)


def test_labels_outside_bars_get_room_and_are_not_clipped():
    # The Ofsted chart's "Good" bar (199) once read "1": its label ran past the axis's end.
    figure = {
        "data": [
            {"type": "bar", "orientation": "h", "x": [199, 40], "y": ["Good", "Outstanding"],
             "text": ["199", "40"], "textposition": "outside"},
            {"type": "bar", "x": ["a"], "y": [7], "text": ["7"], "textposition": "outside",
             "yaxis": "y2"},
            {"type": "scatter", "x": [1], "y": [500]},
        ],
        "layout": {"xaxis": {"rangemode": "tozero"}},
    }  # fmt: skip
    chart = charts.Chart("c", "C", figure, charts.Table([], []))
    bars = chart.figure["data"]
    assert bars[0]["cliponaxis"] is False and bars[1]["cliponaxis"] is False
    assert "cliponaxis" not in bars[2]
    # 199 x 1.25 = 248.75: a quarter of the longest bar beyond it for the label.
    assert chart.figure["layout"]["xaxis"]["range"] == [0, 248.75]
    assert chart.figure["layout"]["yaxis2"]["range"] == [0, 8.75]
    assert "yaxis" not in chart.figure["layout"]  # the scatter's axis is left alone
