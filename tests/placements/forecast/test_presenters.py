"""The forecast for people: whole children, pounds, changes described, rates and costs."""

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from placements.forecast import presenters, stock_flow
from placements.forecast.models import Adjustment
from sufficiency.formatting import money
from tests.placements.forecast.projections import S, state


@pytest.mark.parametrize(
    "value,text",
    [
        (None, "–"),
        (math.nan, "–"),
        (15_000_000, "£15.0m"),
        (30_049_999, "£30.0m"),
        (1_000_000, "£1.0m"),
        (999_999.4, "£999,999"),
        (852.5, "£852"),  # whole pounds, half to even
    ],
)
def test_money(value, text):
    assert money(value) == text


@pytest.mark.parametrize(
    "months,points",
    [(36, [11, 23, 35]), (30, [11, 23, 29]), (12, [11]), (6, [5]), (1, [0])],
)
def test_yearly_points_a_year_apart_and_the_last(months, points):
    dates = [date(2025, 4, 30)] * months
    assert presenters.yearly_points(type("P", (), {"dates": dates})()) == points


def adjustment(**fields) -> Adjustment:
    return Adjustment(start=date(2026, 4, 1), **fields)


@pytest.mark.parametrize(
    "fields,line",
    [
        ({"kind": "entries", "percent": -10}, "Children coming into care -10% from 1 April 2026"),
        (
            {"kind": "entries", "percent": 5, "category": "childrens_home"},
            "Children coming into care into children's home +5% from 1 April 2026",
        ),
        (
            {"kind": "exits", "percent": 12.5, "category": "ifa_foster"},
            "Children leaving care from fostering: independent agency +12.5% from 1 April 2026",
        ),
        (
            {"kind": "transition", "category": "childrens_home", "to_category": "inhouse_foster",
             "number": 6, "percent": 0},
            "Move from children's home to fostering: in-house: 6 more children a year "
            "from 1 April 2026",
        ),
        (
            {"kind": "transition", "category": "childrens_home", "to_category": "ifa_foster",
             "number": 2.5, "percent": -20},
            "Move from children's home to fostering: independent agency: 2.5 more children a "
            "year, today's rate -20% from 1 April 2026",
        ),
        (
            {"kind": "inhouse_share", "percent": 15},
            "In-house share of fostering +15 percentage points from 1 April 2026",
        ),
    ],
)  # fmt: skip
def test_describe_an_adjustment(fields, line):
    assert presenters.describe(adjustment(**fields)) == line


def test_rate_rows_in_words_a_commissioner_reads():
    kinship = state("kinship_foster")
    home = state("childrens_home")
    # A year (365 days) of reference; kinship: 10 child-years, 5 entries, 2 left care, 1 moved
    # to a children's home, 10 in care now. Exit rate 2/10 = 20%, moves 1/10 = 10% a year:
    # average stay 1 / (0.2 + 0.1) = 3.3 years. The home: 1 child for 0.5 years, nobody left.
    exposure = np.zeros(S)
    exposure[kinship] = 10 * 365.25
    exposure[home] = 0.5 * 365.25
    entries = np.zeros(S)
    entries[kinship] = 5
    moves = np.zeros((S, S + 1))
    moves[kinship, stock_flow.OUT] = 2
    moves[kinship, home] = 1
    stock = np.zeros(S)
    stock[kinship] = 10
    stock[home] = 1
    counts = stock_flow.Counts(
        base_date=date(2025, 3, 31), reference_start=date(2024, 4, 1), days=365,
        exposure=exposure, entries=entries, moves=moves, ageing=np.zeros(S), stock=stock,
    )  # fmt: skip
    rows = presenters.rate_rows(counts)
    # 5 entries in 365 days: 5 x 365.25 / 365 = 5.003 -> 5.0 a year. Rates per child-year,
    # not percentages: 2 left over 10 child-years = 0.20.
    assert rows == [
        ["Fostering: kinship", "10", "5.0", "0.20", "0.10", "3.3"],
        ["Children's home", "1", "0", "0.00", "0.00", "–"],
    ]
    assert presenters.RATE_HEADINGS[3] == "Leaving care (per child-year)"
    assert len(presenters.RATE_HEADINGS) == len(rows[0])


def test_cost_rows_by_financial_year_with_budgets():
    years = [2025, 2026]
    trends = pd.DataFrame({"months": [12, 6], "total": [15_000_000.0, 7_600_000.0]}, index=years)
    edge = pd.DataFrame({"months": [12, 6], "total": [14_960_000.0, np.nan]}, index=years)
    headings, rows = presenters.cost_rows(
        [("Current trends", trends), ("Edge of care", edge)], {2025: 30_000_000}
    )
    assert headings == [
        "Financial year",
        "Current trends",
        "Edge of care",
        "Budget",
    ]
    assert [[str(c) for c in row] for row in rows] == [
        ["2025-26", "£15.0m", "£15.0m", "£30.0m"],
        # The forecast's last year, six months of it: April to September.
        ["2026-27 (April to September)", "£7.6m", "–", "–"],
    ]
    # Typed for downloads: money in pounds, unknown empty.
    assert [(c.value, c.kind) for c in rows[1][1:]] == [
        (7_600_000.0, "money"), (None, "money"), (None, "money"),
    ]  # fmt: skip


def test_part_of_a_financial_year_in_words():
    # A forecast from 30 September covers October to March of its first year, and April to
    # September of its last.
    assert presenters._part_of_year(6, first=True) == " (October to March)"
    assert presenters._part_of_year(6, first=False) == " (April to September)"
    assert presenters._part_of_year(1, first=True) == " (March only)"
    assert presenters._part_of_year(1, first=False) == " (April only)"
    assert presenters._part_of_year(12, first=True) == ""
