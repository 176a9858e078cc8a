"""Rolling-origin backtests: how far the forecast could have been trusted, by horizon and type.

From every quarter end that has at least the reference period of loaded history before it,
the model forecasts 6, 12 and 24 months ahead using only what was known on that date (episodes
starting later dropped, episodes ending later open: `stock_flow.observed_counts`), and each
forecast is compared with the children actually in care on the target date, for the total and
for each placement category. Beside it, two forecasts anyone could make on the same date:

- "same as at the origin": the children in care on the origin, unchanged;
- "straight-line trend": a least-squares line through the month-end counts of the reference
  period (the same months the model learns from), carried on to the target date, floored at 0.

Pure numpy/pandas, like the model; docs/adr/0016-rolling-backtests.md explains the choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from placements.cohort.measures import prepare_episodes
from placements.forecast import stock_flow
from sufficiency.calendar import quarter_ends_between

HORIZONS: tuple[int, ...] = (6, 12, 24)
# A horizon is "supported" when at least this many origins were compared at it.
MIN_ORIGINS = 4
# Draws of the rates for each origin's band: the band's width changes little between 40 and
# 100 draws (the future's own randomness is exact), and the backtest runs many forecasts.
BACKTEST_DRAWS = 40
TOTAL = "total"


@dataclass(frozen=True)
class Accuracy:
    """One series (the total or a category) at one horizon, over the origins compared."""

    origins: int  # forecasts compared (the actual was above nought)
    mape: float | None  # mean absolute percentage error of the model
    bias: float | None  # mean signed percentage error: + forecast too high
    coverage: float | None  # % of origins where the actual fell inside the band
    naive_mape: float | None  # "same as at the origin"
    trend_mape: float | None  # the reference period's straight-line trend
    mae: float | None = None  # mean absolute error in children (model)
    naive_mae: float | None = None

    @property
    def beats_naive(self) -> bool | None:
        if self.mape is None or self.naive_mape is None:
            return None
        return self.mape <= self.naive_mape

    @property
    def beats_trend(self) -> bool | None:
        if self.mape is None or self.trend_mape is None:
            return None
        return self.mape <= self.trend_mape

    def as_json(self, digits: int = 1) -> dict:
        def r(value):
            return None if value is None else round(float(value), digits)

        return {
            "mape": r(self.mape),
            "bias": r(self.bias),
            "coverage": r(self.coverage),
            "naive_mape": r(self.naive_mape),
            "trend_mape": r(self.trend_mape),
            "origins": self.origins,
        }


def percentage_errors(forecast: np.ndarray, actual: np.ndarray) -> np.ndarray:
    """(forecast - actual) / actual x 100; NaN where nothing is to compare (actual 0 or NaN)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(actual > 0, (forecast - actual) / actual * 100, np.nan)


def accuracy(
    forecast: np.ndarray,
    actual: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    naive: np.ndarray,
    trend: np.ndarray,
) -> Accuracy:
    """Compare forecasts with what happened over a set of origins (1-d arrays, NaN = none)."""
    compared = ~np.isnan(actual)
    errors = percentage_errors(forecast, actual)
    usable = ~np.isnan(errors)
    n = int(usable.sum())

    def mean(values: np.ndarray) -> float | None:
        return float(np.mean(values[usable])) if n else None

    inside = (actual >= lower) & (actual <= upper)
    return Accuracy(
        origins=n,
        mape=mean(np.abs(errors)),
        bias=mean(errors),
        coverage=float(inside[compared].mean() * 100) if compared.any() else None,
        naive_mape=mean(np.abs(percentage_errors(naive, actual))),
        trend_mape=mean(np.abs(percentage_errors(trend, actual))),
        mae=float(np.mean(np.abs(forecast - actual)[compared])) if compared.any() else None,
        naive_mae=float(np.mean(np.abs(naive - actual)[compared])) if compared.any() else None,
    )


def straight_line(
    history: np.ndarray, months_before: np.ndarray, months_ahead: np.ndarray
) -> np.ndarray:
    """A least-squares line through `history` (T, ...) observed `months_before` the origin
    (0 = the origin, -1 a month earlier...), read at `months_ahead`; floored at 0.
    One point (or none) is a flat line."""
    history = np.asarray(history, dtype=np.float64)
    x = np.asarray(months_before, dtype=np.float64)
    ahead = np.asarray(months_ahead, dtype=np.float64)
    if len(x) < 2:
        level = history[-1] if len(x) else np.zeros(history.shape[1:])
        return np.broadcast_to(level, (len(ahead), *np.shape(level))).copy()
    xm = x.mean()
    ym = history.mean(axis=0)
    slope = ((x - xm)[:, None] * (history - ym).reshape(len(x), -1)).sum(axis=0) / (
        (x - xm) ** 2
    ).sum()
    slope = slope.reshape(history.shape[1:])
    intercept = ym - slope * xm
    fitted = intercept[None, ...] + slope[None, ...] * ahead.reshape(-1, *([1] * slope.ndim))
    return np.maximum(fitted, 0.0)


@dataclass
class RollingBacktest:
    """Forecasts from every origin at each horizon, beside what happened.

    Arrays are (origins, horizons, categories); the total is kept apart (its band is not the
    sum of the categories' bands). NaN where the target date is after the loaded data.
    """

    reference_months: int
    origins: list[date]
    horizons: tuple[int, ...]
    targets: list[list[date]]  # (O, H)
    forecast: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    actual: np.ndarray
    naive: np.ndarray
    trend: np.ndarray
    total_forecast: np.ndarray  # (O, H)
    total_lower: np.ndarray
    total_upper: np.ndarray

    def series(self, h: int, category: str | None):
        k = self.horizons.index(h)
        if category is None or category == TOTAL:
            actual = self.actual[:, k].sum(axis=1)
            actual = np.where(np.isnan(self.actual[:, k, 0]), np.nan, actual)
            return (
                self.total_forecast[:, k],
                actual,
                self.total_lower[:, k],
                self.total_upper[:, k],
                self.naive[:, k].sum(axis=1),
                self.trend[:, k].sum(axis=1),
            )
        c = stock_flow.CATEGORIES.index(category)
        return (
            self.forecast[:, k, c],
            self.actual[:, k, c],
            self.lower[:, k, c],
            self.upper[:, k, c],
            self.naive[:, k, c],
            self.trend[:, k, c],
        )

    def accuracy(self, horizon: int, category: str | None = None) -> Accuracy:
        return accuracy(*self.series(horizon, category))

    def compared(self, horizon: int) -> list[date]:
        """The origins whose forecast at this horizon could be checked."""
        k = self.horizons.index(horizon)
        return [o for i, o in enumerate(self.origins) if not np.isnan(self.actual[i, k, 0])]

    def band_coverage(self) -> float | None:
        """Share of every (origin, horizon, series) comparison inside its band: the total and
        each category with children on the target date."""
        inside, count = 0, 0
        for h in self.horizons:
            for category in (TOTAL, *stock_flow.CATEGORIES):
                forecast, actual, lower, upper, _, _ = self.series(h, category)
                ok = ~np.isnan(actual) & (actual > 0)
                inside += int(((actual >= lower) & (actual <= upper))[ok].sum())
                count += int(ok.sum())
        return inside / count * 100 if count else None

    def supported_horizon(self) -> int | None:
        """The longest horizon checked from at least MIN_ORIGINS origins."""
        supported = [h for h in self.horizons if len(self.compared(h)) >= MIN_ORIGINS]
        return max(supported) if supported else None

    def as_json(self) -> dict:
        by_horizon = {}
        for h in self.horizons:
            by_horizon[str(h)] = {
                "total": self.accuracy(h).as_json(),
                "by_category": {c: self.accuracy(h, c).as_json() for c in stock_flow.CATEGORIES},
            }
        return {
            "origins": [o.isoformat() for o in self.origins],
            "reference_months": self.reference_months,
            "by_horizon": by_horizon,
        }


def origins_for(
    first_day: date, last_day: date, reference_months: int, horizons=HORIZONS
) -> list[date]:
    """Quarter ends with the full reference period of loaded data before them and at least the
    shortest horizon of data after them, oldest first."""
    earliest = stock_flow.add_months(first_day - pd.Timedelta(days=1).to_pytimedelta(),
                                     reference_months)  # fmt: skip
    latest = stock_flow.add_months(last_day, -min(horizons))
    if latest < earliest:
        return []
    return quarter_ends_between(earliest, latest)


def rolling_backtest(
    episodes: pd.DataFrame,
    header: pd.DataFrame | None,
    *,
    first_day: date,
    last_day: date,
    reference_months: int = 36,
    horizons: tuple[int, ...] = HORIZONS,
    origins: list[date] | None = None,
    draws: int = BACKTEST_DRAWS,
    half_life_months: float | None = stock_flow.HALF_LIFE_MONTHS,
) -> RollingBacktest:
    """Forecast from every origin with only what was known then; compare with what happened.

    `first_day` / `last_day` bound the loaded data: the reference period is never cut (an
    origin needs the whole of it) and a target after `last_day` is not compared.
    """
    prepared = prepare_episodes(episodes)
    if origins is None:
        origins = origins_for(first_day, last_day, reference_months, horizons)
    n_o, n_h, n_c = len(origins), len(horizons), stock_flow.N_CATEGORIES
    shape = (n_o, n_h, n_c)
    forecast, lower, upper = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    actual, naive, trend = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    total_forecast = np.full((n_o, n_h), np.nan)
    total_lower, total_upper = np.full((n_o, n_h), np.nan), np.full((n_o, n_h), np.nan)
    targets = [[stock_flow.add_months(o, h) for h in horizons] for o in origins]

    # Every month end any origin looks back on or forward to, counted once.
    history_dates = {
        stock_flow.add_months(o, -k) for o in origins for k in range(reference_months + 1)
    }
    history_dates = {d for d in history_dates if d >= first_day}
    wanted = sorted(history_dates | {t for row in targets for t in row if t <= last_day})
    at = {d: i for i, d in enumerate(wanted)}
    # (dates x C); with nothing to look at, no row is ever read from it.
    values = (
        stock_flow.observed_series(prepared, wanted).to_numpy(dtype=np.float64)
        if wanted
        else np.zeros((0, n_c))
    )

    longest = max(horizons)
    for i, origin in enumerate(origins):
        counts = stock_flow.observed_counts(
            prepared, header, base_date=origin, reference_months=reference_months,
            earliest=first_day, half_life_months=half_life_months,
        )  # fmt: skip
        months = min(longest, stock_flow.MAX_MONTHS)
        projection = stock_flow.project(counts, months=months, draws=draws)
        back = [
            stock_flow.add_months(origin, -k)
            for k in range(reference_months, -1, -1)
            if stock_flow.add_months(origin, -k) in at
        ]
        months_before = np.array([-_months_between(d, origin) for d in back])
        line = straight_line(values[[at[d] for d in back]], months_before, np.array(horizons))
        for k, h in enumerate(horizons):
            step = h - 1
            forecast[i, k] = projection.by_category[step]
            lower[i, k] = projection.category_lower()[step]
            upper[i, k] = projection.category_upper()[step]
            total_forecast[i, k] = projection.total[step]
            total_lower[i, k] = projection.lower[step]
            total_upper[i, k] = projection.upper[step]
            naive[i, k] = values[at[origin]]
            trend[i, k] = line[k]
            target = targets[i][k]
            if target <= last_day:
                actual[i, k] = values[at[target]]
    return RollingBacktest(
        reference_months=reference_months,
        origins=list(origins),
        horizons=tuple(horizons),
        targets=targets,
        forecast=forecast,
        lower=lower,
        upper=upper,
        actual=actual,
        naive=naive,
        trend=trend,
        total_forecast=total_forecast,
        total_lower=total_lower,
        total_upper=total_upper,
    )


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month
