"""Chart conventions shared by every page and report: plotly figures in GOV.UK colours, each
with the data table that carries the same figures for screen readers and analysts."""

import json
from dataclasses import dataclass, field

import plotly.graph_objects as go

from sufficiency.calendar import collection_year_label
from sufficiency.exports import Cell, count_cell
from sufficiency.formatting import count, percent

# GOV.UK Design System colours, in an order that stays distinguishable side by side.
COLOURS = [
    "#1d70b8",  # blue
    "#f47738",  # orange
    "#00703c",  # green
    "#4c2c92",  # purple
    "#d4351c",  # red
    "#28a197",  # turquoise
    "#f499be",  # pink
    "#b58840",  # brown
    "#505a5f",  # dark grey
    "#85994b",  # light green
    "#912b88",  # bright purple
    "#b1b4b6",  # mid grey
]
FONT = "arial, sans-serif"


@dataclass
class Table:
    headings: list[str]
    rows: list[list]
    caption: str = ""

    def texts(self) -> list[list[str]]:
        """The rows as the page shows them (a Cell's display text; anything else as text)."""
        return [[str(cell) for cell in row] for row in self.rows]


@dataclass
class Chart:
    id: str
    title: str
    figure: dict
    table: Table
    figure_id: str = field(init=False)

    def __post_init__(self) -> None:
        self.figure_id = f"{self.id}-figure"
        room_for_labels(self.figure)


# The value axis reaches this far past the longest bar, so a label printed outside the bar
# ("199") fits inside the plot area at 375 px wide as on A4.
LABEL_HEADROOM = 0.25


def _axis_key(reference: str | None, letter: str) -> str:
    """A trace's "x2" -> the layout's "xaxis2"; none -> "xaxis"."""
    reference = reference or letter
    return f"{letter}axis{reference[1:]}"


def room_for_labels(figure: dict) -> dict:
    """Labels printed outside bars are never clipped: drawn past the axis (cliponaxis off),
    with the value axis extended to leave room for them. Every chart passes through here (the
    web page and the PDFs draw the same figure)."""
    chart_layout = figure.setdefault("layout", {})
    stacked = chart_layout.get("barmode") in {"stack", "relative"}
    tops: dict[str, float] = {}
    for trace in figure.get("data", []):
        if trace.get("type") != "bar" or trace.get("textposition") != "outside":
            continue
        trace["cliponaxis"] = False
        letter = "x" if trace.get("orientation") == "h" else "y"
        values = [v for v in trace.get(letter) or [] if isinstance(v, int | float)]
        if values and not stacked:
            key = _axis_key(trace.get(f"{letter}axis"), letter)
            tops[key] = max(tops.get(key, 0.0), *values)
    for key, top in tops.items():
        axis = chart_layout.setdefault(key, {})
        if "range" not in axis and top > 0:
            axis["range"] = [0, top * (1 + LABEL_HEADROOM)]
            axis.pop("autorange", None)
    return figure


def layout(**overrides) -> dict:
    base = {
        "font": {"family": FONT, "size": 14, "color": "#0b0c0c"},
        "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "colorway": COLOURS,
        "legend": {"orientation": "h", "y": -0.2},
        "xaxis": {"gridcolor": "#f3f2f1", "linecolor": "#b1b4b6"},
        "yaxis": {"gridcolor": "#f3f2f1", "linecolor": "#b1b4b6", "rangemode": "tozero"},
        "height": 340,
    }
    base.update(overrides)
    return base


def to_json(figure: go.Figure) -> dict:
    """A figure as plain JSON data for json_script (what the browser and kaleido draw)."""
    return json.loads(figure.to_json())


# --------------------------------------------------------------------------- dashboard charts

MIX_GROUPS = {
    "Fostering: kinship": ["kinship_foster"],
    "Fostering: in-house": ["inhouse_foster"],
    "Fostering: agency": ["ifa_foster"],
    "Children's homes and secure": ["childrens_home", "secure"],
    "Supported accommodation": ["supported_accommodation"],
    "With parents": ["placed_with_parents"],
    "Placed for adoption": ["placed_for_adoption"],
    "Other": ["residential_school", "other_residential", "temporary", "other"],
}


def _label(on) -> str:
    return f"{on:%b %Y}"


def _pct(n: int, d: int) -> float | None:
    return round(100 * n / d, 1) if d else None


def _cell(value, suffix: str = "") -> Cell:
    """A figure in a chart's table: the same text as before, its number for downloads."""
    if suffix == "%":
        # A whole-number share keeps no decimal place ("12%"), as it was counted.
        return Cell(
            value, f"{count(value)}%" if isinstance(value, int) else percent(value), "percent"
        )
    if value is None or isinstance(value, int):
        return count_cell(value)
    return Cell(value, f"{value:.1f}", "number")


def mix_over_time(snapshots, *, id: str = "mix-over-time") -> Chart:
    """Placement mix at each quarter end, as shares, grouped into eight kinds of home."""
    labels = [_label(s.on) for s in snapshots]
    traces, rows = [], []
    for index, (group, keys) in enumerate(MIX_GROUPS.items()):
        counts = [sum(s.measures["placement_mix"][k] for k in keys) for s in snapshots]
        shares = [_pct(c, s.measures["cla"]) for c, s in zip(counts, snapshots, strict=True)]
        traces.append(
            go.Bar(x=labels, y=shares, name=group, marker_color=COLOURS[index % len(COLOURS)])
        )
        rows.append([group, *[_cell(v, "%") for v in shares]])
    figure = go.Figure(
        traces,
        layout=layout(
            barmode="stack", yaxis={"title": {"text": "% of children in care"}, "range": [0, 100]},
            height=380, legend={"orientation": "h", "y": -0.25},
        ),
    )  # fmt: skip
    return Chart(
        id=id,
        title="Placement mix at each quarter end (% of children in care)",
        figure=to_json(figure),
        table=Table(headings=["Placement", *labels], rows=rows),
    )


def lines_over_time(
    snapshots, series: dict[str, list], *, id: str, title: str, axis: str, suffix: str = "%"
) -> Chart:
    labels = [_label(s.on) for s in snapshots]
    figure = go.Figure(
        [
            go.Scatter(x=labels, y=values, name=name, mode="lines+markers", line={"width": 3})
            for name, values in series.items()
        ],
        layout=layout(yaxis={"title": {"text": axis}, "rangemode": "tozero"}),
    )
    rows = [[name, *[_cell(v, suffix) for v in values]] for name, values in series.items()]
    return Chart(
        id=id, title=title, figure=to_json(figure), table=Table(["Measure", *labels], rows)
    )


def distance_over_time(snapshots) -> Chart:
    return lines_over_time(
        snapshots,
        {
            # No share when no distance is known: a gap in the line, never 0%.
            "More than 20 miles from home": [
                None
                if s.measures["over_20_miles"]["unknown"] >= s.measures["cla"] > 0
                else s.measures["over_20_miles"]["percent"]
                for s in snapshots
            ],
            # Likewise no share outside the area when no placement postcode is known.
            "Outside the council's area": [
                None
                if s.location.get("unknown", 0) >= s.measures["cla"] > 0
                else _pct(s.location["out_of_area"], s.measures["cla"])
                for s in snapshots
            ],
            "Distance not known": [
                _pct(s.measures["over_20_miles"]["unknown"], s.measures["cla"]) for s in snapshots
            ],
        },
        id="distance-over-time",
        title="Children placed far from home and outside the area (%)",
        axis="% of children in care",
    )


def stability_over_time(snapshots) -> Chart:
    return lines_over_time(
        snapshots,
        {
            "3 or more placements in the year": [
                s.measures["three_plus_placements"]["percent"] for s in snapshots
            ],
            "Long-term stability": [
                s.measures["long_term_stability"]["percent"] for s in snapshots
            ],
        },
        id="stability-over-time",
        title="Placement stability at each quarter end (%)",
        axis="%",
    )


def uasc_over_time(snapshots) -> Chart:
    return lines_over_time(
        snapshots,
        {"Unaccompanied asylum-seeking children": [s.measures["uasc"] for s in snapshots]},
        id="uasc-over-time",
        title="Unaccompanied asylum-seeking children in care at each quarter end",
        axis="Children",
        suffix="",
    )


def care_leavers_chart(year_ends) -> Chart:
    labels = [collection_year_label(s.on.year) for s in year_ends]
    series = {}
    for group, name in (("17_18", "17-18"), ("19_21", "19-21")):
        series[f"Suitable accommodation, aged {name}"] = [
            _pct(
                (s.measures["care_leavers"] or {}).get(group, {}).get("suitable_accommodation", 0),
                (s.measures["care_leavers"] or {}).get(group, {}).get("cohort", 0),
            )
            for s in year_ends
        ]
        series[f"In education, employment or training, aged {name}"] = [
            _pct(
                (s.measures["care_leavers"] or {}).get(group, {}).get("eet", 0),
                (s.measures["care_leavers"] or {}).get(group, {}).get("cohort", 0),
            )
            for s in year_ends
        ]
    figure = go.Figure(
        [go.Bar(x=labels, y=values, name=name) for name, values in series.items()],
        layout=layout(barmode="group", yaxis={"title": {"text": "%"}, "range": [0, 100]},
                      height=380, legend={"orientation": "h", "y": -0.25}),
    )  # fmt: skip
    rows = [[name, *[_cell(v, "%") for v in values]] for name, values in series.items()]
    return Chart(
        id="care-leavers",
        title="Care leavers at each year end (%)",
        figure=to_json(figure),
        table=Table(["Measure", *labels], rows),
    )


def plan_status_chart(counts: dict, labels: dict[str, str], colours: dict[str, str]) -> Chart:
    keys = list(labels)
    values = [counts["by_status"].get(k, 0) for k in keys]
    figure = go.Figure(
        go.Bar(
            x=[labels[k] for k in keys], y=values, marker_color=[colours[k] for k in keys],
            text=values, textposition="outside",
        ),
        layout=layout(height=280, yaxis={"title": {"text": "Actions"}}),
    )  # fmt: skip
    rows = [[labels[k], count_cell(v)] for k, v in zip(keys, values, strict=True)]
    if "overdue" not in labels:  # a report's plan counts overdue actions as their own status
        rows.append(["Overdue", count_cell(counts["overdue"])])
    return Chart(
        id="plan-status",
        title="Actions by status",
        figure=to_json(figure),
        table=Table(["Status", "Actions"], rows),
    )


def sparkline(values: list[float | None], *, id: str) -> dict:
    """A tiny line without axes, for the scorecard; the row's own figures carry the numbers."""
    figure = go.Figure(
        go.Scatter(y=values, mode="lines+markers", line={"width": 2, "color": COLOURS[0]},
                   marker={"size": 4}, connectgaps=False, hoverinfo="skip"),
        layout={
            "height": 36, "width": 120, "margin": {"l": 2, "r": 2, "t": 2, "b": 2},
            "xaxis": {"visible": False}, "yaxis": {"visible": False},
            "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)",
            "showlegend": False,
        },
    )  # fmt: skip
    return to_json(figure)
