"""Charts of the cohort: pure, figures in, plotly figures out (drawn in the page and the PDF)."""

import pandas as pd
import plotly.graph_objects as go

from placements.cohort.measures import CATEGORY_LABELS
from sufficiency.charts import COLOURS, Chart, Table, layout, to_json
from sufficiency.exports import count_cell, date_cell, share_cell
from sufficiency.formatting import count


def placement_mix_chart(mix: dict[str, int], *, id: str = "placement-mix") -> Chart:
    shown = {k: v for k, v in mix.items() if v}
    labels = [CATEGORY_LABELS[k] for k in shown]
    total = sum(mix.values())
    figure = go.Figure(
        go.Bar(
            x=list(shown.values()),
            y=labels,
            orientation="h",
            marker_color=COLOURS[0],
            text=[count(v) for v in shown.values()],
            textposition="outside",
            hovertemplate="%{y}: %{x}<extra></extra>",
        ),
        layout=layout(
            yaxis={"autorange": "reversed", "automargin": True},
            # Room to the right of the longest bar for its label.
            xaxis={
                "title": {"text": "Children"},
                "range": [0, max(shown.values(), default=1) * 1.15],
                "gridcolor": "#f3f2f1",
            },
            height=max(220, 34 * len(labels) + 80),
            margin={"l": 10, "r": 40, "t": 10, "b": 50},
        ),
    )
    rows = [[CATEGORY_LABELS[k], count_cell(v), share_cell(v, total)] for k, v in mix.items()]
    rows.append(["Total", count_cell(total), share_cell(total, total)])
    return Chart(
        id=id,
        title="Children in care by type of placement",
        figure=to_json(figure),
        table=Table(headings=["Placement", "Children", "Share"], rows=rows),
    )


def _quarter_ends(series: pd.DataFrame) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in pd.to_datetime(series["date"])]


def _quarter_cell(d):
    return date_cell(pd.Timestamp(d).date(), f"{pd.Timestamp(d):%-d %b %Y}")


def series_chart(series: pd.DataFrame, *, id: str = "cla-series") -> Chart:
    """Children in care at each quarter end, on one axis (starts and ceased: flows_chart)."""
    figure = go.Figure(
        go.Scatter(
            x=_quarter_ends(series),
            y=series["cla"].tolist(),
            name="Looked after at quarter end",
            mode="lines+markers",
            line={"width": 3, "color": COLOURS[0]},
        ),
        layout=layout(
            yaxis={"title": {"text": "Looked after"}, "rangemode": "tozero"},
            margin={"l": 60, "r": 20, "t": 10, "b": 60},
        ),
    )
    rows = [
        [_quarter_cell(d), count_cell(c)]
        for d, c in zip(series["date"], series["cla"], strict=True)
    ]
    return Chart(
        id=id,
        title="Children in care at each quarter end",
        figure=to_json(figure),
        table=Table(headings=["Quarter end", "Looked after"], rows=rows),
    )


def flows_chart(series: pd.DataFrame, *, id: str = "cla-flows") -> Chart:
    """Children who started and ceased to be looked after in each quarter, on their own axis:
    counts of a quarter's flows are never drawn against the much larger number in care."""
    dates = _quarter_ends(series)
    figure = go.Figure(
        [
            go.Bar(
                x=dates,
                y=series["started"].tolist(),
                name="Started in the quarter",
                marker_color=COLOURS[2],
            ),
            go.Bar(
                x=dates,
                y=series["ceased"].tolist(),
                name="Ceased in the quarter",
                marker_color=COLOURS[1],
            ),
        ],  # fmt: skip
        layout=layout(
            barmode="group",
            yaxis={"title": {"text": "Children"}, "rangemode": "tozero"},
            margin={"l": 60, "r": 20, "t": 10, "b": 60},
        ),
    )
    rows = [
        [_quarter_cell(d), count_cell(s), count_cell(e)]
        for d, s, e in zip(series["date"], series["started"], series["ceased"], strict=True)
    ]
    return Chart(
        id=id,
        title="Children who started and ceased to be looked after in each quarter",
        figure=to_json(figure),
        table=Table(headings=["Quarter end", "Started", "Ceased"], rows=rows),
    )


def age_chart(bands: dict[str, int], labels: dict[str, str], *, id: str = "age") -> Chart:
    figure = go.Figure(
        go.Bar(
            x=[labels[k] for k in bands],
            y=list(bands.values()),
            marker_color=COLOURS[3],
            text=[count(v) for v in bands.values()],
            textposition="outside",
        ),
        layout=layout(
            height=260,
            margin={"l": 50, "r": 10, "t": 20, "b": 40},
            yaxis={"range": [0, max(bands.values(), default=1) * 1.15], "gridcolor": "#f3f2f1"},
        ),
    )
    total = sum(bands.values())
    rows = [[labels[k], count_cell(v), share_cell(v, total)] for k, v in bands.items()]
    return Chart(
        id=id,
        title="Children in care by age",
        figure=to_json(figure),
        table=Table(headings=["Age", "Children", "Share"], rows=rows),
    )
