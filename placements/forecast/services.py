"""Writes for the forecast: scenarios and their adjustments, unit costs and budgets."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from placements.forecast.models import Adjustment, Budget, CostSettings, Scenario, UnitCost
from sufficiency.councils import LocalAuthority, User


@transaction.atomic
def create_scenario(
    *, la: LocalAuthority, name: str, description: str = "", user: User | None = None
) -> Scenario:
    return Scenario.objects.create(la=la, name=name, description=description, created_by=user)


@transaction.atomic
def update_scenario(*, scenario: Scenario, name: str, description: str, actions=None) -> Scenario:
    scenario.name = name
    scenario.description = description
    scenario.save()
    if actions is not None:
        scenario.actions.set(actions)
    return scenario


@transaction.atomic
def delete_scenario(*, scenario: Scenario) -> None:
    scenario.delete()


@transaction.atomic
def add_adjustment(*, scenario: Scenario, **fields) -> Adjustment:
    adjustment = Adjustment.objects.create(scenario=scenario, **fields)
    scenario.save(update_fields=["updated_at"])  # the scenario changed: its forecast too
    return adjustment


@transaction.atomic
def delete_adjustment(*, adjustment: Adjustment) -> None:
    scenario = adjustment.scenario
    adjustment.delete()
    scenario.save(update_fields=["updated_at"])


@transaction.atomic
def save_costs(
    *, la: LocalAuthority, weekly: dict[str, Decimal | None], inflation_percent: Decimal
) -> None:
    """Save the council's own weekly costs; a blank category goes back to the default."""
    for category, cost in weekly.items():
        if cost is None:
            UnitCost.objects.filter(la=la, category=category).delete()
        else:
            UnitCost.objects.update_or_create(
                la=la, category=category, defaults={"weekly_cost": cost}
            )
    CostSettings.objects.update_or_create(la=la, defaults={"inflation_percent": inflation_percent})


@transaction.atomic
def save_budgets(*, la: LocalAuthority, amounts: dict[int, Decimal | None]) -> None:
    for year, amount in amounts.items():
        if amount is None:
            Budget.objects.filter(la=la, year=year).delete()
        else:
            Budget.objects.update_or_create(la=la, year=year, defaults={"amount": amount})
