"""Saved scenarios for the demand forecast, unit costs and the placements budget.

Everything belongs to one council and is always read with `la=`. Every change is kept by
django-simple-history (who and when).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from placements.cohort.measures import CATEGORY_LABELS, PLACEMENT_CATEGORIES
from placements.forecast import stock_flow
from sufficiency.calendar import financial_year_label
from sufficiency.councils import LocalAuthority

CATEGORY_CHOICES = [(key, CATEGORY_LABELS[key]) for key in PLACEMENT_CATEGORIES]


class AdjustmentKind(models.TextChoices):
    ENTRIES = stock_flow.ENTRIES, "Change how many children come into care"
    EXITS = stock_flow.EXITS, "Change how many children leave care"
    TRANSITION = stock_flow.TRANSITION, "Move children from one type of placement to another"
    INHOUSE_SHARE = stock_flow.INHOUSE_SHARE, "Change the in-house share of fostering"


class Scenario(models.Model):
    """A named set of changes a plan is expected to make to demand."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    actions = models.ManyToManyField(
        "sufficiency.Action",
        blank=True,
        related_name="forecast_scenarios",
        verbose_name="actions expected to deliver this scenario",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "name"], name="forecast_scenario_name_unique")
        ]
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def model_adjustments(self) -> list[stock_flow.Adjustment]:
        return [a.as_model() for a in self.adjustments.all()]


class Adjustment(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(max_length=20, choices=AdjustmentKind.choices)
    start = models.DateField("from")
    percent = models.DecimalField(max_digits=6, decimal_places=1, default=0)
    category = models.CharField(
        "placement type", max_length=30, choices=CATEGORY_CHOICES, blank=True
    )
    to_category = models.CharField(
        "to placement type", max_length=30, choices=CATEGORY_CHOICES, blank=True
    )
    number = models.DecimalField("extra children a year", max_digits=7, decimal_places=1, default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start:%-d %B %Y}"

    def as_model(self) -> stock_flow.Adjustment:
        return stock_flow.Adjustment(
            kind=self.kind,
            start=self.start,
            percent=float(self.percent),
            category=self.category,
            to_category=self.to_category,
            number=float(self.number),
        )


class CostSettings(models.Model):
    """A council's cost assumptions: annual inflation on the unit costs."""

    la = models.OneToOneField(
        LocalAuthority, on_delete=models.CASCADE, related_name="forecast_cost_settings"
    )
    inflation_percent = models.DecimalField(
        "annual inflation", max_digits=4, decimal_places=1, default=3
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.la}: {self.inflation_percent}% a year"


class UnitCost(models.Model):
    """What a week in one type of placement costs the council, at the base date's prices."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="unit_costs")
    category = models.CharField(max_length=30, choices=CATEGORY_CHOICES)
    weekly_cost = models.DecimalField(max_digits=9, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "category"], name="forecast_unit_cost_unique")
        ]
        ordering = ["category"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: £{self.weekly_cost:,.2f} a week"


class Budget(models.Model):
    """The placements budget for a financial year (April to March), by its starting year."""

    la = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="placement_budgets"
    )
    year = models.PositiveSmallIntegerField("financial year starting")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "year"], name="forecast_budget_unique")
        ]
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.la}: £{self.amount:,.0f} in {financial_year_label(self.year)}"
