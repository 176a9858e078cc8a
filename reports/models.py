"""Benchmarks published by the DfE, officers' commentary, and the reports generated."""

from django.conf import settings
from django.db import models

from sufficiency.councils import LocalAuthority


class Benchmark(models.Model):
    """One published figure: a measure for England, a region or a council in a year."""

    class Level(models.TextChoices):
        NATIONAL = "national", "England"
        REGIONAL = "regional", "Region"
        LOCAL_AUTHORITY = "la", "Local authority"

    measure = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField(help_text="Collection year, ending 31 March")
    level = models.CharField(max_length=8, choices=Level.choices)
    area_code = models.CharField(max_length=12)
    area_name = models.CharField(max_length=120)
    old_la_code = models.CharField(max_length=3, blank=True)
    region_code = models.CharField(max_length=12, blank=True)
    value = models.FloatField(null=True, help_text="Empty where the DfE suppressed it")
    source = models.CharField(max_length=120)
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the imported file says the figure was published; empty for the usual "
        "30 November after the year",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "area_code"], name="one_figure_per_area"
            )
        ]
        indexes = [models.Index(fields=["measure", "year", "level"])]

    def __str__(self) -> str:
        return f"{self.area_name} {self.measure} {self.year}: {self.value}"


class StatisticalNeighbour(models.Model):
    """DfE's statistical neighbour groupings: each council's ten most similar councils."""

    old_la_code = models.CharField(max_length=3)
    rank = models.PositiveSmallIntegerField()
    neighbour_old_la_code = models.CharField(max_length=3)
    closeness = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["old_la_code", "rank"], name="one_neighbour_per_rank")
        ]
        ordering = ["old_la_code", "rank"]

    def __str__(self) -> str:
        return f"{self.old_la_code} neighbour {self.rank}: {self.neighbour_old_la_code}"


class Commentary(models.Model):
    """What officers wrote about a section of the quarterly dashboard, kept with the quarter."""

    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="commentary")
    quarter_end = models.DateField()
    section = models.CharField(max_length=30)
    text = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["la", "quarter_end", "section"], name="one_commentary_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.la} {self.quarter_end} {self.section}"


def report_path(instance: "GeneratedReport", filename: str) -> str:
    return f"reports/{instance.la.code}/{filename}"


class GeneratedReport(models.Model):
    """A PDF (or HTML) made in the background, kept with who asked for it and when."""

    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly sufficiency dashboard"
        STRATEGY = "strategy", "Annual sufficiency strategy"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reference_date = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=report_path, blank=True, max_length=300)
    pages = models.PositiveSmallIntegerField(null=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.reference_date} ({self.get_status_display()})"


# The committee cover and the strategy's review live with their area (reports/cover_*.py).
from reports.cover_models import *  # noqa: E402,F401,F403
