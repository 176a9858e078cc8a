"""Making PDFs in the background: the web request only records what was asked for."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from reports.models import GeneratedReport
from reports.rendering import render_report

log = logging.getLogger(__name__)


@task()
def generate_report_task(report_id: int) -> str:

    report = GeneratedReport.objects.select_related("la").get(pk=report_id)
    GeneratedReport.objects.filter(pk=report_id).update(
        status=GeneratedReport.Status.RUNNING, progress=10, stage="Gathering the figures", error=""
    )
    try:

        def progress(percent: int, stage: str) -> None:
            GeneratedReport.objects.filter(pk=report_id).update(progress=percent, stage=stage)

        pdf, pages = render_report(
            la=report.la, kind=report.kind, on=report.reference_date, fmt="pdf", progress=progress
        )
    except Exception as exc:
        log.exception("Report %s failed", report_id)
        GeneratedReport.objects.filter(pk=report_id).update(
            status=GeneratedReport.Status.FAILED, error=str(exc) or type(exc).__name__,
            stage="Failed", finished_at=timezone.now(),
        )  # fmt: skip
        return "failed"
    name = f"{report.la.code}-{report.kind}-{report.reference_date.isoformat()}-{report.pk}.pdf"
    with transaction.atomic():
        report.file.save(name, ContentFile(pdf), save=False)
        GeneratedReport.objects.filter(pk=report_id).update(
            file=report.file.name, status=GeneratedReport.Status.DONE, progress=100,
            stage="Ready", pages=pages, finished_at=timezone.now(),
        )  # fmt: skip
    return "done"
