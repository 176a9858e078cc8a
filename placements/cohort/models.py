"""The cohort: SSDA903 returns as loaded, and their rows.

Rows are stored per return, as the return said them; the merge across years (MEASURES.md) is
applied when the rows are read (placements.cohort.selectors), so importing years in any order, or
re-importing one, gives the same result without rewriting other years' rows.
"""

from datetime import date

from django.conf import settings
from django.db import models

from sufficiency.calendar import collection_year_end, collection_year_label, long_date
from sufficiency.councils import LocalAuthority


class Return(models.Model):
    """One import of one collection year's SSDA903 return for a council."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed"
        REPLACED = "replaced", "Replaced by a later import"
        # Would replace a year already loaded: waits for the analyst to accept its preview.
        PREVIEW = "preview", "Waiting for you to check the preview"

    la = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="returns")
    year = models.PositiveSmallIntegerField(help_text="Collection year, ending 31 March")
    # An in-year extract: the return of a year that has not ended, as at its extract date
    # (episodes open on that date have no DEC). Blank for a year-end return (data to 31 March).
    as_at = models.DateField(
        null=True, blank=True, help_text="Extract date of an in-year extract; blank at year end"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    stage = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    table_counts = models.JSONField(default=dict, blank=True)
    # placements.cohort.preview: rows kept and rejected per table, figures now and after.
    preview = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["la", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.la} {collection_year_label(self.year)} return ({self.get_status_display()})"

    @property
    def label(self) -> str:
        return collection_year_label(self.year)

    @property
    def data_label(self) -> str:
        """ "2026-27 in-year extract, data as at 30 September 2026", or the year alone."""
        if self.is_extract:
            return f"{self.label} in-year extract, data as at {long_date(self.data_to)}"
        return self.label

    @property
    def is_extract(self) -> bool:
        return self.as_at is not None and self.as_at < collection_year_end(self.year)

    @property
    def data_to(self) -> date:
        """The last day the return's data covers: its extract date, or the year's 31 March."""
        return self.as_at if self.is_extract and self.as_at else collection_year_end(self.year)


def return_file_path(instance: "ReturnFile", filename: str) -> str:
    return f"returns/{instance.return_obj.la.code}/{instance.return_obj.pk}/{filename}"


class ReturnFile(models.Model):
    """An uploaded file, kept so any import can be inspected and run again."""

    return_obj = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=return_file_path, max_length=300)
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class ImportProblem(models.Model):
    """A row rejected (error) or a value used with a caveat (warning), where it was found."""

    return_obj = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="problems")
    severity = models.CharField(max_length=7)
    file = models.CharField(max_length=255)
    row = models.PositiveIntegerField(null=True)
    column = models.CharField(max_length=40, blank=True)
    value = models.CharField(max_length=255, blank=True)
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.file} row {self.row}, {self.column}: {self.reason}"


class ReturnTable(models.Model):
    """One table of an imported return (Header, Episodes, Missing...): all the rows the import
    saved of it, as columns in one archive (placements.cohort.saved_tables, ADR 0030). A
    national return is about 400,000 rows; a database row for each was most of an import's
    time and of building a cohort from it."""

    return_obj = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="tables")
    table = models.CharField(max_length=20)
    rows = models.PositiveIntegerField()
    # Each column's kind and where it is in `data` (saved_tables.encode_table).
    layout = models.JSONField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["return_obj", "table"], name="one_saved_table")
        ]

    def __str__(self) -> str:
        return f"{self.table} of return {self.return_obj_id} ({self.rows} rows)"


class DfeRulesRun(models.Model):
    """DfE's SSDA903 validation rules run on a return (placements.cohort.dfe_rules): each
    failing row with its rule, table, row and child, as the rules' runner reported them."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Could not run"
        MISSING = "missing", "Not installed"

    return_obj = models.OneToOneField(Return, on_delete=models.CASCADE, related_name="dfe_rules")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    ruleset = models.CharField(max_length=20, blank=True)
    with_previous_year = models.BooleanField(default=False)
    seconds = models.FloatField(null=True)
    rules_run = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    issues = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"DfE rules on {self.return_obj} ({self.get_status_display()})"
