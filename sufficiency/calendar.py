"""The calendar councils report in: collection and financial years, quarter ends, their labels.

One home for each rule. An SSDA903 collection year runs 1 April to 31 March and is named by the
year it ends in (2025 is "2024-25"); a council's financial year is the same twelve months and is
named here by the year it starts in (2024 is "2024-25"), as budgets are. Quarters are calendar
quarters, which are also financial quarters: they end on 30 June, 30 September, 31 December and
31 March. Nothing here touches the database or the clock: "today" is always passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

QUARTER_END_MONTHS = (3, 6, 9, 12)


def collection_year(on: date) -> int:
    """The SSDA903 collection year holding a date, by the year it ends: 1 Apr 2024 -> 2025."""
    return on.year + 1 if on.month >= 4 else on.year


def financial_year(on: date) -> int:
    """The financial year (April to March) holding a date, by the year it starts."""
    return collection_year(on) - 1


def collection_year_label(year: int) -> str:
    """2025 -> "2024-25": the form the DfE and councils use for a collection year."""
    return f"{year - 1}-{year % 100:02d}"


def financial_year_label(year: int) -> str:
    """2024 -> "2024-25": a financial year named by the year it starts."""
    return collection_year_label(year + 1)


def collection_year_start(year: int) -> date:
    return date(year - 1, 4, 1)


def collection_year_end(year: int) -> date:
    return date(year, 3, 31)


def financial_year_start(on: date) -> date:
    """1 April of the financial year holding a date."""
    return date(financial_year(on), 4, 1)


def last_year_end(today: date) -> date:
    """The last 31 March on or before today: the end of the latest complete collection year."""
    this_year = date(today.year, 3, 31)
    return this_year if today >= this_year else date(today.year - 1, 3, 31)


def latest_complete_collection_year(today: date) -> int:
    """The latest collection year that has ended on or before today."""
    return last_year_end(today).year


def quarter_bounds(on: date) -> tuple[date, date]:
    """First and last day of the calendar quarter holding a date (also a financial quarter)."""
    first_month = 3 * ((on.month - 1) // 3) + 1
    start = date(on.year, first_month, 1)
    end = date(on.year + 1, 1, 1) if first_month == 10 else date(on.year, first_month + 3, 1)
    return start, end - timedelta(days=1)


def quarter_end(on: date) -> date:
    """The last day of the quarter holding a date."""
    return quarter_bounds(on)[1]


def is_quarter_end(on: date) -> bool:
    return quarter_end(on) == on


def last_quarter_end(on: date) -> date:
    """The latest quarter end on or before a date."""
    end = quarter_end(on)
    return end if end == on else quarter_bounds(on)[0] - timedelta(days=1)


def previous_quarter_end(on: date) -> date:
    """The quarter end before the quarter holding a date."""
    return quarter_bounds(on)[0] - timedelta(days=1)


def quarter_ends_between(start: date, end: date) -> list[date]:
    """Every quarter end from `start` to `end` inclusive, oldest first."""
    ends = []
    current = quarter_end(start)
    while current <= end:
        ends.append(current)
        current = quarter_end(current + timedelta(days=1))
    return ends


def quarter_ends_before(on: date, count: int) -> list[date]:
    """The `count` quarter ends up to and including the quarter end `on`, oldest first."""
    ends = [last_quarter_end(on)]
    while len(ends) < count:
        ends.append(previous_quarter_end(ends[-1]))
    return list(reversed(ends))


def financial_quarter(on: date) -> int:
    """1 for April to June ... 4 for January to March."""
    return (on.month - 4) % 12 // 3 + 1


def quarter_label(on: date) -> str:
    """ "Quarter ending 31 December 2024": how a board paper names its quarter."""
    return f"Quarter ending {long_date(quarter_end(on))}"


def short_quarter_label(on: date) -> str:
    """ "Q3 2024-25": the financial quarter and year, for table headings."""
    return f"Q{financial_quarter(on)} {financial_year_label(financial_year(on))}"


def long_date(on: date) -> str:
    """ "31 March 2025", as GOV.UK writes dates (no leading zero, no ordinal)."""
    return f"{on.day} {on:%B %Y}"


def short_date(on: date) -> str:
    """ "31 Mar 2025", for table cells where space is short."""
    return f"{on.day} {on:%b %Y}"


def year_earlier(on: date) -> date:
    """The same day a year before (28 February for 29 February)."""
    try:
        return on.replace(year=on.year - 1)
    except ValueError:
        return on.replace(year=on.year - 1, day=28)


def collection_years(dates):
    """collection_year for a pandas Series of dates at once (missing dates stay missing)."""
    return dates.dt.year + (dates.dt.month >= 4)


def dfe_published_on(year: int, recorded: date | None = None) -> date:
    """The day the DfE's figures for a collection year count as published: the date recorded
    with the imported file when it gives one, else 30 November after the year ends on 31 March
    (its "Children looked after in England" release comes each November)."""
    return recorded if recorded is not None else date(year, 11, 30)


def latest_published_year(on: date, recorded: Mapping[int, date] | None = None) -> int:
    """The latest collection year whose DfE figures were published on or before a date:
    on 31 December 2024 that is 2024 ("2023-24"); 2024-25 waits for 30 November 2025, unless
    `recorded` (collection year -> the publication date its imported file gave) says otherwise."""
    recorded = recorded or {}
    year = on.year
    while dfe_published_on(year, recorded.get(year)) > on:
        year -= 1
    return year
