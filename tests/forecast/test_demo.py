from demo import forecast as demo
from placements.forecast import selectors
from placements.forecast.forms import AdjustmentForm
from placements.forecast.models import Budget, Scenario


def test_demo_scenarios_are_idempotent_and_valid(la):
    demo.load_demo(la=la)
    demo.load_demo(la=la)
    scenarios = Scenario.objects.filter(la=la)
    assert scenarios.count() == 3
    assert Budget.objects.filter(la=la).count() == 3
    base_date = selectors.planning_base_date(la=la)
    for scenario in scenarios:
        for change in scenario.adjustments.all():
            data = {
                "kind": change.kind, "start": change.start.isoformat(),
                "percent": str(change.percent), "number": str(change.number),
                "category": change.category, "to_category": change.to_category,
            }  # fmt: skip
            form = AdjustmentForm(data, base_date=base_date)
            assert form.is_valid(), (scenario.name, form.errors)
