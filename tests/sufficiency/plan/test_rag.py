"""The RAG rules, worked by hand with round numbers."""

from datetime import date

import pytest

from sufficiency.calendar import quarter_bounds
from sufficiency.plan import linked
from sufficiency.plan.rag import Rag, Trajectory, is_overdue

# Foster households: 100 on 1 Jan 2025, target 130 on 1 Jan 2028 (1,095 days). Halfway
# (2 Jul 2026, day 547.5 -> 547) the line expects 100 + 30 x 547/1095 = 114.99.
HIGHER = Trajectory(
    baseline_value=100,
    baseline_date=date(2025, 1, 1),
    target_value=130,
    target_date=date(2028, 1, 1),
    higher_is_better=True,
    tolerance=5,
)
# Children in care: 600 down to 540, lower is better, 10 either way is amber.
LOWER = Trajectory(
    baseline_value=600,
    baseline_date=date(2025, 1, 1),
    target_value=540,
    target_date=date(2028, 1, 1),
    higher_is_better=False,
    tolerance=10,
)
HALFWAY = date(2026, 7, 2)


def test_expected_value_follows_a_straight_line():
    assert HIGHER.expected_on(date(2025, 1, 1)) == 100
    assert HIGHER.expected_on(date(2028, 1, 1)) == 130
    assert HIGHER.expected_on(HALFWAY) == pytest.approx(100 + 30 * 547 / 1095)
    assert LOWER.expected_on(HALFWAY) == pytest.approx(600 - 60 * 547 / 1095)


def test_before_the_baseline_and_after_the_target_the_ends_hold():
    assert HIGHER.expected_on(date(2024, 6, 1)) == 100
    assert HIGHER.expected_on(date(2029, 6, 1)) == 130


@pytest.mark.parametrize(
    "value,rag",
    [
        (130, Rag.GREEN),  # well ahead
        (115, Rag.GREEN),  # just ahead of 114.99
        (112, Rag.AMBER),  # 2.99 behind, within the tolerance of 5
        (109.99, Rag.AMBER),  # exactly 5 behind
        (109, Rag.RED),  # 5.99 behind
        (None, Rag.NONE),
    ],
)
def test_higher_is_better(value, rag):
    assert HIGHER.rag(value, HALFWAY) == rag


@pytest.mark.parametrize(
    "value,rag",
    [
        (560, Rag.GREEN),  # fewer than the 570.03 expected: ahead
        (575, Rag.AMBER),  # 4.97 more than expected
        (581, Rag.RED),  # 10.97 more
        (620, Rag.RED),
    ],
)
def test_lower_is_better(value, rag):
    assert LOWER.rag(value, HALFWAY) == rag


def test_a_value_exactly_on_the_line_is_green_despite_float_error():
    exact = HIGHER.expected_on(HALFWAY)
    assert HIGHER.rag(exact, HALFWAY) == Rag.GREEN


def test_zero_tolerance_makes_any_shortfall_red():
    strict = Trajectory(10, date(2025, 1, 1), 20, date(2026, 1, 1), True, 0)
    assert strict.rag(20, date(2026, 1, 1)) == Rag.GREEN
    assert strict.rag(19.9, date(2026, 1, 1)) == Rag.RED


def test_quarter_bounds():
    assert quarter_bounds(date(2026, 11, 22)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_bounds(date(2026, 4, 1)) == (date(2026, 4, 1), date(2026, 6, 30))
    assert quarter_bounds(date(2026, 3, 31)) == (date(2026, 1, 1), date(2026, 3, 31))


def test_overdue():
    today = date(2026, 11, 22)
    assert is_overdue(due=date(2026, 11, 21), complete=False, today=today)
    assert not is_overdue(due=date(2026, 11, 22), complete=False, today=today)
    assert not is_overdue(due=date(2026, 1, 1), complete=True, today=today)
    assert not is_overdue(due=None, complete=False, today=today)


# A headline measures object in the shape MEASURES.md gives.
HEADLINE = {
    "la": "E08000031",
    "reference_date": "2025-03-31",
    "cla": 612,
    "started": 240,
    "ceased": 251,
    "uasc": 40,
    "rate_per_10k": 88.4,
    "three_plus_placements": {"numerator": 61, "denominator": 612, "percent": 10.0},
    "long_term_stability": {"numerator": 200, "denominator": 290, "percent": 69.0},
    "over_20_miles": {"numerator": 98, "denominator": 612, "unknown": 12, "percent": 16.0},
    "care_leavers": {
        "17_18": {"cohort": 80, "suitable_accommodation": 72, "eet": 50},
        "19_21": {"cohort": 0, "suitable_accommodation": 0, "eet": 0},
    },
}


def test_linked_values_come_from_the_headline_measures():
    assert linked.extract(HEADLINE, "cla") == 612
    assert linked.extract(HEADLINE, "rate_per_10k") == 88.4
    assert linked.extract(HEADLINE, "three_plus_placements") == 10.0
    assert linked.extract(HEADLINE, "over_20_miles") == 16.0
    # 72 of 80 care leavers aged 17-18 in suitable accommodation: 90.0%
    assert linked.extract(HEADLINE, "care_leavers_17_18_suitable") == 90.0
    assert linked.extract(HEADLINE, "care_leavers_17_18_eet") == 62.5
    # No care leavers aged 19-21: no percentage, as MEASURES.md says.
    assert linked.extract(HEADLINE, "care_leavers_19_21_suitable") is None


def test_linked_values_are_none_when_missing():
    assert linked.extract(None, "cla") is None
    assert linked.extract({"cla": None}, "cla") is None
    assert (
        linked.extract({"three_plus_placements": {"percent": None}}, "three_plus_placements")
        is None
    )
    assert linked.extract(HEADLINE, "no_such_measure") is None
    assert linked.at_path(HEADLINE, "care_leavers.17_18.cohort") == 80
    assert linked.at_path(HEADLINE, "cla.percent") is None


def test_reference_date_is_the_last_31_march():
    assert linked.reference_date(date(2026, 11, 22)) == date(2026, 3, 31)
    assert linked.reference_date(date(2026, 3, 31)) == date(2026, 3, 31)
    assert linked.reference_date(date(2026, 3, 30)) == date(2025, 3, 31)
