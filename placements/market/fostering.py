"""Fostering supply the council enters itself, by quarter: its in-house fostering households,
approvals and de-registrations, vacancies, and the enquiry-to-approval funnel, with targets.
Ofsted publishes no places for fostering, so the fostering chapter of the strategy reads its
local supply from here. One row per council and quarter end; history kept."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from sufficiency.councils import LocalAuthority

__all__ = ["FosteringQuarter"]


def _count(label: str, help_text: str = "") -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True, help_text=help_text)


class FosteringQuarter(models.Model):
    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    quarter_end = models.DateField("quarter ending")
    households = _count(
        "fostering households at the quarter end",
        "Approved in-house fostering households, kinship (connected persons) carers not included",
    )
    households_target = _count("target for fostering households at the quarter end")
    approvals = _count("households approved in the quarter")
    approvals_target = _count("target for approvals in the quarter")
    deregistrations = _count("households de-registered or resigned in the quarter")
    vacancies = _count(
        "vacancies at the quarter end", "Places with in-house carers free for a child to move in"
    )
    enquiries = _count("enquiries in the quarter")
    enquiries_target = _count("target for enquiries in the quarter")
    initial_visits = _count("initial visits in the quarter")
    applications = _count("applications in the quarter", "Assessments started (stage 1)")
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["la", "-quarter_end"]
        verbose_name = "fostering quarter"
        constraints = [
            models.UniqueConstraint(fields=["la", "quarter_end"], name="one_fostering_quarter")
        ]

    def __str__(self) -> str:
        return f"Fostering supply, quarter ending {self.quarter_end:%-d %B %Y}"
