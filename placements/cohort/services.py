"""Writes for the cohort: importing SSDA903 returns."""

import itertools
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.utils import timezone

from placements.cohort import measures, postcodes, preview, saved_tables, selectors, validation
from placements.cohort.models import ImportProblem, Return, ReturnFile, ReturnTable
from placements.cohort.reference import published_populations
from placements.cohort.ssda903.limits import ImportLimits, upload_too_large
from placements.cohort.ssda903.reader import read_return
from placements.cohort.ssda903.tables import Problem, ReturnFileError, ReturnFilesError
from sufficiency.calendar import (
    collection_year_end,
    collection_year_label,
    collection_year_start,
    long_date,
)
from sufficiency.councils import LocalAuthority, Population, User

log = logging.getLogger(__name__)
BATCH = 5000


def create_return(
    *,
    la: LocalAuthority,
    year: int,
    uploads: Iterable[tuple[str, bytes | File]],
    user: User | None,
    as_at: date | None = None,
) -> Return:
    """Keep the uploaded files with a new, queued return; importing happens in import_return.
    An upload may be a file (Django's uploaded or stored file): it is copied in chunks, never
    read whole into memory. `as_at` makes it an in-year extract of its year (ADR 0021)."""
    check_extract_date(year, as_at)
    if as_at is not None and as_at >= collection_year_end(year):
        as_at = None  # data to 31 March is the year-end return
    with transaction.atomic():
        return_obj = Return.objects.create(
            la=la, year=year, as_at=as_at, uploaded_by=user, stage="Waiting"
        )
        for name, data in uploads:
            safe = Path(name).name or "upload"
            content = File(data, name=safe) if isinstance(data, File) else ContentFile(data, safe)
            ReturnFile.objects.create(
                return_obj=return_obj, file=content, name=safe, size=content.size
            )
    return return_obj


def check_extract_date(year: int, as_at: date | None) -> None:
    """An extract's date lies inside its collection year; a ValueError says why not."""
    if as_at is None:
        return
    start, end = collection_year_start(year), collection_year_end(year)
    if not start <= as_at <= end:
        raise ValueError(
            f"the extract's date {long_date(as_at)} is not in the {collection_year_label(year)} "
            f"collection year ({long_date(start)} to {long_date(end)})"
        )


def import_files(
    *,
    la: LocalAuthority,
    year: int,
    paths: Iterable[str | Path],
    user: User | None = None,
    accept: bool = False,
    as_at: date | None = None,
) -> Return:
    """Import files from disk (the import_903 command): expands folders, keeps copies."""
    found: list[tuple[str, Path]] = []
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            found += [(str(p.relative_to(path)).replace("/", "__"), p) for p in files]
        else:
            found.append((path.name, path))
    handles = [(name, File(path.open("rb"))) for name, path in found]
    try:
        return_obj = create_return(la=la, year=year, uploads=handles, user=user, as_at=as_at)
    finally:
        for _, handle in handles:
            handle.close()
    return import_return(return_obj, accept=accept)


def _progress(return_obj: Return, percent: int, stage: str) -> None:
    # Saved at once and outside the import's transaction, so the Data page can show it.
    Return.objects.filter(pk=return_obj.pk).update(progress=percent, stage=stage)


def import_return(return_obj: Return, *, accept: bool = False) -> Return:
    """Read, check and save a queued return. All or nothing: a file that cannot be read, a
    return with no usable row, most rows of a required table rejected or most episodes outside
    the year change nothing but the return's own status and problems. A return that would
    replace a year already loaded stops at a preview unless `accept` (the analyst accepted it).
    """
    Return.objects.filter(pk=return_obj.pk).update(
        status=Return.Status.RUNNING, error="", progress=1, stage="Reading files"
    )
    return_obj.problems.all().delete()
    limits = ImportLimits.from_settings()
    stored = list(return_obj.files.all())
    too_large = upload_too_large(sum(f.size for f in stored), limits)
    if too_large:
        return _fail(return_obj, too_large, [])
    try:
        sources = [(f.name, _read_stored(f)) for f in stored]
        data = read_return(sources, year=return_obj.year, limits=limits)
    except ReturnFilesError as exc:
        unreadable = [
            Problem(file=e.file, row=None, column=None, value=None, reason=e.reason,
                    severity="error")
            for e in exc.errors
        ]  # fmt: skip
        files = "file" if len(exc.errors) == 1 else f"{len(exc.errors)} files"
        return _fail(
            return_obj,
            f"{files} could not be read: " + "; ".join(f"{e.file}: {e.reason}" for e in exc.errors),
            unreadable,
        )
    except ReturnFileError as exc:
        return _fail(return_obj, f"{exc.file}: {exc.reason}", [])
    except Exception as exc:  # an unreadable upload must still end as a clear failure
        log.exception("Import of return %s failed", return_obj.pk)
        return _fail(return_obj, f"The files could not be read: {exc}", [])

    _progress(return_obj, 40, "Working out distances")
    tables = dict(data.tables)
    if "Episodes" in tables:
        tables["Episodes"], unknown = with_distances(tables["Episodes"], la=return_obj.la)
        data.problems.extend(unknown)
    checks = validation.check_return(data, today=timezone.localdate(), as_at=return_obj.as_at)
    data.problems.extend(checks.problems)
    summary = preview.table_summary(data, tables)

    imported = sum(len(frame) for frame in tables.values())
    rejected = sum(1 for p in data.problems if p.severity == "error" and p.row is not None)
    if imported == 0:
        reason = "No row could be imported" + (
            f": all {rejected} rows were rejected" if rejected else ": the files hold no rows"
        )
        return _fail(return_obj, reason, data.problems, summary)
    refused = preview.refusals(summary) + checks.refusals
    if refused:
        return _fail(return_obj, "; ".join(refused), data.problems, summary)

    earlier = Return.objects.filter(
        la=return_obj.la, year=return_obj.year, status=Return.Status.IMPORTED
    ).exclude(pk=return_obj.pk)
    counts: dict[str, int] = {}

    def apply() -> None:
        # Importing a year again replaces it: the earlier import's rows go, its files stay.
        for old in earlier:
            delete_rows(old)
        earlier.update(status=Return.Status.REPLACED)
        counts.update(
            {name: _save_table(return_obj, name, frame) for name, frame in tables.items()}
        )
        Return.objects.filter(pk=return_obj.pk).update(
            status=Return.Status.IMPORTED, finished_at=timezone.now()
        )

    totals = {
        "rows_read": imported + rejected,
        "rows_imported": imported,
        "rows_rejected": rejected,
        "warnings": sum(1 for p in data.problems if p.severity == "warning"),
    }
    summary_json = {"tables": summary, "replaces": [r.pk for r in earlier]}
    if accept:
        # The figures the analyst accepted stay with the return, as "what changed".
        summary_json |= {k: v for k, v in return_obj.preview.items() if k in ("before", "after")}
    if earlier.exists() and not accept:
        _progress(return_obj, 60, "Working out what would change")
        dates = preview.figure_dates(return_obj, list(earlier))
        summary_json["before"] = preview.council_figures(return_obj.la, dates)
        summary_json["after"] = preview.figures_after(return_obj, apply, dates)
        with transaction.atomic():
            _save_problems(return_obj, data.problems)
            Return.objects.filter(pk=return_obj.pk).update(
                status=Return.Status.PREVIEW, progress=100, stage="Waiting for acceptance",
                preview=summary_json, table_counts={n: len(f) for n, f in tables.items()},
                finished_at=None, **totals,
            )  # fmt: skip
        return_obj.refresh_from_db()
        return return_obj

    _progress(return_obj, 60, "Saving")
    with transaction.atomic():
        apply()
        _save_problems(return_obj, data.problems)
        Return.objects.filter(pk=return_obj.pk).update(
            status=Return.Status.IMPORTED,
            progress=100,
            stage="Done",
            table_counts=counts,
            preview=summary_json,
            finished_at=timezone.now(),
            **totals,
        )
        la = return_obj.la
        transaction.on_commit(lambda: _cohort_changed(la))
    return_obj.refresh_from_db()
    return return_obj


# The councils whose stored cohort waits for the end of a `cohort_built_once` block, per thread
# (None outside one).
_PENDING = threading.local()


@contextmanager
def cohort_built_once() -> Iterator[None]:
    """Imports inside the block build each council's stored cohort once, when it ends, rather
    than after each return: a history of several years imported together (the demo, a new
    council's first load, a benchmark) would otherwise read, merge and store every
    intermediate version only for the next return to replace it. Pages shown meanwhile (by
    other processes) build the version they need themselves, as after any import."""
    if getattr(_PENDING, "councils", None) is not None:
        yield  # inside another block, which builds when it ends
        return
    _PENDING.councils = {}
    try:
        yield
    finally:
        councils, _PENDING.councils = _PENDING.councils, None
        for la in councils.values():
            build_cohort(la)


def _cohort_changed(la: LocalAuthority) -> None:
    pending = getattr(_PENDING, "councils", None)
    if pending is None:
        build_cohort(la)
    else:
        pending[la.pk] = la


def build_cohort(la: LocalAuthority) -> None:
    """Merge and store the council's new data version now, in the import's process, so the
    first page any worker shows after an import reads it from disk (ADR 0017). A failure
    here costs only speed: a page builds the version itself."""
    try:
        selectors.build_stored_cohort(la=la)
    except Exception:
        log.exception("Could not build the stored cohort of %s", la)


def _read_stored(stored: ReturnFile) -> bytes:
    with stored.file.open("rb") as handle:
        return handle.read()


def accept_return(return_obj: Return) -> Return:
    """The analyst accepted the preview: import the return, replacing the year."""
    if return_obj.status != Return.Status.PREVIEW:
        raise ValueError(f"return {return_obj.pk} is not waiting for acceptance")
    return import_return(return_obj, accept=True)


def fail_return(return_obj: Return, reason: str) -> Return:
    return _fail(return_obj, reason, [])


def _fail(
    return_obj: Return, reason: str, problems: list[Problem], summary: dict | None = None
) -> Return:
    with transaction.atomic():
        _save_problems(return_obj, problems)
        rejected = sum(1 for p in problems if p.severity == "error" and p.row is not None)
        kept = sum(t["kept"] for t in (summary or {}).values())
        Return.objects.filter(pk=return_obj.pk).update(
            preview={"tables": summary} if summary else {},
            status=Return.Status.FAILED,
            error=reason,
            progress=100,
            stage="Failed",
            rows_read=rejected + kept,
            rows_rejected=rejected,
            warnings=sum(1 for p in problems if p.severity == "warning"),
            finished_at=timezone.now(),
        )
    return_obj.refresh_from_db()
    return return_obj


def delete_rows(return_obj: Return) -> None:
    ReturnTable.objects.filter(return_obj=return_obj).delete()


def with_distances(
    episodes: pd.DataFrame, *, la: LocalAuthority
) -> tuple[pd.DataFrame, list[Problem]]:
    """Each placement's distance from home and whether it is inside the council's area, and a
    warning per file and column for postcodes the ONS Postcode Directory does not know.
    Each column is looked up in the directory once, for all three."""
    located = {
        column: postcodes.locate(episodes[column].reset_index(drop=True))
        for column in ("HOME_POST", "PL_POST")
    }
    distance = postcodes.miles_between(located["HOME_POST"], located["PL_POST"])
    # The contract's outside_area rule (MEASURES.md v4): a directory postcode with no district
    # is outside, only a blank or unknown postcode is unknown.
    in_area = ~measures.outside_council(located["PL_POST"], la_code=la.code)
    problems = []
    for column, found in located.items():
        given = episodes[column].notna() & episodes[column].astype("str").str.strip().ne("")
        unknown = episodes[given.to_numpy() & found["laua"].isna().to_numpy()]
        for file, rows in unknown.groupby("_file", sort=True):
            first = rows.iloc[0]
            problems.append(
                Problem(
                    file=str(file),
                    row=None,
                    column=column,
                    value=str(first[column]),
                    reason=f"{len(rows)} postcodes are not in the ONS Postcode Directory "
                    f"(first on row {first['_row']}); their distance is unknown",
                    severity="warning",
                )
            )
    # The yes/no array itself, unknown as NA, so a return with no placement located still
    # saves the column as yes/no (saved_tables).
    placed = episodes.assign(DISTANCE=distance, PLACED_IN_AREA=in_area.array)
    return placed, problems


def _insert(model, columns: dict[str, list]) -> None:
    """Insert many rows without building a model instance per row (a national return's import
    problems can be tens of thousands): the ORM's bulk_create would build an instance and
    compile SQL for each batch; these values are already checked and typed, so they go in as
    plain tuples: streamed with COPY on PostgreSQL, one prepared statement per batch
    (executemany) elsewhere.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    names = ", ".join(quote(meta.get_field(name).column) for name in columns)
    rows = zip(*columns.values(), strict=True)
    # Table and column names come from our models; the values are parameters or COPY data.
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"  # noqa: S608
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, BATCH)):
            cursor.executemany(sql, batch)


def _save_table(return_obj: Return, name: str, frame: pd.DataFrame) -> int:
    """Save a table's rows, every column the reader gave (with where in the files each row
    was), as one archive (saved_tables, ADR 0030)."""
    layout, data = saved_tables.encode_table(frame.reset_index(drop=True))
    ReturnTable.objects.create(
        return_obj=return_obj, table=name, rows=len(frame), layout=layout, data=data
    )
    return len(frame)


def _save_problems(return_obj: Return, problems: list[Problem]) -> None:
    # Tuples, as the rows are (a national return can have tens of thousands of warnings).
    _insert(
        ImportProblem,
        {
            "return_obj": [return_obj.pk] * len(problems),
            "severity": [p.severity for p in problems],
            "file": [p.file[:255] for p in problems],
            "row": [p.row for p in problems],
            "column": [p.column or "" for p in problems],
            "value": [("" if p.value is None else str(p.value))[:255] for p in problems],
            "reason": [p.reason[:500] for p in problems],
        },
    )


def record_published_population(*, la: LocalAuthority) -> int:
    """Fill the council's 0-17 population from the ONS estimates shipped in fixtures/."""

    years = published_populations(la.code)
    for year, children in years.items():
        Population.objects.update_or_create(la=la, year=year, defaults={"children": children})
    return len(years)


def record_population(*, la: LocalAuthority, year: int, children: int) -> Population:
    """The council's 0-17 population for a collection year, as entered; replaces any before."""
    population, _ = Population.objects.update_or_create(
        la=la, year=year, defaults={"children": children}
    )
    return population
