"""Figures for people: one rule for each kind of number, as the GOV.UK style guide writes them.

Counts have thousands separators ("81,770"); percentages and rates have one decimal place
("19.3%", "103.2"); money is whole pounds ("£6,782"), with pence for small weekly prices
("£852.50") and "m" for millions ("£56.3m"); a change carries its sign, with a true minus sign
("+18", "−18"). A figure that is not known prints as an en dash, so a missing value never reads
as nought. Templates use the same functions through the `formatting` template filters.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

NOT_KNOWN = "–"
MINUS = "−"


def is_missing(value: Any) -> bool:
    """None, NaN and pandas' NA are all "not known"."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    # pandas.NA and NaT compare to nothing; avoid importing pandas for the check.
    return type(value).__name__ in {"NAType", "NaTType"}


def count(value: Any) -> str:
    """A whole number of children, places or providers: "1,234"."""
    if is_missing(value):
        return NOT_KNOWN
    return f"{round(float(value)):,}"


def number(value: Any, places: int = 1) -> str:
    """A count when it is whole, else a number to `places` decimal places: "2.5", "1,234"."""
    if is_missing(value):
        return NOT_KNOWN
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.{places}f}"


def percent(value: Any, places: int = 1) -> str:
    """A percentage already multiplied by 100: 19.25 -> "19.3%"."""
    if is_missing(value):
        return NOT_KNOWN
    return f"{float(value):.{places}f}%"


def share(part: Any, whole: Any) -> str:
    """part as a percentage of whole: "19.3%", or "–" when whole is nothing."""
    if is_missing(part) or is_missing(whole) or not whole:
        return NOT_KNOWN
    return percent(100 * float(part) / float(whole))


def rate(value: Any) -> str:
    """A rate per 10,000 children: "103.2"."""
    if is_missing(value):
        return NOT_KNOWN
    return f"{float(value):,.1f}"


PER_CHILD_YEAR = "per child-year"


def per_child_year(value: Any) -> str:
    """Events for each year a child spends in a state: 0.2 -> "0.20", 50.73 -> "50.7".

    Two decimal places below 10 (so once in five years reads "0.20"), one above; the unit,
    PER_CHILD_YEAR, is named in the heading or beside the figure, never left to a "%".
    """
    if is_missing(value):
        return NOT_KNOWN
    value = float(value)
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"


def money(value: Any, *, pence: bool = False) -> str:
    """Pounds: "£6,782"; "£56.3m" from a million; with `pence`, "£852.50" below £10,000."""
    if is_missing(value):
        return NOT_KNOWN
    amount = abs(float(value))
    if amount >= 1e6:
        text = f"£{amount / 1e6:,.1f}m"
    elif pence and amount < 10_000:
        text = f"£{amount:,.2f}"
    else:
        text = f"£{amount:,.0f}"
    # The sign goes on what is printed, so -£0.40 in whole pounds is "£0", not a negative nought.
    negative = float(value) < 0 and any(c in "123456789" for c in text)
    return f"{MINUS}{text}" if negative else text


def signed(value: Any, places: int = 0) -> str:
    """A change with its sign and a true minus: "+18", "−18", "0"; "+1.5" with places=1."""
    if is_missing(value):
        return NOT_KNOWN
    value = round(float(value), places)
    if value == 0:
        return "0" if places == 0 else f"{0:.{places}f}"
    text = f"{abs(value):,.{places}f}"
    return f"+{text}" if value > 0 else f"{MINUS}{text}"


def signed_percent(value: Any, places: int = 1) -> str:
    """A percentage change: "+1.7%", "−10.0%"."""
    if is_missing(value):
        return NOT_KNOWN
    return f"{signed(value, places)}%"


def plain(value: Any) -> float | int | None:
    """A figure as a plain number for CSV and XLSX cells: Decimal to float, missing to None."""
    if is_missing(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float):
        return value
    return value
