"""Measures of the strategy that take their values from the data (docs MEASURES.md).

`extract(data, key)` is pure: it reads one figure from the headline measures object that
`placements.cohort.selectors.headline_measures` returns, so it is tested with a dict literal.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


def at_path(data: dict | None, path: str) -> Any:
    """The value at a dotted path such as "three_plus_placements.percent", or None."""
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def path(dotted: str) -> Callable[[dict | None], float | None]:
    return lambda data: _number(at_path(data, dotted))


def percent_of(numerator: str, denominator: str) -> Callable[[dict | None], float | None]:
    """A percentage rounded to 1 place, None when the denominator is 0, as MEASURES.md says."""

    def extract(data: dict | None) -> float | None:
        top, bottom = _number(at_path(data, numerator)), _number(at_path(data, denominator))
        if top is None or not bottom:
            return None
        return round(100 * top / bottom, 1)

    return extract


@dataclass(frozen=True)
class LinkedMeasure:
    key: str
    label: str
    unit: str  # a plan.models.Unit value
    extract: Callable[[dict | None], float | None]


LINKED_MEASURES: dict[str, LinkedMeasure] = {
    m.key: m
    for m in [
        LinkedMeasure("cla", "Children looked after", "number", path("cla")),
        LinkedMeasure(
            "rate_per_10k", "Children looked after per 10,000", "rate", path("rate_per_10k")
        ),
        LinkedMeasure(
            "started", "Children who started to be looked after", "number", path("started")
        ),
        LinkedMeasure("ceased", "Children who ceased to be looked after", "number", path("ceased")),
        LinkedMeasure("uasc", "Unaccompanied asylum-seeking children", "number", path("uasc")),
        LinkedMeasure(
            "three_plus_placements",
            "Children with 3 or more placements in the year (%)",
            "percent",
            path("three_plus_placements.percent"),
        ),
        LinkedMeasure(
            "long_term_stability",
            "Long-term placement stability (%)",
            "percent",
            path("long_term_stability.percent"),
        ),
        LinkedMeasure(
            "over_20_miles",
            "Children placed more than 20 miles from home (%)",
            "percent",
            path("over_20_miles.percent"),
        ),
        LinkedMeasure(
            "care_leavers_17_18_suitable",
            "Care leavers aged 17-18 in suitable accommodation (%)",
            "percent",
            percent_of("care_leavers.17_18.suitable_accommodation", "care_leavers.17_18.cohort"),
        ),
        LinkedMeasure(
            "care_leavers_19_21_suitable",
            "Care leavers aged 19-21 in suitable accommodation (%)",
            "percent",
            percent_of("care_leavers.19_21.suitable_accommodation", "care_leavers.19_21.cohort"),
        ),
        LinkedMeasure(
            "care_leavers_17_18_eet",
            "Care leavers aged 17-18 in education, employment or training (%)",
            "percent",
            percent_of("care_leavers.17_18.eet", "care_leavers.17_18.cohort"),
        ),
        LinkedMeasure(
            "care_leavers_19_21_eet",
            "Care leavers aged 19-21 in education, employment or training (%)",
            "percent",
            percent_of("care_leavers.19_21.eet", "care_leavers.19_21.cohort"),
        ),
    ]
}

LINKED_CHOICES = [("", "Entered by hand")] + [(k, m.label) for k, m in LINKED_MEASURES.items()]


def extract(data: dict | None, key: str) -> float | None:
    measure = LINKED_MEASURES.get(key)
    return measure.extract(data) if measure else None


def reference_date(today: date) -> date:
    """The date to ask the data for: the last 31 March on or before today.

    SSDA903 returns cover years ending 31 March, so a figure at a later date would count
    episodes the data cannot yet have closed; care leaver figures exist only for a 31 March.
    """
    year = today.year if (today.month, today.day) >= (3, 31) else today.year - 1
    return date(year, 3, 31)
