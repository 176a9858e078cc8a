"""Charts of the market: pure, figures in, chart (plotly figure JSON + data table) out.

Figures are written as plain plotly JSON rather than built with plotly.graph_objects: the
browser and kaleido draw the same JSON, and skipping graph_objects' validation keeps the
overview inside its 300 ms budget (about 30 ms a figure otherwise).
"""

import pandas as pd

from placements.cohort.measures import CATEGORY_LABELS
from placements.market import presenters
from placements.market.models import ProviderType, Rating
from sufficiency.charts import COLOURS, Chart, Table, layout
from sufficiency.exports import Cell, count_cell, money_cell, share_cell
from sufficiency.formatting import count

RATING_COLOURS = {
    Rating.OUTSTANDING: "#00703c",
    Rating.GOOD: "#1d70b8",
    Rating.REQUIRES_IMPROVEMENT: "#f47738",
    Rating.INADEQUATE: "#d4351c",
    Rating.NOT_YET_INSPECTED: "#505a5f",
}


def _bar_figure(labels: list[str], values: list, *, colours=None, axis: str, **extra) -> dict:
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": values,
                "y": labels,
                "marker": {"color": colours or COLOURS[0]},
                "text": [count(v) for v in values],
                "textposition": "outside",
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        "layout": layout(
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"title": {"text": axis}, "rangemode": "tozero", "gridcolor": "#f3f2f1"},
            height=max(200, 34 * len(labels) + 80),
            margin={"l": 10, "r": 40, "t": 10, "b": 50},
            showlegend=False,
            **extra,
        ),
    }


def sector_chart(sectors: dict[str, int], *, id: str = "by-sector") -> Chart:
    shown = {k: v for k, v in sectors.items() if v}
    labels = [presenters.SECTOR_LABELS[k] for k in shown]
    total = sum(sectors.values())
    rows = [
        [presenters.SECTOR_LABELS[k], count_cell(v), share_cell(v, total)] for k, v in shown.items()
    ]
    rows.append(["Total", count_cell(total), share_cell(total, total)])
    return Chart(
        id=id,
        title="Children in care by the sector of their provider",
        figure=_bar_figure(labels, list(shown.values()), axis="Children"),
        table=Table(headings=["Sector", "Children", "Share"], rows=rows),
    )


def rating_chart(ratings: dict[str, int], *, id: str = "by-rating") -> Chart:
    labels = [Rating(k).label for k in ratings]
    total = sum(ratings.values())
    rows = [[Rating(k).label, count_cell(v), share_cell(v, total)] for k, v in ratings.items()]
    rows.append(["Total", count_cell(total), share_cell(total, total)])
    return Chart(
        id=id,
        title="Children placed with a listed provider, by its Ofsted rating",
        figure=_bar_figure(
            labels,
            list(ratings.values()),
            colours=[RATING_COLOURS[Rating(k)] for k in ratings],
            axis="Children",
        ),  # fmt: skip
        table=Table(headings=["Latest overall effectiveness", "Children", "Share"], rows=rows),
    )


def supply_chart(supply: pd.DataFrame, *, id: str = "local-supply") -> Chart:
    labels = [ProviderType(t).label for t in supply["TYPE"]]
    figure = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "In the area",
                "y": labels,
                "x": supply["IN_AREA_PLACES"].tolist(),
                "marker": {"color": COLOURS[0]},
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": "Elsewhere within 20 miles",
                "y": labels,
                "x": supply["NEAR_PLACES"].tolist(),
                "marker": {"color": COLOURS[5]},
            },
        ],  # fmt: skip
        "layout": layout(
            barmode="stack",
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"rangemode": "tozero"},
            legend={"orientation": "h", "y": -0.12, "yanchor": "top"},
            height=max(220, 40 * len(labels) + 110),
            margin={"l": 10, "r": 20, "t": 10, "b": 60},
        ),
    }
    rows = [
        [ProviderType(r.TYPE).label, count_cell(r.IN_AREA), count_cell(r.IN_AREA_PLACES),
         count_cell(r.NEAR), count_cell(r.NEAR_PLACES)]
        for r in supply.itertuples()
    ]  # fmt: skip
    return Chart(
        id=id,
        title="Registered places at providers in the area and within 20 miles, by type",
        figure=figure,
        table=Table(
            headings=[
                "Provider type",
                "Providers in the area",
                "Places in the area",
                "Providers within 20 miles",
                "Places within 20 miles",
            ],
            rows=rows,
        ),  # fmt: skip
    )


def cost_chart(costs: pd.DataFrame, *, id: str = "weekly-costs") -> Chart:
    categories = list(dict.fromkeys(costs["CATEGORY"]))
    labels = [CATEGORY_LABELS[c] for c in categories]
    data = []
    for provision, name, colour in (("in_house", "In-house", COLOURS[2]),
                                    ("external", "External", COLOURS[1])):  # fmt: skip
        part = costs[costs["PROVISION"] == provision].set_index("CATEGORY")["AVERAGE"]
        data.append(
            {"type": "bar", "orientation": "h", "name": name, "y": labels,
             "x": [None if pd.isna(part.get(c)) else part.get(c) for c in categories],
             "marker": {"color": colour}, "hovertemplate": "%{y}: £%{x:,.0f}<extra></extra>"}
        )  # fmt: skip
    figure = {
        "data": data,
        "layout": layout(
            barmode="group",
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"rangemode": "tozero", "tickprefix": "£", "tickformat": ",.0f"},
            legend={"orientation": "h", "y": -0.12, "yanchor": "top"},
            height=max(220, 56 * len(labels) + 110),
            margin={"l": 10, "r": 20, "t": 10, "b": 60},
        ),
    }
    rows = [
        [CATEGORY_LABELS[r.CATEGORY], "In-house" if r.PROVISION == "in_house" else "External",
         Cell(r.COSTED, f"{count(r.COSTED)} of {count(r.CHILDREN)}", "count"),
         money_cell(r.AVERAGE, pence=True), money_cell(r.MINIMUM, pence=True),
         money_cell(r.MAXIMUM, pence=True), money_cell(r.ANNUAL_SPEND)]
        for r in costs.itertuples()
    ]  # fmt: skip
    return Chart(
        id=id,
        title="Average weekly cost by placement category, in-house and external",
        figure=figure,
        table=Table(
            headings=[
                "Placement",
                "Provision",
                "Children with a cost",
                "Average a week",
                "Lowest",
                "Highest",
                "Annual spend",
            ],
            rows=rows,
        ),  # fmt: skip
    )


def gap_chart(gap: pd.DataFrame, *, id: str = "sufficiency-gap") -> Chart:
    labels = [CATEGORY_LABELS[c] for c in gap["CATEGORY"]]
    figure = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "Children placed",
                "y": labels,
                "x": gap["CHILDREN"].tolist(),
                "marker": {"color": COLOURS[0]},
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": "Local registered places",
                "y": labels,
                "x": gap["LOCAL_PLACES"].tolist(),
                "marker": {"color": COLOURS[2]},
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": "Children more than 20 miles from home",
                "y": labels,
                "x": gap["FAR"].tolist(),
                "marker": {"color": COLOURS[1]},
            },
        ],  # fmt: skip
        "layout": layout(
            barmode="group",
            yaxis={"autorange": "reversed", "automargin": True},
            xaxis={"rangemode": "tozero"},
            legend={"orientation": "h", "y": -0.12, "yanchor": "top"},
            height=max(240, 70 * len(labels) + 110),
            margin={"l": 30, "r": 20, "t": 10, "b": 60},  # slack: print fonts run wider
        ),
    }
    return Chart(
        id=id,
        title="Children placed against local places, by placement category",
        figure=figure,
        table=Table(headings=presenters.GAP_HEADINGS, rows=presenters.gap_rows(gap)),
    )
