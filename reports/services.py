"""Writes for reports: loading published benchmarks, commentary, generating reports."""

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from django.db import transaction

from reports.benchmarks import is_neighbours_file, read_neighbours, read_table
from reports.models import Benchmark, Commentary, GeneratedReport, StatisticalNeighbour
from sufficiency.councils import LocalAuthority, User


@transaction.atomic
def import_benchmarks(
    paths: Iterable[str | Path], *, published_on: date | None = None
) -> dict[str, int]:
    """Load DfE tables and neighbour groupings; a figure already held is replaced.

    All files are read before anything is written, so one bad file changes nothing.
    `published_on` is the publication date of figures whose file gives none of its own.
    """
    tables, neighbours = [], []
    for path in map(Path, paths):
        if is_neighbours_file(path):
            neighbours.append(read_neighbours(path))
        else:
            tables.append(read_table(path))
    counts = {"figures": 0, "neighbours": 0}
    for table in tables:
        keys = set(zip(table["measure"], table["year"], table["area_code"], strict=True))
        for measure in table["measure"].unique():
            Benchmark.objects.filter(
                measure=measure, year__in=[int(y) for y in table["year"].unique()]
            ).filter(area_code__in=list({k[2] for k in keys})).delete()
        Benchmark.objects.bulk_create(
            [
                Benchmark(
                    measure=r.measure,
                    year=r.year,
                    level=r.level,
                    area_code=r.area_code,
                    area_name=r.area_name,
                    old_la_code=r.old_la_code or "",
                    region_code=r.region_code or "",
                    value=None if r.value != r.value else float(r.value),
                    source=r.source,
                    published_on=r.published_on
                    if isinstance(r.published_on, date)
                    else published_on,
                )
                for r in table.itertuples(index=False)
            ],  # fmt: skip
            batch_size=5000,
        )
        counts["figures"] += len(table)
    for group in neighbours:
        StatisticalNeighbour.objects.filter(
            old_la_code__in=list(group.frame["old_la_code"].unique())
        ).delete()
        StatisticalNeighbour.objects.bulk_create(
            [StatisticalNeighbour(**row) for row in group.frame.to_dict("records")]
        )
        counts["neighbours"] += len(group.frame)
    return counts


def save_commentary(
    *, la: LocalAuthority, quarter_end: date, section: str, text: str, user: User
) -> Commentary:
    """The council's words on one section of one quarter's dashboard; a later save replaces."""
    note, _ = Commentary.objects.update_or_create(
        la=la, quarter_end=quarter_end, section=section,
        defaults={"text": text, "updated_by": user},
    )  # fmt: skip
    return note


def request_report(*, la: LocalAuthority, kind: str, on: date, user: User) -> GeneratedReport:
    """A report to be made in the background (the caller enqueues the task)."""
    return GeneratedReport.objects.create(la=la, kind=kind, reference_date=on, created_by=user)


def reset_report(*, report: GeneratedReport) -> None:
    """A failed report back in the queue, to be tried again."""
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=GeneratedReport.Status.QUEUED, progress=0, stage="Waiting", error=""
    )
