"""Placement referrals recorded to the Placements Data Standard v2, and what became of them.

One row is one record of the standard: the referral (availability, requirements, suitability,
risks) and its outcome (the actual placement, or "not yet placed" / "no suitable home found"
with the date), with the standard's quality-assurance fields. Allowed values come from
placements.referrals.standard, which reads them from the standard's field list.

A referral is the council's: always read with `la=`. Within a council a record is known by the
child's ID and the referral date (v2 has no record identifier), which is how imports update.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from placements.market.models import Provider
from placements.referrals import standard as std
from sufficiency.councils import LocalAuthority

__all__ = ["ChildLink", "Referral"]


def _choice(choices, **kwargs) -> models.CharField:
    return models.CharField(max_length=40, choices=choices.choices, blank=True, **kwargs)


def _label(attr: str) -> str:
    return std.BY_ATTR[attr].label


def _risk() -> models.CharField:
    return models.CharField(max_length=20, choices=std.RiskLevel.choices, blank=True)


def _money(attr: str) -> models.DecimalField:
    return models.DecimalField(_label(attr), max_digits=9, decimal_places=2, null=True, blank=True)


class ReferralQuerySet(models.QuerySet):
    def of(self, la: LocalAuthority):
        return self.filter(la=la)


class Referral(models.Model):
    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")

    # Availability
    child_id = models.CharField(_label("child_id"), max_length=40)
    needed_by = _choice(std.NeededBy)
    sibling_count = models.PositiveSmallIntegerField(null=True, blank=True)
    preferred_location = models.CharField(max_length=200, blank=True)
    preferred_location_local = models.BooleanField(null=True, blank=True)
    out_of_la_reason = _choice(std.OutOfLAReason)

    # Requirements
    communication_needs = _choice(std.CommunicationNeeds)
    specific_communication_requirements = models.JSONField(default=list, blank=True)
    home_adaptation = models.BooleanField(null=True, blank=True)
    cultural_needs = _choice(std.CulturalNeeds)
    living_companions = _choice(std.LivingCompanions)
    pets = _choice(std.Pets)
    additional_support = _choice(std.AdditionalSupport)
    additional_support_other = models.CharField(max_length=200, blank=True)
    deprivation_of_liberty = models.BooleanField(null=True, blank=True)

    # Suitability (the social worker's recommendation)
    foster_care_suitability = _choice(std.Suitability)
    residential_care_suitability = _choice(std.Suitability)
    supported_accommodation_suitability = _choice(std.Suitability)

    # Risks. The template has no column for sexual exploitation: blank means not recorded.
    risk_self_harm = _risk()
    risk_sexual_exploitation = _risk()
    risk_criminal_exploitation = _risk()
    risk_drug_alcohol = _risk()
    risk_eating_disorder = _risk()
    risk_missing = _risk()
    risk_other = models.CharField(max_length=200, blank=True)
    risk_to_others_physical = _risk()
    risk_to_others_sexual = _risk()
    risk_to_others_fire = _risk()
    risk_to_others_animals = _risk()
    risk_to_others_criminal = _risk()
    risk_to_others_other = models.CharField(max_length=200, blank=True)

    # Outcome: placed (the actual-placement fields below), or not, with the date it was so.
    outcome = models.CharField(
        max_length=30, choices=std.Outcome.choices, default=std.NOT_YET_PLACED
    )
    outcome_date = models.DateField(null=True, blank=True)

    # Actual placement
    cost_core_weekly = _money("cost_core_weekly")
    cost_additional_support_weekly = _money("cost_additional_support_weekly")
    cost_education_weekly = _money("cost_education_weekly")
    cost_other_weekly = _money("cost_other_weekly")
    total_weekly_cost = _money("total_weekly_cost")
    placement_location = models.CharField(max_length=8, blank=True)
    preferability_location = models.BooleanField(null=True, blank=True)
    education_continuity = models.BooleanField(null=True, blank=True)
    # As recorded: an Ofsted URN, or "Unregistered" (the standard's way to say so).
    provider_urn = models.CharField("provider URN", max_length=20, blank=True)
    provider = models.ForeignKey(
        Provider, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    siblings_placed_together = models.PositiveSmallIntegerField(null=True, blank=True)
    placement_type = _choice(std.PlacementType)

    # Quality assurance: who recorded what and when (the standard's own fields).
    referral_officer_name = models.CharField(max_length=120, blank=True)
    referral_date = models.DateField(_label("referral_date"))
    placement_officer_name = models.CharField(max_length=120, blank=True)
    placement_date = models.DateField(null=True, blank=True)
    cost_officer_name = models.CharField(max_length=120, blank=True)
    cost_date = models.DateField(null=True, blank=True)

    source = models.CharField(max_length=255, blank=True, help_text="File it came from, if any")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referral_date", "child_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["la", "child_id", "referral_date"], name="one_referral_a_day_per_child"
            )
        ]
        indexes = [models.Index(fields=["la", "referral_date"])]

    def __str__(self) -> str:
        return f"Referral of child {self.child_id} on {self.referral_date}"

    @property
    def unregistered(self) -> bool:
        return self.provider_urn.strip().lower() == std.UNREGISTERED.lower()


class ChildLink(models.Model):
    """A child's case-management ID mapped to their SSDA903 CHILD, where the two differ."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    child_id = models.CharField("child ID (case management)", max_length=40)
    ssda903_child = models.CharField("SSDA903 CHILD", max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "child_id"], name="one_903_child_per_child_id")
        ]

    def __str__(self) -> str:
        return f"{self.child_id} = CHILD {self.ssda903_child}"
