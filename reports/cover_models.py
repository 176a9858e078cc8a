"""A report's committee cover and the strategy's voice and review, edited in the browser.

Each carries a `version` for the conditional save of sufficiency.plan.services.save_versioned
and its history in django-simple-history, like the action plan (ADR 0007). A text field left
blank shows its starting draft, worked out from the report's figures when it is shown
(reports.cover_drafts); once the council writes its own text, that text stands.
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from sufficiency.councils import LocalAuthority, User
from sufficiency.plan.models import Strategy


class Kind(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly board report"
    STRATEGY = "strategy", "Annual sufficiency strategy"


class KeyDecision(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class CoverReport(models.Model):
    """The committee cover, implications and sign-offs of one document at one date."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="covers")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reference_date = models.DateField("figures at")
    meeting = models.CharField(max_length=200, blank=True)
    meeting_date = models.DateField("meeting date", null=True, blank=True)
    author = models.CharField("report author", max_length=300, blank=True)
    accountable_director = models.CharField("accountable director", max_length=300, blank=True)
    lead_member = models.CharField("lead member", max_length=300, blank=True)
    wards = models.CharField("wards affected", max_length=300, blank=True)
    key_decision = models.CharField(
        "key decision", max_length=3, choices=KeyDecision.choices, blank=True
    )
    classification = models.CharField(max_length=60, blank=True)
    recommendations = models.TextField(blank=True)
    reasons = models.TextField("reasons for the recommendations", blank=True)
    financial = models.TextField("financial implications", blank=True)
    legal = models.TextField("legal implications", blank=True)
    equalities = models.TextField("equalities implications", blank=True)
    risks = models.TextField("risks", blank=True)
    consultation = models.TextField(blank=True)
    human_resources = models.TextField("human resources implications", blank=True)
    property = models.TextField("property implications", blank=True)
    finance_sign_off = models.CharField("finance sign-off", max_length=300, blank=True)
    legal_sign_off = models.CharField("legal sign-off", max_length=300, blank=True)
    director_sign_off = models.CharField("director sign-off", max_length=300, blank=True)
    background_papers = models.TextField("background papers", blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    # Who django-simple-history records for the next save or delete; the services set it.
    _history_user: User | None

    class Meta:
        verbose_name = "cover report"
        constraints = [
            models.UniqueConstraint(
                fields=["la", "kind", "reference_date"], name="one_cover_per_report"
            )
        ]

    def __str__(self) -> str:
        return f"Cover of the {self.get_kind_display().lower()} at {self.reference_date}"


class StrategyReview(models.Model):
    """What the strategy says about children's voice and about the strategy before it."""

    strategy = models.OneToOneField(Strategy, on_delete=models.CASCADE, related_name="review")
    children_heard = models.PositiveIntegerField("children heard", null=True, blank=True)
    care_leavers_heard = models.PositiveIntegerField("care leavers heard", null=True, blank=True)
    how_heard = models.TextField("how we heard them", blank=True)
    what_they_said = models.TextField("what they said", blank=True)
    you_said_we_did = models.TextField("you said, we did", blank=True)
    previous_title = models.CharField("previous strategy", max_length=200, blank=True)
    previous_ended_on = models.DateField("previous strategy ended on", null=True, blank=True)
    previous_summary = models.TextField("what we learned from it", blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    _history_user: User | None

    class Meta:
        verbose_name = "children's voice and previous strategy"

    def __str__(self) -> str:
        return f"Children's voice and previous strategy of {self.strategy}"


__all__ = ["CoverReport", "KeyDecision", "Kind", "StrategyReview"]
