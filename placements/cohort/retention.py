"""Deleting a council's children's data: one return, the whole cohort, or returns older than
the retention period. Each deletion removes the rows, the uploaded files and the import's
problems, and leaves one audit record."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction

from placements.cohort import store
from placements.cohort.models import Return, ReturnFile
from sufficiency.audit import services as audit
from sufficiency.audit.models import Action
from sufficiency.calendar import collection_year
from sufficiency.councils import LocalAuthority, User


def _delete(returns) -> int:
    """Delete returns with their saved tables and problems, then their uploaded files from
    storage."""
    with transaction.atomic():
        doomed = list(returns)
        files = list(ReturnFile.objects.filter(return_obj__in=doomed))
        # The saved tables and problems go with their returns (on_delete=CASCADE), in one
        # statement each: nothing refers to them, so Django deletes them without reading them.
        Return.objects.filter(pk__in=[r.pk for r in doomed]).delete()
    # The stored cohorts hold the deleted children too: they go with the rows (ADR 0017); the
    # next page builds the council's remaining returns afresh.
    for la_pk in {r.la_id for r in doomed}:
        store.forget(la_pk)
    for kept in files:
        # After the commit, so a file never goes while its record stays.
        kept.file.delete(save=False)
    return len(doomed)


def delete_return(*, return_obj: Return, by: User | None, request=None) -> None:
    la, label, pk = return_obj.la, return_obj.label, return_obj.pk
    _delete(Return.objects.filter(pk=pk))
    audit.record(
        Action.DELETE,
        f"Deleted the {label} return (import {pk})",
        request=request,
        user=by,
        la=la,
        year=return_obj.year,
        return_id=pk,
    )


def delete_cohort(*, la: LocalAuthority, by: User | None, request=None) -> int:
    count = _delete(Return.objects.filter(la=la))
    audit.record(
        Action.DELETE,
        f"Deleted the whole cohort: {count} imports of SSDA903 returns",
        request=request,
        user=by,
        la=la,
        imports=count,
    )
    return count


@dataclass(frozen=True)
class RetentionResult:
    la: LocalAuthority
    oldest_kept: int
    deleted: list[int]


def enforce_retention(
    *, today: date, years: int | None = None, dry_run: bool = False
) -> list[RetentionResult]:
    """Delete every council's returns for collection years older than the last `years`
    (SUFFICIENCY_RETENTION_YEARS), counting the collection year `today` is in."""
    years = years if years is not None else settings.SUFFICIENCY_RETENTION_YEARS
    oldest_kept = collection_year(today) - years + 1
    results = []
    for la in LocalAuthority.objects.filter(returns__year__lt=oldest_kept).distinct():
        old = Return.objects.filter(la=la, year__lt=oldest_kept)
        old_years = sorted(set(old.values_list("year", flat=True)))
        if not dry_run:
            count = _delete(old)
            audit.record(
                Action.DELETE,
                f"Retention: deleted {count} imports of returns for collection years before "
                f"{oldest_kept - 1}-{str(oldest_kept)[-2:]} (keeping {years} years)",
                la=la,
                years=old_years,
            )
        results.append(RetentionResult(la, oldest_kept, old_years))
    return results
