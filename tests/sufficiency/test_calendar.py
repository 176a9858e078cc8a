"""The calendar: collection and financial years, quarter ends and their labels, worked by hand."""

from datetime import date

import pytest

from sufficiency import calendar


@pytest.mark.parametrize(
    "on,collection,financial",
    [
        # A collection year runs 1 April to 31 March and is named by the year it ends in; a
        # financial year is the same twelve months named by the year it starts in.
        (date(2024, 3, 31), 2024, 2023),
        (date(2024, 4, 1), 2025, 2024),
        (date(2024, 12, 31), 2025, 2024),
        (date(2025, 1, 1), 2025, 2024),
        (date(2024, 2, 29), 2024, 2023),
    ],
)
def test_collection_and_financial_year_of_a_date(on, collection, financial):
    assert calendar.collection_year(on) == collection
    assert calendar.financial_year(on) == financial


@pytest.mark.parametrize(
    "year,label", [(2025, "2024-25"), (2000, "1999-00"), (2010, "2009-10"), (2100, "2099-00")]
)
def test_collection_year_label(year, label):
    assert calendar.collection_year_label(year) == label


def test_financial_year_label_is_named_by_its_start():
    # Financial year 2024 starts 1 April 2024: the same twelve months as collection year 2025.
    assert calendar.financial_year_label(2024) == "2024-25"
    assert calendar.financial_year_label(1999) == "1999-00"


def test_collection_year_bounds():
    assert calendar.collection_year_start(2025) == date(2024, 4, 1)
    assert calendar.collection_year_end(2025) == date(2025, 3, 31)


@pytest.mark.parametrize(
    "on,start",
    [
        (date(2024, 4, 1), date(2024, 4, 1)),
        (date(2025, 3, 31), date(2024, 4, 1)),
        (date(2024, 2, 29), date(2023, 4, 1)),
    ],
)
def test_financial_year_start(on, start):
    assert calendar.financial_year_start(on) == start


@pytest.mark.parametrize(
    "today,end,year",
    [
        (date(2025, 3, 31), date(2025, 3, 31), 2025),  # the day itself counts
        (date(2025, 3, 30), date(2024, 3, 31), 2024),
        (date(2025, 4, 1), date(2025, 3, 31), 2025),
        (date(2024, 2, 29), date(2023, 3, 31), 2023),
    ],
)
def test_last_year_end_and_latest_complete_collection_year(today, end, year):
    assert calendar.last_year_end(today) == end
    assert calendar.latest_complete_collection_year(today) == year


@pytest.mark.parametrize(
    "on,bounds",
    [
        (date(2024, 1, 1), (date(2024, 1, 1), date(2024, 3, 31))),
        (date(2024, 2, 29), (date(2024, 1, 1), date(2024, 3, 31))),
        (date(2024, 3, 31), (date(2024, 1, 1), date(2024, 3, 31))),
        (date(2024, 4, 1), (date(2024, 4, 1), date(2024, 6, 30))),
        (date(2024, 9, 30), (date(2024, 7, 1), date(2024, 9, 30))),
        (date(2024, 10, 1), (date(2024, 10, 1), date(2024, 12, 31))),
        (date(2024, 12, 31), (date(2024, 10, 1), date(2024, 12, 31))),
    ],
)
def test_quarter_bounds_and_end(on, bounds):
    assert calendar.quarter_bounds(on) == bounds
    assert calendar.quarter_end(on) == bounds[1]


@pytest.mark.parametrize(
    "on,is_end",
    [
        (date(2025, 3, 31), True),
        (date(2025, 6, 30), True),
        (date(2025, 9, 30), True),
        (date(2025, 12, 31), True),
        (date(2025, 3, 30), False),
        (date(2024, 2, 29), False),
        (date(2025, 4, 1), False),
    ],
)
def test_is_quarter_end(on, is_end):
    assert calendar.is_quarter_end(on) is is_end


@pytest.mark.parametrize(
    "on,last,previous",
    [
        # On a quarter end the last quarter end is that day; the previous is the one before.
        (date(2025, 3, 31), date(2025, 3, 31), date(2024, 12, 31)),
        (date(2025, 4, 1), date(2025, 3, 31), date(2025, 3, 31)),
        (date(2025, 1, 15), date(2024, 12, 31), date(2024, 12, 31)),
        (date(2024, 2, 29), date(2023, 12, 31), date(2023, 12, 31)),
        (date(2024, 12, 31), date(2024, 12, 31), date(2024, 9, 30)),
    ],
)
def test_last_and_previous_quarter_end(on, last, previous):
    assert calendar.last_quarter_end(on) == last
    assert calendar.previous_quarter_end(on) == previous


def test_quarter_ends_between_includes_both_ends():
    assert calendar.quarter_ends_between(date(2024, 3, 31), date(2024, 12, 31)) == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]
    # From mid-quarter: the first end is that quarter's; an end after `end` is left out.
    assert calendar.quarter_ends_between(date(2024, 2, 29), date(2024, 9, 29)) == [
        date(2024, 3, 31),
        date(2024, 6, 30),
    ]
    assert calendar.quarter_ends_between(date(2024, 4, 1), date(2024, 6, 29)) == []


def test_quarter_ends_before_counts_back_from_the_last_quarter_end():
    assert calendar.quarter_ends_before(date(2025, 3, 31), 5) == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
        date(2025, 3, 31),
    ]
    # Mid-quarter, the count starts at the quarter end before.
    assert calendar.quarter_ends_before(date(2025, 5, 1), 2) == [
        date(2024, 12, 31),
        date(2025, 3, 31),
    ]
    assert calendar.quarter_ends_before(date(2025, 3, 31), 1) == [date(2025, 3, 31)]


@pytest.mark.parametrize(
    "on,quarter,short",
    [
        (date(2024, 4, 1), 1, "Q1 2024-25"),
        (date(2024, 6, 30), 1, "Q1 2024-25"),
        (date(2024, 7, 1), 2, "Q2 2024-25"),
        (date(2024, 12, 31), 3, "Q3 2024-25"),
        (date(2025, 1, 1), 4, "Q4 2024-25"),
        (date(2024, 2, 29), 4, "Q4 2023-24"),
        (date(2025, 3, 31), 4, "Q4 2024-25"),
    ],
)
def test_financial_quarter_and_short_label(on, quarter, short):
    assert calendar.financial_quarter(on) == quarter
    assert calendar.short_quarter_label(on) == short


def test_quarter_label_names_the_quarter_end():
    assert calendar.quarter_label(date(2024, 11, 5)) == "Quarter ending 31 December 2024"
    assert calendar.quarter_label(date(2024, 2, 29)) == "Quarter ending 31 March 2024"


@pytest.mark.parametrize(
    "on,long,short",
    [
        (date(2025, 3, 31), "31 March 2025", "31 Mar 2025"),
        (date(2025, 4, 1), "1 April 2025", "1 Apr 2025"),  # no leading zero
        (date(2024, 2, 29), "29 February 2024", "29 Feb 2024"),
        (date(2024, 9, 7), "7 September 2024", "7 Sep 2024"),
    ],
)
def test_long_and_short_dates(on, long, short):
    assert calendar.long_date(on) == long
    assert calendar.short_date(on) == short


@pytest.mark.parametrize(
    "on,earlier",
    [
        (date(2025, 3, 31), date(2024, 3, 31)),
        (date(2024, 2, 29), date(2023, 2, 28)),  # no 29 February in 2023
        (date(2025, 2, 28), date(2024, 2, 28)),  # not the 29th, though 2024 has one
        (date(2025, 1, 1), date(2024, 1, 1)),
    ],
)
def test_year_earlier(on, earlier):
    assert calendar.year_earlier(on) == earlier
