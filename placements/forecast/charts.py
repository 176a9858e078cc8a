"""Charts of the forecast: pure, projections in, plotly figures and their data tables out."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from placements.cohort.measures import CATEGORY_LABELS
from placements.forecast import stock_flow
from placements.forecast.accuracy import label as accuracy_label
from placements.forecast.accuracy import shown_categories
from placements.forecast.backtest import TOTAL, RollingBacktest
from placements.forecast.presenters import yearly_points
from sufficiency.calendar import financial_year_label
from sufficiency.charts import COLOURS, Chart, Table, layout, to_json
from sufficiency.exports import (
    count_cell,
    money_cell,
    percent_cell,
    range_cell,
    signed_cell,
    text_cell,
)
from sufficiency.formatting import NOT_KNOWN, count, percent

BAND_FILL = "rgba(29, 112, 184, 0.18)"


def _iso(dates) -> list[str]:
    return [pd.Timestamp(d).strftime("%Y-%m-%d") for d in dates]


def _long(d: date) -> str:
    return f"{pd.Timestamp(d):%b %Y}"


def _band(dates, lower, upper, *, name: str, colour: str = BAND_FILL) -> list[go.Scatter]:
    x = _iso(dates)
    return [
        go.Scatter(x=x, y=list(map(float, upper)), mode="lines", line={"width": 0},
                   showlegend=False, hoverinfo="skip"),
        go.Scatter(x=x, y=list(map(float, lower)), mode="lines", line={"width": 0},
                   fill="tonexty", fillcolor=colour, name=name, hoverinfo="skip"),
    ]  # fmt: skip


def projection_chart(
    history: pd.DataFrame, projection: stock_flow.Projection, *, id: str = "forecast-total"
) -> Chart:
    """Children in care: what happened up to the base date, then the forecast with its band."""
    observed = history.sum(axis=1)
    base = projection.base_date
    x = [base, *projection.dates]
    start = float(projection.stock0.sum())
    mean = [start, *map(float, projection.total)]
    lower = [start, *map(float, projection.lower)]
    upper = [start, *map(float, projection.upper)]
    figure = go.Figure(
        [
            *_band(x, lower, upper, name="Likely range (95%)"),
            go.Scatter(
                x=_iso(observed.index),
                y=observed.tolist(),
                name="Children in care",
                mode="lines",
                line={"width": 3, "color": COLOURS[8]},
            ),
            go.Scatter(
                x=_iso(x),
                y=mean,
                name="Forecast",
                mode="lines",
                line={"width": 3, "color": COLOURS[0], "dash": "dash"},
            ),
        ],  # fmt: skip
        layout=layout(
            yaxis={
                "title": {"text": "Children in care"},
                "rangemode": "tozero",
                "gridcolor": "#f3f2f1",
            },
            shapes=[_base_line(base)],
        ),  # fmt: skip
    )
    rows: list[list] = [[_long(d), count_cell(v), "", ""] for d, v in observed.items()]
    rows += [
        [_long(d), count_cell(m), count_cell(lo), count_cell(hi)]
        for d, m, lo, hi in zip(
            projection.dates, projection.total, projection.lower, projection.upper, strict=True
        )
    ]
    return Chart(
        id=id,
        title="Children in care: what happened and the forecast",
        figure=to_json(figure),
        table=Table(
            headings=[
                "Month end",
                "Children (actual or forecast)",
                "Lowest likely",
                "Highest likely",
            ],
            rows=rows,
        ),  # fmt: skip
    )


def _base_line(base: date) -> dict:
    return {
        "type": "line", "xref": "x", "yref": "paper", "x0": _iso([base])[0],
        "x1": _iso([base])[0], "y0": 0, "y1": 1, "line": {"color": "#505a5f", "dash": "dot"},
    }  # fmt: skip


def _base_label(base: date) -> dict:
    return {
        "x": _iso([base])[0], "y": 1, "xref": "x", "yref": "paper", "text": "Forecast from",
        "showarrow": False, "xanchor": "left", "yanchor": "bottom", "font": {"size": 12},
    }  # fmt: skip


def category_chart(
    history: pd.DataFrame, projection: stock_flow.Projection, *, id: str = "forecast-categories"
) -> Chart:
    by_category = projection.by_category
    start = projection.stock0.reshape(stock_flow.N_CATEGORIES, stock_flow.N_BANDS).sum(axis=1)
    shown = [
        i
        for i, c in enumerate(stock_flow.CATEGORIES)
        if by_category[:, i].max(initial=0) >= 0.5 or history[c].max() > 0
    ]
    traces = []
    for n, i in enumerate(shown):
        category = stock_flow.CATEGORIES[i]
        colour = COLOURS[n % len(COLOURS)]
        traces.append(
            go.Scatter(x=_iso(history.index), y=history[category].tolist(), mode="lines",
                       name=CATEGORY_LABELS[category], legendgroup=category,
                       line={"color": colour, "width": 2})
        )  # fmt: skip
        traces.append(
            go.Scatter(x=_iso([projection.base_date, *projection.dates]),
                       y=[float(start[i]), *map(float, by_category[:, i])], mode="lines",
                       name=f"{CATEGORY_LABELS[category]} (forecast)", legendgroup=category,
                       showlegend=False, line={"color": colour, "width": 2, "dash": "dash"})
        )  # fmt: skip
    figure = go.Figure(
        traces,
        layout=layout(
            height=420,
            yaxis={"title": {"text": "Children"}, "rangemode": "tozero", "gridcolor": "#f3f2f1"},
            legend={"orientation": "h", "y": -0.25},
            shapes=[_base_line(projection.base_date)],
        ),
    )
    points = yearly_points(projection)
    headings = ["Placement", f"{_long(projection.base_date)} (actual)"] + [
        f"{_long(projection.dates[k])} (range)" for k in points
    ]
    rows = []
    for i, category in enumerate(stock_flow.CATEGORIES):
        row: list = [CATEGORY_LABELS[category], count_cell(start[i])]
        for k in points:
            row.append(
                range_cell(
                    by_category[k, i],
                    projection.category_lower()[k, i],
                    projection.category_upper()[k, i],
                )
            )
        rows.append(row)
    rows.append(
        ["Total", count_cell(start.sum())]
        + [
            range_cell(projection.total[k], projection.lower[k], projection.upper[k])
            for k in points
        ]
    )
    return Chart(
        id=id,
        title="Children by type of placement: what happened and the forecast",
        figure=to_json(figure),
        table=Table(headings=headings, rows=rows),
    )


def scenario_chart(
    projections: list[stock_flow.Projection], *, id: str = "forecast-scenarios"
) -> Chart:
    baseline = projections[0]
    base = baseline.base_date
    x = [base, *baseline.dates]
    start = float(baseline.stock0.sum())
    traces = _band(
        x,
        [start, *map(float, baseline.lower)],
        [start, *map(float, baseline.upper)],
        name=f"{baseline.name}: likely range",
    )
    for n, projection in enumerate(projections):
        traces.append(
            go.Scatter(x=_iso(x), y=[start, *map(float, projection.total)], mode="lines",
                       name=projection.name,
                       line={"width": 3, "color": COLOURS[n % len(COLOURS)],
                             "dash": "solid" if n == 0 else ["dash", "dot", "dashdot"][n % 3]})
        )  # fmt: skip
    figure = go.Figure(
        traces,
        layout=layout(
            height=380,
            yaxis={
                "title": {"text": "Children in care"},
                "rangemode": "tozero",
                "gridcolor": "#f3f2f1",
            },
            legend={"orientation": "h", "y": -0.2},
        ),  # fmt: skip
    )
    points = yearly_points(baseline)
    headings = ["Scenario"] + [_long(baseline.dates[k]) for k in points] + ["Difference at end"]
    rows = []
    end = len(baseline.dates) - 1
    for projection in projections:
        difference = projection.total[end] - baseline.total[end]
        rows.append(
            [projection.name]
            + [count_cell(projection.total[k]) for k in points]
            + [text_cell(NOT_KNOWN) if projection is baseline else signed_cell(difference)]
        )
    return Chart(
        id=id,
        title="Children in care under each scenario",
        figure=to_json(figure),
        table=Table(headings=headings, rows=rows),
    )


def scenario_difference_chart(
    projections: list[stock_flow.Projection], *, id: str = "forecast-scenario-difference"
) -> Chart:
    """Each scenario as the difference it makes to current trends: children more (above nought)
    or fewer (below) than current trends at each month end, so a board sees the effect of a
    scenario rather than lines a few children apart on a scale of hundreds."""
    baseline = projections[0]
    x = [baseline.base_date, *baseline.dates]
    traces = [
        go.Scatter(x=_iso(x), y=[0.0] * len(x), mode="lines", name=baseline.name,
                   line={"width": 2, "color": "#505a5f"})
    ]  # fmt: skip
    for n, projection in enumerate(projections[1:], 1):
        difference = [0.0, *map(float, projection.total - baseline.total)]
        traces.append(
            go.Scatter(x=_iso(x), y=difference, mode="lines", name=projection.name,
                       line={"width": 3, "color": COLOURS[n % len(COLOURS)],
                             "dash": ["solid", "dash", "dot", "dashdot"][n % 4]})
        )  # fmt: skip
    figure = go.Figure(
        traces,
        layout=layout(
            height=340,
            yaxis={
                "title": {"text": "Difference in children"},
                "zeroline": True,
                "gridcolor": "#f3f2f1",
            },
            legend={"orientation": "h", "y": -0.2},
        ),
    )
    points = yearly_points(baseline)
    headings = ["Scenario"] + [_long(baseline.dates[k]) for k in points]
    rows = [
        [projection.name] + [signed_cell(projection.total[k] - baseline.total[k]) for k in points]
        for projection in projections[1:]
    ]
    return Chart(
        id=id,
        title=f"Children in care under each scenario, against {baseline.name.lower()}",
        figure=to_json(figure),
        table=Table(
            headings=headings,
            rows=rows,
            caption=f"Children more (+) or fewer (−) than {baseline.name.lower()}",
        ),
    )


def backtest_chart(test: stock_flow.Backtest, *, id: str = "forecast-backtest") -> Chart:
    figure = go.Figure(
        [
            *_band(test.dates, test.lower, test.upper, name="Likely range then"),
            go.Scatter(
                x=_iso(test.dates),
                y=list(map(float, test.actual)),
                name="What happened",
                mode="lines+markers",
                line={"width": 3, "color": COLOURS[8]},
            ),
            go.Scatter(
                x=_iso(test.dates),
                y=list(map(float, test.forecast)),
                name=f"Forecast made from {_long(test.base_date)}",
                mode="lines",
                line={"width": 3, "color": COLOURS[0], "dash": "dash"},
            ),
        ],  # fmt: skip
        layout=layout(
            height=320,
            yaxis={
                "title": {"text": "Children in care"},
                "rangemode": "tozero",
                "gridcolor": "#f3f2f1",
            },
        ),  # fmt: skip
    )
    rows = [
        [_long(d), count_cell(a), count_cell(f), signed_cell(f - a), f"{count(lo)} to {count(hi)}"]
        for d, a, f, lo, hi in zip(
            test.dates, test.actual, test.forecast, test.lower, test.upper, strict=True
        )
    ]
    return Chart(
        id=id,
        title=f"Testing the model: the forecast made from {_long(test.base_date)} against "
        "what happened",
        figure=to_json(figure),
        table=Table(
            headings=["Month end", "What happened", "Forecast", "Error", "Likely range"],
            rows=rows,
        ),
    )


def cost_chart(
    costs: list[tuple[str, pd.DataFrame]], budgets: dict[int, float], *, id: str = "forecast-costs"
) -> Chart:
    """Spend per financial year for each scenario, against the placements budget."""
    years = sorted({int(y) for _, frame in costs for y in frame.index})
    labels = [financial_year_label(y) for y in years]
    traces = [
        go.Bar(x=labels, y=[float(frame["total"].get(y, np.nan)) / 1e6 for y in years],
               name=name, marker_color=COLOURS[n % len(COLOURS)],
               hovertemplate="%{x}: £%{y:.1f}m<extra>" + name + "</extra>")
        for n, (name, frame) in enumerate(costs)
    ]  # fmt: skip
    budgeted = [y for y in years if y in budgets]
    if budgeted:
        traces.append(
            go.Scatter(x=[financial_year_label(y) for y in budgeted],
                       y=[float(budgets[y]) / 1e6 for y in budgeted], name="Budget",
                       mode="markers", marker={"symbol": "line-ew-open", "size": 40,
                                               "color": "#0b0c0c",
                                               "line": {"width": 4, "color": "#0b0c0c"}})
        )  # fmt: skip
    figure = go.Figure(
        traces,
        layout=layout(
            barmode="group",
            height=360,
            yaxis={"title": {"text": "£ million"}, "rangemode": "tozero", "gridcolor": "#f3f2f1"},
        ),
    )
    headings = ["Scenario"] + labels
    rows = []
    for name, frame in costs:
        rows.append([name] + [money_cell(frame["total"].get(y)) for y in years])
    if budgeted:
        rows.append(["Budget"] + [money_cell(budgets.get(y)) for y in years])
    return Chart(
        id=id,
        title="Projected placement spend each financial year",
        figure=to_json(figure),
        table=Table(headings=headings, rows=rows),
    )


def accuracy_chart(
    rolling: RollingBacktest, *, horizon: int = 12, id: str = "forecast-accuracy"
) -> Chart:
    """Average error of forecasts made `horizon` months ahead, by type: the model beside
    keeping the number at the origin and the straight-line trend."""
    keys = [TOTAL, *shown_categories(rolling, horizon)]
    labels = [accuracy_label(k) for k in keys]
    results = [rolling.accuracy(horizon, k) for k in keys]
    series = [
        ("This forecast", [a.mape for a in results], COLOURS[0]),
        ("Same as at the start", [a.naive_mape for a in results], COLOURS[8]),
        ("Straight-line trend", [a.trend_mape for a in results], COLOURS[1]),
    ]
    figure = go.Figure(
        [
            go.Bar(
                x=labels,
                y=[None if v is None else round(v, 1) for v in values],
                name=name,
                marker={"color": colour},
            )
            for name, values, colour in series
        ],  # fmt: skip
        layout=layout(
            barmode="group",
            height=380,
            yaxis={
                "title": {"text": "Average error (%)"},
                "rangemode": "tozero",
                "gridcolor": "#f3f2f1",
            },
        ),  # fmt: skip
    )
    rows = [
        [
            label_,
            *(percent_cell(v) for v in (a.mape, a.naive_mape, a.trend_mape)),
            dataclasses.replace(percent_cell(a.coverage), text=percent(a.coverage, 0)),
        ]
        for label_, a in zip(labels, results, strict=True)
    ]
    return Chart(
        id=id,
        title=f"Average error of forecasts made {horizon} months ahead, by type of placement",
        figure=to_json(figure),
        table=Table(
            headings=[
                "Placement",
                "This forecast",
                "Same as at the start",
                "Straight-line trend",
                "Inside the likely range",
            ],
            rows=rows,
        ),  # fmt: skip
    )
