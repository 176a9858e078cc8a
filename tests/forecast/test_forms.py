"""Scenario inputs are validated with GOV.UK messages: no negative rates, dates inside the
forecast, percentages in range."""

from datetime import date

import pytest

from placements.forecast.forms import AdjustmentForm, BudgetForm, CostsForm

BASE = date(2025, 3, 31)


def form(**data):
    values = {"kind": "entries", "start": "2026-04-01", "percent": "-10", "number": "",
              "category": "", "to_category": ""}  # fmt: skip
    values.update(data)
    return AdjustmentForm(values, base_date=BASE)


def test_a_good_change_is_valid():
    f = form()
    assert f.is_valid(), f.errors
    assert f.cleaned_data["percent"] == -10


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"start": "2025-03-31"}, "start", "The date must be inside the forecast"),
        ({"start": "2030-04-01"}, "start", "no later than 31 March 2030"),
        ({"start": "2026-02-30"}, "start", "Enter a real date"),
        ({"start": ""}, "start", "Enter the date the change starts"),
        ({"percent": "-101"}, "percent", "between -100 and 200"),
        ({"percent": "250"}, "percent", "between -100 and 200"),
        ({"percent": "0"}, "percent", "Enter the change as a percentage"),
        ({"percent": "ten"}, "percent", "Enter the change as a number"),
        ({"kind": "exits", "percent": "-120"}, "percent", "a rate cannot go below zero"),
        ({"kind": ""}, "kind", "Choose what changes"),
        ({"kind": "inhouse_share", "percent": "150"}, "percent", "between -100 and 100"),
        ({"kind": "transition", "category": "childrens_home", "to_category": "childrens_home",
          "number": "5", "percent": ""}, "to_category", "Choose a different placement type"),
        ({"kind": "transition", "category": "", "to_category": "inhouse_foster", "number": "5",
          "percent": ""}, "category", "Choose the placement type children move from"),
        ({"kind": "transition", "category": "childrens_home", "to_category": "inhouse_foster",
          "number": "-5", "percent": ""}, "number", "a rate cannot be negative"),
        ({"kind": "transition", "category": "childrens_home", "to_category": "inhouse_foster",
          "number": "", "percent": ""}, "number", "Enter extra children moved a year"),
    ],
)  # fmt: skip
def test_bad_changes_are_refused_with_a_message(data, field, message):
    f = form(**data)
    assert not f.is_valid()
    assert any(message in e for e in f.errors[field]), f.errors


def test_a_step_down_needs_only_a_number():
    f = form(kind="transition", category="childrens_home", to_category="inhouse_foster",
             number="15", percent="")  # fmt: skip
    assert f.is_valid(), f.errors
    assert f.cleaned_data["percent"] == 0 and f.cleaned_data["number"] == 15


def test_costs_and_inflation_in_range():
    f = CostsForm({"inflation_percent": "30", "cost_ifa_foster": "-1"}, defaults={})
    assert not f.is_valid()
    assert "between -10 and 25" in f.errors["inflation_percent"][0]
    assert "£0 or more" in f.errors["cost_ifa_foster"][0]
    good = CostsForm({"inflation_percent": "3.5", "cost_ifa_foster": "950"}, defaults={})
    assert good.is_valid(), good.errors
    assert good.weekly()["ifa_foster"] == 950 and good.weekly()["secure"] is None


def test_budgets_cannot_be_negative():
    f = BudgetForm({"budget_2025": "-5"}, years=[2025, 2026])
    assert not f.is_valid()
    assert "£0 or more" in f.errors["budget_2025"][0]
