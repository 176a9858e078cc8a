"""Reads for the forecast: the council's cohort as model inputs, scenarios, costs and budgets.

Forecasts are cached per process by everything they depend on (the merged cohort object, the
options and each scenario's adjustments), so moving between the forecast pages is instant.
"""

from __future__ import annotations

import csv
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pandas as pd
from django.conf import settings

from placements.cohort import selectors as cohort_selectors
from placements.cohort.measures import PLACEMENT_CATEGORIES
from placements.cohort.selectors import Cohort
from placements.forecast import backtest as rolling_backtest
from placements.forecast import stock_flow, targets
from placements.forecast.models import Budget, CostSettings, Scenario, UnitCost
from placements.market.selectors import average_weekly_costs
from sufficiency.calendar import last_year_end
from sufficiency.councils import LocalAuthority
from sufficiency.plan.models import Measure

logger = logging.getLogger(__name__)

REFERENCE_MONTHS = (12, 24, 36)
HORIZONS = (12, 24, 36, 48, 60)
DEFAULT_REFERENCE_MONTHS = 36
DEFAULT_MONTHS = 36
HISTORY_MONTHS = 36
BACKTEST_MONTHS = 12


@dataclass(frozen=True)
class Options:
    base_date: date
    reference_months: int = DEFAULT_REFERENCE_MONTHS
    months: int = DEFAULT_MONTHS


@dataclass
class Forecast:
    options: Options
    counts: stock_flow.Counts
    baseline: stock_flow.Projection
    scenarios: list[stock_flow.Projection]
    history: pd.DataFrame  # month ends up to the base date x categories
    backtest: stock_flow.Backtest | None
    reference_cut: bool  # the data held less than the reference period asked for
    # Forecasts from every quarter end with the reference period before it (None: not run).
    rolling: rolling_backtest.RollingBacktest | None = None

    @property
    def projections(self) -> list[stock_flow.Projection]:
        return [self.baseline, *self.scenarios]


def cohort(*, la: LocalAuthority) -> Cohort | None:
    return cohort_selectors.cohort(la=la)


def base_dates(data: Cohort) -> list[date]:
    """Quarter ends in the loaded data, latest first, that leave a year to learn from."""
    earliest = stock_flow.add_months(data.first_day, 12)
    return [d for d in cohort_selectors.reference_dates(data) if d >= earliest] or [
        cohort_selectors.default_reference_date(data)
    ]


def default_base_date(data: Cohort) -> date:
    return cohort_selectors.default_reference_date(data)


def horizon(base_date: date) -> tuple[date, date]:
    """Adjustments may start after the base date and up to five years on."""
    return base_date, stock_flow.add_months(base_date, stock_flow.MAX_MONTHS)


def planning_base_date(*, la: LocalAuthority) -> date:
    """The base date scenarios are checked against: the latest data's, else the last 31 March."""
    data = cohort(la=la)
    if data is not None:
        return default_base_date(data)
    return last_year_end(date.today())


def scenarios(*, la: LocalAuthority):
    return Scenario.objects.filter(la=la).prefetch_related("adjustments")


_CACHE: OrderedDict[tuple, tuple[Cohort, Forecast]] = OrderedDict()
_CACHE_SIZE = 16
_LOCK = threading.Lock()


def _scenario_key(scenario: Scenario) -> tuple:
    return (scenario.pk, scenario.name, tuple(scenario.model_adjustments()))


def forecast(
    *, data: Cohort, options: Options, chosen: list[Scenario] | tuple = (), backtest: bool = True
) -> Forecast:
    # The cohort object is kept in the cached value, so its id cannot be reused meanwhile.
    key = (id(data), options, tuple(_scenario_key(s) for s in chosen), backtest)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key][1]
    result = _forecast(data, options, chosen, backtest)
    with _LOCK:
        _CACHE[key] = (data, result)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def _forecast(data: Cohort, options: Options, chosen, backtest: bool) -> Forecast:
    counts = stock_flow.observed_counts(
        data.episodes,
        data.header,
        base_date=options.base_date,
        reference_months=options.reference_months,
        earliest=data.first_day,
        half_life_months=stock_flow.HALF_LIFE_MONTHS,
    )
    baseline = stock_flow.project(counts, months=options.months)
    projections = [
        stock_flow.project_scenario(
            counts, baseline, adjustments=s.model_adjustments(), name=s.name
        )
        for s in chosen
    ]
    first_history = max(stock_flow.add_months(options.base_date, -HISTORY_MONTHS), data.first_day)
    history_dates = [
        d
        for d in (
            stock_flow.add_months(options.base_date, -k) for k in range(HISTORY_MONTHS, -1, -1)
        )
        if d >= first_history
    ]
    history = stock_flow.observed_series(data.episodes, history_dates)
    test = None
    rolling = None
    if backtest:
        rolling = rolling_backtest.rolling_backtest(
            data.episodes,
            data.header,
            first_day=data.first_day,
            last_day=data.last_day,
            reference_months=options.reference_months,
        )
        test_base = stock_flow.add_months(options.base_date, -BACKTEST_MONTHS)
        if test_base >= stock_flow.add_months(data.first_day, 12):
            test = stock_flow.backtest(
                data.episodes,
                data.header,
                base_date=test_base,
                last_date=data.last_day,
                reference_months=options.reference_months,
                earliest=data.first_day,
            )
    wanted_start = stock_flow.add_months(options.base_date, -options.reference_months)
    return Forecast(
        options=options,
        counts=counts,
        baseline=baseline,
        scenarios=projections,
        history=history,
        backtest=test,
        rolling=rolling,
        reference_cut=wanted_start < data.first_day - pd.Timedelta(days=1).to_pytimedelta(),
    )


def target_checks(
    *, la: LocalAuthority, projections: list[stock_flow.Projection]
) -> list[targets.TargetCheck]:
    """The strategy's targets for a figure the forecast projects (children in care), each
    against current trends and the scenarios compared."""
    measures = Measure.objects.filter(
        strategy__la=la, key__in=list(targets.FORECAST_FIGURES)
    ).order_by("position", "pk")
    return [
        targets.check_target(m.name, m.target_value, m.target_date, projections) for m in measures
    ]


# --------------------------------------------------------------------------- costs


@dataclass(frozen=True)
class UnitCosts:
    weekly: dict[str, float]
    source: str  # "council", "market" or "national"
    inflation_percent: float
    notes: dict[str, str]


@cache
def national_unit_costs() -> tuple[dict[str, float], dict[str, str]]:
    path = Path(settings.BASE_DIR) / "fixtures" / "forecast" / "unit_costs.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return (
        {r["category"]: float(r["weekly_cost"]) for r in rows},
        {r["category"]: r["source"] for r in rows},
    )


def market_unit_costs(*, la: LocalAuthority) -> dict[str, float]:
    """Average weekly costs of the council's placements, from its market data."""

    return average_weekly_costs(la=la)


def unit_costs(*, la: LocalAuthority) -> UnitCosts:
    """Weekly costs per category: the council's own, else its market data's average, else the
    documented national defaults; the source of each shows on the page."""
    national, notes = national_unit_costs()
    market = market_unit_costs(la=la)
    own = {u.category: float(u.weekly_cost) for u in UnitCost.objects.filter(la=la)}
    weekly = {}
    sources = {}
    for category in PLACEMENT_CATEGORIES:
        if category in own:
            weekly[category], sources[category] = own[category], "Set by the council"
        elif category in market:
            weekly[category], sources[category] = market[category], "Average of market data"
        else:
            weekly[category], sources[category] = (
                national.get(category, 0.0),
                notes.get(category, "National default"),
            )
    settings_row = CostSettings.objects.filter(la=la).first()
    source = "council" if own else ("market" if market else "national")
    return UnitCosts(
        weekly=weekly,
        source=source,
        inflation_percent=float(settings_row.inflation_percent) if settings_row else 3.0,
        notes=sources,
    )


def budgets(*, la: LocalAuthority) -> dict[int, Decimal]:
    return {b.year: b.amount for b in Budget.objects.filter(la=la)}
