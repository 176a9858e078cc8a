"""The forecast section for the quarterly dashboard and the annual strategy document.

reports/ calls `forecast_section(la=..., on=...)` (reports.selectors.dashboard) and shows it with
templates/reports/_forecast_summary.html and its charts; None when there is nothing to forecast
from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from placements.cohort import selectors as cohort_selectors
from placements.forecast import accuracy, charts, presenters, selectors, stock_flow, targets
from placements.forecast.backtest import TOTAL, RollingBacktest
from placements.forecast.models import Adjustment, Budget, CostSettings, Scenario, UnitCost
from placements.market.selectors import market_at, market_version
from sufficiency import formatting, versions
from sufficiency.charts import Chart
from sufficiency.councils import LocalAuthority
from sufficiency.plan.models import Action

MAX_SCENARIOS = 4


@dataclass(frozen=True)
class ForecastSection:
    """The forecast as a report shows it: the baseline at its end, charts and costs."""

    base_date: date
    end: date
    now: str  # children in care at the base date, formatted
    mean: str  # the baseline forecast at the end, and its band
    lower: str
    upper: str
    backtest_mape: str | None
    total_chart: Chart
    scenario_chart: Chart | None
    cost_headings: list[str]
    cost_rows: list[list]
    accuracy: str | None = None  # how close forecasts made a year ahead came, for all children
    accuracy_by_type: dict[str, str] = field(default_factory=dict)  # the same by type of home
    # Current trends first, then each scenario: for checking a plan's targets (targets.py).
    projections: tuple[stock_flow.Projection, ...] = ()
    mean_value: float | None = None  # the figures behind `now` and `mean`, unformatted
    now_value: float | None = None
    # The figures behind the cost table: spend by financial year (by the year it starts) of
    # current trends and of each scenario, in the table's order; the months of each year the
    # forecast covers; and the council's budget for each year.
    annual_spend: dict[str, dict[int, float]] = field(default_factory=dict)
    months: dict[int, int] = field(default_factory=dict)
    budgets: dict[int, float] = field(default_factory=dict)

    def target_check(self, name: str, target: float, target_date: date) -> targets.TargetCheck:
        return targets.check_target(name, target, target_date, list(self.projections))


def base_date_at(data: selectors.Cohort, on: date | None) -> date | None:
    """The forecast a report dated `on` may show starts at the latest quarter end on or before
    it that the data can forecast from: a report never forecasts from a date after its own."""
    if on is None:
        return selectors.default_base_date(data)
    return max((d for d in selectors.base_dates(data) if d <= on), default=None)


# What the forecast section reads besides the cohort: scenarios, costs, budgets, the market
# (unit costs from its averages) and the plan's actions scenarios link to.
FORECAST_MODELS = (Scenario, Adjustment, CostSettings, UnitCost, Budget, Action)


def forecast_section(*, la: LocalAuthority, on: date | None = None) -> ForecastSection | None:
    """The forecast as known on `on` (None: from the latest data, as the forecast pages do),
    worked out once per data version (ADR 0017)."""
    data = selectors.cohort(la=la)
    if data is None:
        return None
    version = market_version() + versions.of(*FORECAST_MODELS)
    return cohort_selectors.memoised(
        data, ("forecast", on), version, lambda: _forecast_section(la, data, on)
    )


def warm_latest_quarter(warmed: list[tuple[LocalAuthority, selectors.Cohort]]) -> None:
    """When a web process starts (placements.apps, through sufficiency/warm.py): the market and
    the forecast at the latest quarter end of each council whose cohort was just read, the date
    the dashboard and the market page show unless asked for another, so no user's first page
    works them out (the forecast's rolling backtests take seconds). With gunicorn --preload
    every worker forks with them."""
    for la, data in warmed:
        on = cohort_selectors.default_reference_date(data)
        market_at(la=la, on=on)
        forecast_section(la=la, on=on)


def _forecast_section(
    la: LocalAuthority, data: selectors.Cohort, on: date | None
) -> ForecastSection | None:
    base_date = base_date_at(data, on)
    if base_date is None:
        return None
    options = selectors.Options(base_date=base_date)
    chosen = list(selectors.scenarios(la=la)[:MAX_SCENARIOS])
    result = selectors.forecast(data=data, options=options, chosen=chosen)
    unit_costs = selectors.unit_costs(la=la)
    budgets = selectors.budgets(la=la)
    costs = [
        (
            p.name,
            stock_flow.annual_costs(
                p, unit_costs.weekly, inflation_percent=unit_costs.inflation_percent
            ),
        )
        for p in result.projections
    ]
    cost_headings, cost_rows = presenters.cost_rows(costs, budgets)
    baseline = result.baseline
    end = len(baseline.dates) - 1
    return ForecastSection(
        base_date=options.base_date,
        end=baseline.dates[end],
        now=formatting.count(baseline.stock0.sum()),
        mean=formatting.count(baseline.total[end]),
        lower=formatting.count(baseline.lower[end]),
        upper=formatting.count(baseline.upper[end]),
        backtest_mape=formatting.percent(result.backtest.mape) if result.backtest else None,
        total_chart=charts.projection_chart(result.history, baseline, id="report-forecast"),
        scenario_chart=(
            charts.scenario_difference_chart(result.projections, id="report-scenarios")
            if chosen
            else None
        ),
        cost_headings=cost_headings,
        cost_rows=cost_rows,
        accuracy=accuracy.year_ahead_sentence(result.rolling),
        accuracy_by_type=accuracy_by_type(result.rolling),
        projections=tuple(result.projections),
        mean_value=float(baseline.total[end]),
        now_value=float(baseline.stock0.sum()),
        annual_spend={
            name: {int(y): float(v) for y, v in frame["total"].items()} for name, frame in costs
        },
        months={
            int(y): max(int(frame["months"].get(y, 0)) for _, frame in costs)
            for y in sorted({y for _, frame in costs for y in frame.index})
        },
        budgets={int(y): float(v) for y, v in budgets.items()},
    )


def accuracy_by_type(rolling: RollingBacktest | None) -> dict[str, str]:
    """For the strategy's chapter on each type of home: how close forecasts made a year ahead
    came for that type ("were within X% ... from each of the last N quarter ends"), for the
    types with enough children to say (accuracy.MIN_CHILDREN)."""
    if rolling is None or accuracy.YEAR_AHEAD not in rolling.horizons:
        return {}
    sentences = {}
    for category in accuracy.shown_categories(rolling, accuracy.YEAR_AHEAD):
        sentence = accuracy.year_ahead_sentence(rolling, category)
        if sentence:
            sentences[category] = sentence
    return sentences


def year_ahead_accuracy(*, la: LocalAuthority, category: str = TOTAL) -> str | None:
    """The sentence for one type of home (or all children in care), for any report."""
    data = selectors.cohort(la=la)
    if data is None:
        return None
    options = selectors.Options(base_date=selectors.default_base_date(data))
    result = selectors.forecast(data=data, options=options)
    return accuracy.year_ahead_sentence(result.rolling, category)
