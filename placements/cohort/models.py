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


class ReturnRowQuerySet(models.QuerySet):
    def current(self, la: LocalAuthority):
        """Rows of the council's imported returns (never a failed or replaced one)."""
        return self.filter(la=la, return_obj__status=Return.Status.IMPORTED)


class ReturnRow(models.Model):
    """Common to every table's rows: which return, which council, which line of which file."""

    return_obj = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="+")
    # The council again, so that every read filters on one indexed column: the (la, year)
    # index each table declares, which also serves a filter on la alone, so la has no index of
    # its own to keep up on every insert. Not a database constraint either: the row's return
    # already is one (and names the council), and on PostgreSQL each constraint is a check per
    # row at commit, a third of a national import's time (ADR 0026). Deleting a council still
    # deletes its rows: Django does the cascade.
    la = models.ForeignKey(
        LocalAuthority,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    year = models.PositiveSmallIntegerField()
    child = models.CharField(max_length=20)
    source_file = models.CharField(max_length=255, blank=True)
    source_row = models.PositiveIntegerField(null=True)

    objects = ReturnRowQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} of child {self.child} ({self.year})"


class ChildHeader(ReturnRow):
    """The Header table: one row per child in the return."""

    sex = models.CharField(max_length=1, blank=True)
    dob = models.DateField(null=True)
    ethnic = models.CharField(max_length=10, blank=True)
    upn = models.CharField(max_length=20, blank=True)
    mother = models.CharField(max_length=5, blank=True)
    mc_dob = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["la", "year"])]


class Episode(ReturnRow):
    """An episode of care: a period with one legal status and one placement."""

    decom = models.DateField()
    rne = models.CharField(max_length=5, blank=True)
    ls = models.CharField(max_length=5, blank=True)
    cin = models.CharField(max_length=5, blank=True)
    place = models.CharField(max_length=5, blank=True)
    place_provider = models.CharField(max_length=5, blank=True)
    dec = models.DateField(null=True)
    rec = models.CharField(max_length=5, blank=True)
    reason_place_change = models.CharField(max_length=10, blank=True)
    home_post = models.CharField(max_length=10, blank=True)
    pl_post = models.CharField(max_length=10, blank=True)
    urn = models.CharField(max_length=10, blank=True)
    # Worked out at import from the ONS Postcode Directory (MEASURES.md over_20_miles).
    distance = models.FloatField(null=True, help_text="Miles from home to placement")
    placed_in_area = models.BooleanField(null=True, help_text="Placement inside the council")

    class Meta:
        indexes = [models.Index(fields=["la", "year"])]


class UASCRecord(ReturnRow):
    """The UASC table: an unaccompanied asylum-seeking child and when that status ceased."""

    sex = models.CharField(max_length=1, blank=True)
    dob = models.DateField(null=True)
    duc = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["la", "year"])]


class CareLeaver(ReturnRow):
    """The OC3 table: a care leaver's contact, activity and accommodation around a birthday."""

    dob = models.DateField(null=True)
    in_touch = models.CharField(max_length=10, blank=True)
    activ = models.CharField(max_length=5, blank=True)
    accom = models.CharField(max_length=5, blank=True)

    class Meta:
        indexes = [models.Index(fields=["la", "year"])]


class OtherRow(ReturnRow):
    """Rows of the other tables (Missing, AD1, PlacedAdoption, Reviews, OC2, PrevPerm,
    SWEpisodes), kept whole with their columns normalised, for later use."""

    table = models.CharField(max_length=20)
    data = models.JSONField()

    class Meta:
        indexes = [models.Index(fields=["la", "table", "year"])]


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
