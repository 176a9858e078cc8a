"""The referrals tables' rows: each figure formatted by the shared rules and named for its cell."""

from dataclasses import replace
from datetime import date

from placements.referrals import presenters
from placements.referrals.analysis import (
    Cost,
    Count,
    Days,
    ReferralSummary,
    Siblings,
    SuitabilityRow,
    TypeDemand,
)
from placements.referrals.presenters import FigureRow

SUMMARY = ReferralSummary(
    start=date(2024, 4, 1), end=date(2025, 3, 31), referrals=1200, placed=900,
    not_yet_placed=200, no_suitable_home=100, late=30, placed_unsuitable=5,
    outside_preferred=12, unregistered=1, median_days=9.5,
    by_need=[Count("siblings", "To be placed with siblings", 300)],
    by_risk=[Count("missing", "Going missing", 40)],
    risk_profiles=[Count("many", "3 or more risks present", 1500)],
    by_suitability=[SuitabilityRow("Foster", {"Preferred": 1100, "Suitable but not preferred": 2,
                                              "Unsuitable": 0, "Not specified": 98})],
    days_by_type=[Days("Foster", "Foster", 800, 7.0, 10.34)],
    days_by_need=[Days("siblings", "To be placed with siblings", 250, 20.0, 25.0)],
    cost_by_need=[Cost("siblings", "To be placed with siblings", 250, 1234.6, 1300.0)],
    cost_by_risk=[Cost("Residential:many", "Residential, 3 or more risks present", 3, 6000.0,
                       6500.0),
                  Cost("Foster:none", "Foster, no known risk", 0, None, None)],
    siblings=Siblings(referrals=300, to_place=10, placed_together=8, all_together=4),
    by_type=[TypeDemand("Residential", 1000, 700, 200, 100)],
)  # fmt: skip


def test_need_rows_name_each_figure_and_mark_missing_ones():
    assert presenters.need_rows(SUMMARY) == [
        FigureRow("siblings", "To be placed with siblings", figures=[
            ("referrals", "300"), ("share", "25.0%"), ("placed", "250"), ("median-days", "20"),
            ("median-cost", "£1,235")]),
    ]  # fmt: skip
    without_days = replace(SUMMARY, days_by_need=[], cost_by_need=[])
    assert presenters.need_rows(without_days)[0].figures[2:] == [
        ("placed", "–"), ("median-days", "–"), ("median-cost", "–")]  # fmt: skip


def test_risk_rows_end_with_the_profiles_whose_share_is_blank():
    assert presenters.risk_rows(SUMMARY) == [
        FigureRow("missing", "Going missing", figures=[("referrals", "40"), ("share", "3.3%")]),
        FigureRow("profile-many", "3 or more risks present",
                  figures=[("referrals", "1,500"), ("", "")]),
    ]  # fmt: skip


def test_suitability_rows_number_their_columns_in_the_standards_order():
    (row,) = presenters.suitability_rows(SUMMARY)
    assert (row.key, row.label) == ("Foster", "Fostering")
    assert row.figures == [("suitability-1", "1,100"), ("suitability-2", "2"),
                           ("suitability-3", "0"), ("suitability-4", "98")]  # fmt: skip


def test_cost_rows_leave_out_profiles_with_no_placement_and_keep_the_profile_as_text():
    assert presenters.cost_rows(SUMMARY) == [
        FigureRow("Residential:many", "Residential care", texts=["3 or more risks present"],
                  figures=[("placed", "3"), ("median", "£6,000"), ("mean", "£6,500")]),
    ]  # fmt: skip


def test_days_and_type_rows():
    assert presenters.days_rows(SUMMARY) == [
        FigureRow("Foster", "Fostering",
                  figures=[("placed", "800"), ("median", "7"), ("mean", "10.3")]),
    ]  # fmt: skip
    assert presenters.type_rows(SUMMARY) == [
        FigureRow("Residential", "Residential care", figures=[
            ("preferred", "1,000"), ("placed-in-type", "700"), ("placed-elsewhere", "200"),
            ("not-placed", "100")]),
    ]  # fmt: skip
