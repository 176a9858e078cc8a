"""Formatting the forecast for people: whole children, pounds, rates and explanations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd

from placements.cohort.measures import CATEGORY_LABELS
from placements.forecast import stock_flow
from sufficiency.calendar import financial_year_label
from sufficiency.exports import money_cell
from sufficiency.formatting import PER_CHILD_YEAR, count, number, per_child_year

# The "How is this calculated?" notes under the forecast's and the costs page's figures.
DEFINITIONS = {
    "forecast": (
        "Children move between states: their type of placement and age band (under 1, 1 to 4, 5 to"
        " 9, 10 to 15, 16, 17: a year at a time near 18, when care ends, so the model knows who is"
        " about to leave). Over the months before the forecast date we count, for each state, how "
        "many days children spent in it and how many came into care, left care, moved to another "
        "type of placement or had a birthday into the next age band, and divide: a rate per day. "
        "Recent months count more than earlier ones (a day a year before the forecast date counts "
        "half), so the rates follow a change sooner. The forecast moves the children in care on "
        "the forecast date through those rates a day at a time, with new children arriving at the "
        "same rate. The likely range is the forecast plus or minus two standard deviations: the "
        "chance in who comes and goes, and the uncertainty in rates learnt from a limited number "
        "of children."
    ),
    "projected_spend": (
        "Each month costs the children forecast in each type of placement (the average of the "
        "month's start and end) times the weekly cost times the month's days divided by 7. Costs "
        "are at the forecast date's prices and rise by the inflation rate on each anniversary of "
        "it. A month counts in the financial year its last day falls in."
    ),
}


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
) -> tuple[list[str], list[list]]:
    """Spend by financial year, one column per projection, and the budget, as typed cells that
    print as money and download as numbers. A year the forecast covers only in part says which
    months ("2025-26 (October to March)"), so its spend is not read against a whole year's
    budget."""
    years = sorted({int(y) for _, frame in costs for y in frame.index})
    headings = ["Financial year"] + [name for name, _ in costs] + ["Budget"]
    rows = []
    for n, year in enumerate(years):
        months = max(int(frame["months"].get(year, 0)) for _, frame in costs)
        row: list = [financial_year_label(year) + _part_of_year(months, first=n == 0)]
        row += [money_cell(frame["total"].get(year)) for _, frame in costs]
        row.append(money_cell(budgets.get(year)))
        rows.append(row)
    return headings, rows


def _part_of_year(months: int, *, first: bool) -> str:
    """ " (October to March)": the months of a financial year (April to March) a forecast covers,
    its last months when it is the forecast's first year, else its first months."""
    if months >= 12 or months <= 0:
        return ""
    if months == 1:
        return " (March only)" if first else " (April only)"
    if first:
        start = date(2000, (3 + 12 - months) % 12 + 1, 1)
        return f" ({start:%B} to March)"
    end = date(2000, (3 + months - 1) % 12 + 1, 1)
    return f" (April to {end:%B})"
