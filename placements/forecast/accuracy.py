"""The rolling backtest and the targets check in words and tables, as the forecast page, the
`forecast` command and the strategy document show them.

A percentage error on a handful of children says little, so a type of placement is shown when
on average at least MIN_CHILDREN children were in it on the dates checked.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from placements.cohort.measures import CATEGORY_LABELS
from placements.forecast import stock_flow, targets
from placements.forecast.backtest import HORIZONS, TOTAL, Accuracy, RollingBacktest
from sufficiency.calendar import long_date
from sufficiency.formatting import count, percent, signed_percent

MIN_CHILDREN = 10
YEAR_AHEAD = 12

BEATS_BOTH = "Better than both"
BEATS_NAIVE = "Better than keeping today's number only"
BEATS_TREND = "Better than the trend only"
BEATS_NEITHER = "Not better than either"


def label(category: str) -> str:
    return "All children in care" if category == TOTAL else CATEGORY_LABELS[category]


def verdict(acc: Accuracy) -> str:
    if acc.mape is None:
        return "–"
    if acc.beats_naive and acc.beats_trend:
        return BEATS_BOTH
    if acc.beats_naive:
        return BEATS_NAIVE
    if acc.beats_trend:
        return BEATS_TREND
    return BEATS_NEITHER


def shown_categories(rolling: RollingBacktest, horizon: int) -> list[str]:
    """Types of placement with on average at least MIN_CHILDREN children on the dates checked."""
    k = rolling.horizons.index(horizon)
    actual = rolling.actual[:, k, :]
    compared = ~np.isnan(actual[:, 0])
    if not compared.any():
        return []
    average = actual[compared].mean(axis=0)
    return [c for i, c in enumerate(stock_flow.CATEGORIES) if average[i] >= MIN_CHILDREN]


def horizon_tables(rolling: RollingBacktest) -> list[dict]:
    """One table per horizon: the total and each type shown, model against both rules."""
    tables = []
    for h in rolling.horizons:
        compared = rolling.compared(h)
        if not compared:
            continue
        rows = []
        for category in (TOTAL, *shown_categories(rolling, h)):
            acc = rolling.accuracy(h, category)
            rows.append(
                {
                    "key": category,
                    "label": label(category),
                    "mape": percent(acc.mape),
                    "bias": signed_percent(acc.bias),
                    "coverage": percent(acc.coverage, 0),
                    "naive": percent(acc.naive_mape),
                    "trend": percent(acc.trend_mape),
                    "verdict": verdict(acc),
                    "beats_both": bool(acc.beats_naive and acc.beats_trend),
                }
            )
        tables.append(
            {
                "horizon": h,
                "forecasts": len(compared),
                "first": compared[0],
                "last": compared[-1],
                "rows": rows,
                "summary": horizon_summary(rolling, h),
            }
        )
    return tables


def horizon_summary(rolling: RollingBacktest, horizon: int) -> str:
    """Whether the model beats both simple rules at a horizon, for the total and the types."""
    total = rolling.accuracy(horizon)
    if total.mape is None:
        return ""
    types = shown_categories(rolling, horizon)
    beaten = [c for c in types if verdict(rolling.accuracy(horizon, c)) == BEATS_BOTH]
    lost = [label(c).lower() for c in types if c not in beaten]
    if total.beats_naive and total.beats_trend:
        first = (
            f"For all children in care the forecast {horizon} months ahead did better than both "
        )
        first += "simple rules"
    else:
        first = f"For all children in care the forecast {horizon} months ahead did not beat "
        first += (
            "either simple rule"
            if not total.beats_naive and not total.beats_trend
            else "keeping today's number"
            if not total.beats_naive
            else "the straight-line trend"
        )
    text = f"{first} (out by {percent(total.mape)} on average)."
    if types:
        text += f" It did better than both for {len(beaten)} of {len(types)} types of placement"
        text += f"; not for {_join(lost)}." if lost else "."
    return text


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def year_ahead_sentence(rolling: RollingBacktest | None, category: str = TOTAL) -> str | None:
    """ "Forecasts made a year ahead were within X% for this type over the last N quarters":
    X is the largest error of those forecasts, so the sentence is true of every one of them."""
    if rolling is None or YEAR_AHEAD not in rolling.horizons:
        return None
    forecast, actual = rolling.series(YEAR_AHEAD, category)[:2]
    ok = ~np.isnan(actual) & (actual > 0)
    if not ok.any():
        return None
    errors = np.abs(forecast[ok] - actual[ok]) / actual[ok] * 100
    origins = [o for o, keep in zip(rolling.origins, ok, strict=True) if keep]
    what = "all children in care" if category == TOTAL else f"{label(category).lower()} placements"
    quarters = f"the last {len(origins)} quarter ends" if len(origins) > 1 else "one quarter end"
    return (
        f"For {what}, forecasts made a year ahead, from each of {quarters} "
        f"({long_date(origins[0])} to {long_date(origins[-1])}), were within "
        f"{percent(float(errors.max()), 0)} of what happened ({percent(float(errors.mean()))} "
        "out on average)."
    )


def horizon_note(rolling: RollingBacktest | None, months: int, base_date: date) -> str | None:
    """Beyond the longest horizon the backtest checked, say why the range is wide."""
    supported = rolling.supported_horizon() if rolling is not None else None
    if supported is not None and months <= supported:
        return None
    if supported is None:
        return (
            "There is not yet enough history to check this forecast against what happened, so "
            "the likely range is all there is to go on: it is wide because each month adds the "
            "chance in who comes and goes to the uncertainty in rates learnt from a limited "
            "number of children."
        )
    limit = stock_flow.add_months(base_date, supported)
    return (
        f"Forecasts have been checked against what happened up to {supported} months ahead. "
        f"Beyond {long_date(limit)} this forecast is not backed by that check, and its likely "
        "range is wide for a reason: each month adds the chance in who comes and goes to the "
        "uncertainty in the rates, and changes in policy or practice the data cannot know about "
        "count for more the further ahead you look. Read it as a range to plan within, not a "
        "prediction."
    )


def what_checks_need(reference_months: int, first_day: date, last_day: date) -> str:
    """Why there is no rolling backtest, and what would give one."""
    return (
        f"Checking the forecast needs {reference_months} months of data before a quarter end "
        f"and at least {min(HORIZONS)} months after it; the data loaded runs from "
        f"{long_date(first_day)} to {long_date(last_day)}. A shorter reference period allows "
        "more checks."
    )


def target_rows(checks: list[targets.TargetCheck]) -> list[dict]:
    rows = []
    for check in checks:
        row = {
            "name": check.name,
            "target": count(check.target),
            "date": long_date(check.target_date),
            "reachable": check.reachable,
        }
        if check.reason == "past":
            row["text"] = "The target date is not after the forecast's base date."
        elif check.reason == "beyond":
            row["text"] = "The target date is after the end of the forecast."
        else:
            base = check.baseline
            assert base is not None  # a check with no reason has read the forecast
            row["forecast"] = count(base.mean)
            row["range"] = f"{count(base.lower)} to {count(base.upper)}"
            row["text"] = _target_words(check)
        rows.append(row)
    return rows


def _target_words(check: targets.TargetCheck) -> str:
    base = check.baseline
    assert base is not None and check.month_end is not None  # only checks that read the forecast
    on = long_date(check.month_end)
    where = {
        targets.BELOW: "below the likely range",
        targets.ABOVE: "above the likely range",
        targets.INSIDE: "inside the likely range",
    }[base.position(check.target)]
    text = f"On current trends {count(base.mean)} by {on}; the target is {where}."
    inside = [r.name for r in check.readings[1:] if r.position(check.target) == targets.INSIDE]
    if check.reachable:
        if inside:
            text += f" Inside the likely range of {_join(inside)}."
        return text
    scenarios = len(check.readings) - 1
    return (
        text
        + " Outside the likely range of current trends"
        + (f" and of every scenario compared ({scenarios})" if scenarios else "")
        + ": the plans as modelled do not reach this target."
    )


def end_point_rows(projections: list[stock_flow.Projection]) -> list[dict]:
    rows = []
    for reading, position in targets.end_points(projections):
        rows.append(
            {
                "name": reading.name,
                "mean": count(reading.mean),
                "range": f"{count(reading.lower)} to {count(reading.upper)}",
                "position": {
                    targets.BELOW: "Below the likely range of current trends",
                    targets.ABOVE: "Above the likely range of current trends",
                    targets.INSIDE: "Inside the likely range of current trends",
                }[position],
            }
        )
    return rows
