"""The demo strategy, and measures taking values from the data when there is some."""

import io
from datetime import date

import time_machine
from django.urls import reverse

from demo.council import create_demo_council
from demo.plan import load_demo
from sufficiency.plan import selectors
from sufficiency.plan.models import Action, Strategy, Update
from sufficiency.plan.rag import Rag
from tests.html import rows


def test_demo_is_shaped_like_a_real_strategy_and_can_be_rerun(db):
    la, _ = create_demo_council(password="demo-password-123")
    out = io.StringIO()
    load_demo(la=la, stdout=out)
    load_demo(la=la, stdout=out)  # replaces, never duplicates
    strategy = Strategy.objects.get(la=la)
    assert strategy.priorities.count() == 7
    actions = Action.objects.filter(priority__strategy=strategy)
    assert actions.count() >= 20
    assert {a.status for a in actions} == {
        "not_started",
        "on_track",
        "at_risk",
        "off_track",
        "complete",
    }
    assert Update.objects.filter(action__in=actions).dates("date", "month").count() >= 3
    assert strategy.measures.count() >= 6
    assert strategy.measures.filter(key="").exists() and strategy.measures.exclude(key="").exists()


def test_a_linked_measure_is_no_data_until_the_cohort_provides_it(plan, la, monkeypatch):
    measure = plan["measures"]["linked"]
    row = selectors.measure_row(measure, today=date(2026, 11, 22))
    assert row.rag == Rag.NONE and row.latest_value is None

    # When the cohort has the figure, it is used.
    asked = []

    def headline_measures(*, la, on):
        asked.append(on)
        return {"three_plus_placements": {"numerator": 9, "denominator": 100, "percent": 9.0}}

    monkeypatch.setattr(selectors, "cohort_measures", headline_measures)
    row = selectors.measure_row(measure, today=date(2026, 11, 22))
    assert asked == [date(2026, 3, 31)]
    # 11% to 9% from 31 March 2025 to 31 March 2028: a year in, 10.33% is expected; 9.0 is ahead.
    assert row.latest_value == 9.0 and row.rag == Rag.GREEN


def test_a_hand_entered_measure_uses_its_latest_value(plan, client_for, la):
    measure = plan["measures"]["hand"]
    # 100 to 130 over three years: on 31 March 2026 about 110 is expected; 108 is 2 behind,
    # within the tolerance of 5: amber.
    row = selectors.measure_row(measure, today=date(2026, 11, 22))
    assert row.latest_value == 108 and row.rag == Rag.AMBER
    client_for("admin").post(
        reverse("actions:measure_value", args=[la.code, measure.pk]),
        {"date": "2026-09-30", "value": "120", "note": "Recruitment campaign"},
    )
    row = selectors.measure_row(measure, today=date(2026, 11, 22))
    assert row.latest_value == 120 and row.rag == Rag.GREEN
    with time_machine.travel(date(2026, 11, 22)):
        html = client_for("viewer").get(reverse("actions:measures", args=[la.code])).content
    row = rows(html, "[data-testid=measure-table]")[1]
    # Baseline 100 (Mar 2025), target 130 (Mar 2028), latest 120 on 30 Sep 2026: green.
    assert (row[0].startswith("Foster households"), row[1:4], row[5]) == (
        True, ["100 Mar 2025", "130 Mar 2028", "120 30 Sep 2026"], "Green"
    )  # fmt: skip
