"""The council's own words in each type-of-home chapter of the strategy: "Our intentions — we
will…". One per strategy and chapter, versioned like every plan item so a second person's save
never silently overwrites the first's (services.save_versioned, ADR 0007), and its history kept
by django-simple-history (the strategy document shows the words as they stood on its date)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from placements.cohort.types_of_home import CHAPTERS
from sufficiency.councils import User
from sufficiency.plan.models import Strategy

__all__ = ["Intention"]

CHAPTER_CHOICES = [(c.key, c.title) for c in CHAPTERS]


class Intention(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="intentions")
    chapter = models.CharField("type of home", max_length=30, choices=CHAPTER_CHOICES)
    text = models.TextField(
        "our intentions",
        blank=True,
        help_text="What the council will do for this type of home, one intention a line: "
        "we will recruit 20 more foster carers by March 2027",
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()
    # Who django-simple-history records for the next save or delete; the services set it.
    _history_user: User | None

    class Meta:
        verbose_name = "statement of intentions"
        verbose_name_plural = "statements of intentions"
        constraints = [
            models.UniqueConstraint(fields=["strategy", "chapter"], name="one_intention_a_chapter")
        ]

    def __str__(self) -> str:
        return f"Our intentions: {self.get_chapter_display()}"

    @property
    def lines(self) -> list[str]:
        return [line.strip(" -•*") for line in self.text.splitlines() if line.strip(" -•*")]
