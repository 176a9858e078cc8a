"""A small plan in the test council: two priorities, three actions, two measures."""

from datetime import date

import pytest

from sufficiency.plan import services
from sufficiency.plan.models import ActionStatus


@pytest.fixture
def plan(la, cast):
    admin = cast["admin"]
    strategy = services.create_strategy(
        la=la, user=admin, title="Sufficiency strategy", period="2025-2028", vision="Homes."
    )
    first = services.add_priority(
        strategy=strategy,
        user=admin,
        title="Fewer children need to come into care",
        i_statements="I live with my family\nI get help early",
    )
    second = services.add_priority(strategy=strategy, user=admin, title="More stable homes")
    edge = services.add_action(
        priority=first,
        user=admin,
        title="Edge of care team at weekends",
        owner="Early help",
        lead=cast["editor"],
        due=date(2030, 3, 31),
        status=ActionStatus.ON_TRACK,
    )
    late = services.add_action(
        priority=first,
        user=admin,
        title="Family group conferences",
        owner="Social care",
        due=date(2020, 1, 31),
        status=ActionStatus.AT_RISK,
    )
    carers = services.add_action(
        priority=second,
        user=admin,
        title="Support for foster carers",
        owner="Fostering",
        status=ActionStatus.COMPLETE,
    )
    hand = services.add_measure(
        strategy=strategy,
        user=admin,
        name="Foster households",
        unit="number",
        direction="higher",
        baseline_value=100,
        baseline_date=date(2025, 3, 31),
        target_value=130,
        target_date=date(2028, 3, 31),
        tolerance=5,
        priority=second,
    )
    services.add_measure_value(measure=hand, on=date(2026, 3, 31), value=108)
    linked = services.add_measure(
        strategy=strategy,
        user=admin,
        name="Three or more placements",
        key="three_plus_placements",
        unit="percent",
        direction="lower",
        baseline_value=11,
        baseline_date=date(2025, 3, 31),
        target_value=9,
        target_date=date(2028, 3, 31),
        tolerance=0.5,
    )
    return {
        "strategy": strategy,
        "priorities": [first, second],
        "actions": {"edge": edge, "late": late, "carers": carers},
        "measures": {"hand": hand, "linked": linked},
    }


@pytest.fixture
def other_plan(other_la, cast):
    """A plan of the other council, whose items no one in `la` may reach."""
    admin = cast["outsider"]
    strategy = services.create_strategy(la=other_la, user=admin, title="Other", period="2024-2027")
    priority = services.add_priority(strategy=strategy, user=admin, title="Elsewhere")
    action = services.add_action(priority=priority, user=admin, title="Their action")
    measure = services.add_measure(
        strategy=strategy,
        user=admin,
        name="Their measure",
        unit="number",
        direction="lower",
        baseline_value=1,
        baseline_date=date(2024, 3, 31),
        target_value=0,
        target_date=date(2027, 3, 31),
    )
    return {"strategy": strategy, "priority": priority, "action": action, "measure": measure}
