"""Plan targets and scenarios against the forecast: is a target inside what any scenario makes
likely, and where does each scenario end against current trends and their likely range?

Pure: projections and (name, value, date) in, small records out. Which plan measures map to a
forecast figure is `FORECAST_FIGURES`: only counts of children in care are forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from placements.forecast import stock_flow

# Plan measure keys (sufficiency.plan.linked) the forecast projects, and how.
FORECAST_FIGURES = {"cla": "total"}

BELOW, INSIDE, ABOVE = "below", "inside", "above"


@dataclass(frozen=True)
class Reading:
    """A projection's mean and likely range at one month end."""

    name: str
    mean: float
    lower: float
    upper: float

    def position(self, value: float) -> str:
        if value < self.lower:
            return BELOW
        if value > self.upper:
            return ABOVE
        return INSIDE


@dataclass(frozen=True)
class TargetCheck:
    name: str
    target: float
    target_date: date
    month_end: date | None  # the forecast month end read (None: outside the forecast)
    readings: tuple[Reading, ...]  # current trends first, then each scenario
    reason: str = ""  # why there is no reading: "past" or "beyond"

    @property
    def baseline(self) -> Reading | None:
        return self.readings[0] if self.readings else None

    @property
    def reachable(self) -> bool | None:
        """Inside the likely range of at least one projection (None: nothing to compare)."""
        if not self.readings:
            return None
        return any(r.position(self.target) == INSIDE for r in self.readings)


def reading_at(projection: stock_flow.Projection, on: date) -> tuple[date, Reading] | None:
    """The projection at the last month end on or before `on` (None before the first)."""
    index = None
    for k, d in enumerate(projection.dates):
        if d <= on:
            index = k
    if index is None:
        return None
    return projection.dates[index], Reading(
        projection.name,
        float(projection.total[index]),
        float(projection.lower[index]),
        float(projection.upper[index]),
    )


def check_target(
    name: str, target: float, target_date: date, projections: list[stock_flow.Projection]
) -> TargetCheck:
    """A target against current trends (projections[0]) and each scenario at its date."""
    baseline = projections[0]
    if target_date <= baseline.base_date:
        return TargetCheck(name, target, target_date, None, (), reason="past")
    if target_date > baseline.dates[-1] or reading_at(baseline, target_date) is None:
        return TargetCheck(name, target, target_date, None, (), reason="beyond")
    readings = []
    month_end = None
    for projection in projections:
        found = reading_at(projection, target_date)
        if found is None:  # a projection starts later than the target: nothing to read
            continue
        month_end, reading = found
        readings.append(reading)
    return TargetCheck(name, target, target_date, month_end, tuple(readings))


def end_points(projections: list[stock_flow.Projection]) -> list[tuple[Reading, str]]:
    """Each scenario's end point and where it falls against current trends' likely range."""
    baseline = projections[0]
    end = baseline.dates[-1]
    found = reading_at(baseline, end)
    if found is None:
        return []
    base = found[1]
    rows = []
    for projection in projections[1:]:
        at_end = reading_at(projection, end)
        if at_end is not None:
            rows.append((at_end[1], base.position(at_end[1].mean)))
    return rows
