"""Pure RAG rules: the straight-line trajectory of a measure, and where a value sits against it.

No ORM and no HTTP here, so each rule is tested with plain numbers and dates.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"  # no value yet

    @property
    def label(self) -> str:
        return {"green": "Green", "amber": "Amber", "red": "Red", "none": "No data"}[self.value]


@dataclass(frozen=True)
class Trajectory:
    baseline_value: float
    baseline_date: date
    target_value: float
    target_date: date
    higher_is_better: bool
    tolerance: float = 0.0

    def expected_on(self, on: date) -> float:
        """The value the straight line from baseline to target expects on a date.

        Before the baseline the baseline is expected; after the target date, the target.
        """
        span = (self.target_date - self.baseline_date).days
        if span <= 0 or on >= self.target_date:
            return self.target_value
        if on <= self.baseline_date:
            return self.baseline_value
        share = (on - self.baseline_date).days / span
        return self.baseline_value + share * (self.target_value - self.baseline_value)

    def gap(self, value: float, on: date) -> float:
        """How far a value is ahead of the trajectory (positive) or behind it (negative)."""
        difference = value - self.expected_on(on)
        return difference if self.higher_is_better else -difference

    def rag(self, value: float | None, on: date | None) -> Rag:
        """Green on or ahead of the line; amber behind it by no more than the tolerance; red
        further behind. A tiny float error never turns a value exactly on the line amber."""
        if value is None or on is None:
            return Rag.NONE
        gap = self.gap(value, on)
        if gap >= -1e-9:
            return Rag.GREEN
        if -gap <= self.tolerance + 1e-9:
            return Rag.AMBER
        return Rag.RED


def is_overdue(*, due: date | None, complete: bool, today: date) -> bool:
    return due is not None and not complete and due < today
