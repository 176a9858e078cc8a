"""The sufficiency strategy and its action plan: priorities, actions, updates and measures.

Each editable item carries a `version` that a form sends back; a save only succeeds if the
version is still the one the person started from (see services.save_versioned and
docs/adr/0007-action-plan-conflicts-and-history.md). Every change is kept by
django-simple-history.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from sufficiency import tags
from sufficiency.councils import LocalAuthority, User
from sufficiency.plan import rag


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


STATUS_TAG_CSS = {
    ActionStatus.NOT_STARTED: tags.css(tags.NEUTRAL),
    ActionStatus.ON_TRACK: tags.css(tags.GOOD),
    ActionStatus.AT_RISK: tags.css(tags.WARNING),
    ActionStatus.OFF_TRACK: tags.css(tags.BAD),
    ActionStatus.COMPLETE: tags.css(tags.DONE),
}


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Unit(models.TextChoices):
    NUMBER = "number", "Number"
    PERCENT = "percent", "Percentage"
    RATE = "rate", "Rate per 10,000 children"


class Strategy(models.Model):
    """A council's sufficiency strategy. One per council: the plan it is delivering now."""

    la = models.OneToOneField(LocalAuthority, on_delete=models.CASCADE, related_name="strategy")
    title = models.CharField(max_length=200)
    period = models.CharField(max_length=20, help_text="For example, 2025-2028")
    status = models.CharField(
        max_length=10, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    approved_on = models.DateField(null=True, blank=True)
    vision = models.TextField(blank=True)
    context = models.TextField(blank=True)
    governance = models.TextField(blank=True)
    childrens_voice = models.TextField("children's voice", blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    # Who django-simple-history records for the next save or delete; the services set it.
    _history_user: User | None

    class Meta:
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return f"{self.title} {self.period}"


class Priority(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(help_text="Its place in the strategy, from 1")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    i_statements = models.TextField(
        "I statements",
        blank=True,
        help_text="What children told us they want, one a line: I live near my school",
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    # Who django-simple-history records for the next save or delete; the services set it.
    _history_user: User | None

    class Meta:
        ordering = ["strategy", "number", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def i_statement_list(self) -> list[str]:
        return [line.strip() for line in self.i_statements.splitlines() if line.strip()]


class ActionQuerySet(models.QuerySet["Action"]):
    def overdue(self, today: date) -> ActionQuerySet:
        """The database form of rag.is_overdue: due before today and not complete."""
        return self.filter(due__lt=today).exclude(status=ActionStatus.COMPLETE)


class Action(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField("owner (team)", max_length=120, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_actions",
    )
    due = models.DateField("due date", null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress_notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    # Who django-simple-history records for the next save or delete; the services set it.
    _history_user: User | None

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["priority__number", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return rag.is_overdue(
            due=self.due, complete=self.status == ActionStatus.COMPLETE, today=today
        )

    @property
    def status_css(self) -> str:
        return STATUS_TAG_CSS[ActionStatus(self.status)]


class Update(models.Model):
    """A dated quarterly update on an action, with the action's RAG at the time."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    text = models.TextField()
    status = models.CharField("RAG at the time", max_length=12, choices=ActionStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.action} on {self.date}"

    @property
    def status_css(self) -> str:
        return STATUS_TAG_CSS[ActionStatus(self.status)]


class Measure(models.Model):
    """A key performance indicator of the strategy, from the data (key) or entered by hand."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="measures")
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures"
    )
    position = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=200)
    key = models.CharField(
        "measure from the data",
        max_length=40,
        blank=True,
        help_text="Leave blank to enter values by hand",
    )
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.NUMBER)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    baseline_value = models.FloatField()
    baseline_date = models.DateField()
    target_value = models.FloatField()
    target_date = models.DateField()
    tolerance = models.FloatField(
        "amber tolerance",
        default=0,
        help_text="How far behind the trajectory, in the measure's units, is still amber",
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    # Who django-simple-history records for the next save or delete; the services set it.
    _history_user: User | None

    class Meta:
        ordering = ["strategy", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class MeasureValue(models.Model):
    """A value of a hand-entered measure on a date."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    date = models.DateField()
    value = models.FloatField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["measure", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} on {self.date}"


__all__ = [
    "Action",
    "ActionStatus",
    "Direction",
    "Measure",
    "MeasureValue",
    "Priority",
    "Strategy",
    "StrategyStatus",
    "Unit",
    "Update",
]
