"""Demo scenarios for the demo council: what a council's plans might change.

Idempotent: re-running replaces these named scenarios' changes and keeps any others. Dates
are set from the demo data's base date, so the changes always fall inside the forecast.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from placements.forecast import selectors, stock_flow
from placements.forecast.models import Adjustment, Budget, Scenario
from sufficiency.calendar import financial_year
from sufficiency.councils import LocalAuthority


def _april_after(base_date: date) -> date:
    year = base_date.year + 1 if base_date >= date(base_date.year, 4, 1) else base_date.year
    return date(year, 4, 1)


def _scenarios(start: date) -> list[tuple[str, str, list[dict], list[str]]]:
    return [
        (
            "Edge of care: 10% fewer entries",
            "The extended edge of care service and family group conferences keep more "
            "families safely together.",
            [{"kind": stock_flow.ENTRIES, "start": start, "percent": Decimal(-10)}],
            ["edge of care", "family group conferences"],
        ),
        (
            "Step down 15 from residential",
            "Fifteen children a year move from children's homes to foster families, with "
            "support for the carers.",
            [
                {
                    "kind": stock_flow.TRANSITION,
                    "start": start,
                    "category": "childrens_home",
                    "to_category": "inhouse_foster",
                    "number": Decimal(15),
                }
            ],
            ["children's homes", "step"],
        ),
        (
            "Recruit in-house foster carers",
            "More of the children who need a foster family find one with the council's own "
            "carers rather than an agency.",
            [{"kind": stock_flow.INHOUSE_SHARE, "start": start, "percent": Decimal(15)}],
            ["foster carers"],
        ),
    ]


@transaction.atomic
def load_demo(*, la: LocalAuthority, stdout=None) -> None:
    base_date = selectors.planning_base_date(la=la)
    start = _april_after(base_date)
    if start > selectors.horizon(base_date)[1]:
        start = stock_flow.add_months(base_date, 1)
    for name, description, changes, action_words in _scenarios(start):
        scenario, _ = Scenario.objects.update_or_create(
            la=la, name=name, defaults={"description": description}
        )
        scenario.adjustments.all().delete()
        for change in changes:
            Adjustment.objects.create(scenario=scenario, **change)
        _link_actions(scenario, la, action_words)
    first_year = financial_year(base_date) + 1
    for offset, amount in enumerate((38_000_000, 39_500_000, 41_000_000)):
        Budget.objects.update_or_create(
            la=la, year=first_year + offset, defaults={"amount": Decimal(amount)}
        )
    if stdout is not None:
        stdout.write(f"Forecast: 3 demo scenarios from {start:%-d %B %Y}, budgets for 3 years")


def _link_actions(scenario: Scenario, la: LocalAuthority, words: list[str]) -> None:
    try:
        from sufficiency.plan.models import Action  # noqa: PLC0415
    except ImportError:
        return
    actions = Action.objects.filter(priority__strategy__la=la)
    linked = [a for a in actions if any(w in a.title.lower() for w in words)]
    scenario.actions.set(linked)
