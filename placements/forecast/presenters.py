"""Formatting the forecast for people: whole children, pounds, rates and explanations."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from placements.cohort.measures import CATEGORY_LABELS
from placements.forecast import stock_flow
from sufficiency.calendar import financial_year_label
from sufficiency.formatting import PER_CHILD_YEAR, count, money, number, per_child_year


def yearly_points(projection: stock_flow.Projection) -> list[int]:
    """Month indexes a year apart (12, 24, ... months on), always including the last."""
    last = len(projection.dates) - 1
    points = list(range(11, last + 1, 12))
    if not points or points[-1] != last:
        points.append(last)
    return points


def rate_rows(counts: stock_flow.Counts) -> list[list[str]]:
    """The estimated rates, per placement type, in words a commissioner reads."""
    table = stock_flow.summary_rates(counts)
    rows = []
    for category, r in table.iterrows():
        if r["child_years"] == 0 and r["entries_per_year"] == 0 and r["stock"] == 0:
            continue
        rows.append(
            [
                CATEGORY_LABELS[category],
                count(r["stock"]),
                number(r["entries_per_year"]),
                per_child_year(r["exit_rate"]),
                per_child_year(r["move_rate"]),
                number(r["mean_stay_years"]),
            ]
        )
    return rows


RATE_HEADINGS = [
    "Placement",
    "Children on the base date",
    "Starting care here a year",
    f"Leaving care ({PER_CHILD_YEAR})",
    f"Moving to another type ({PER_CHILD_YEAR})",
    "Average time in this type (years)",
]


def describe(adjustment) -> str:
    """One line for an adjustment, as the scenario page lists it."""
    category = CATEGORY_LABELS.get(adjustment.category, "")
    to_category = CATEGORY_LABELS.get(adjustment.to_category, "")
    percent_value = float(adjustment.percent)
    number_value = float(adjustment.number)
    start = f"from {adjustment.start:%-d %B %Y}"
    if adjustment.kind == stock_flow.ENTRIES:
        where = f" into {category.lower()}" if category else ""
        return f"Children coming into care{where} {percent_value:+g}% {start}"
    if adjustment.kind == stock_flow.EXITS:
        where = f" from {category.lower()}" if category else ""
        return f"Children leaving care{where} {percent_value:+g}% {start}"
    if adjustment.kind == stock_flow.TRANSITION:
        parts = []
        if number_value:
            parts.append(f"{number_value:g} more children a year")
        if percent_value:
            parts.append(f"today's rate {percent_value:+g}%")
        return f"Move from {category.lower()} to {to_category.lower()}: {', '.join(parts)} {start}"
    return f"In-house share of fostering {percent_value:+g} percentage points {start}"


def cost_rows(
    costs: list[tuple[str, pd.DataFrame]], budgets: dict[int, Decimal]
) -> tuple[list[str], list[list[str]]]:
    years = sorted({int(y) for _, frame in costs for y in frame.index})
    headings = ["Financial year", "Months forecast"] + [name for name, _ in costs] + ["Budget"]
    rows = []
    for year in years:
        months = max(int(frame["months"].get(year, 0)) for _, frame in costs)
        row = [financial_year_label(year), str(months)]
        row += [money(frame["total"].get(year)) for _, frame in costs]
        row.append(money(budgets.get(year)))
        rows.append(row)
    return headings, rows
