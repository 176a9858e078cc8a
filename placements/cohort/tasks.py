"""Background work for the cohort: large imports run in the task worker, not the web request."""

import logging

from django.conf import settings
from django.dispatch import receiver
from django.tasks import TaskResultStatus, task
from django.tasks.signals import task_finished

from placements.cohort import dfe_rules
from placements.cohort.models import DfeRulesRun, Return
from placements.cohort.services import fail_return, import_return

log = logging.getLogger(__name__)


@task()
def import_return_task(return_id: int, accept: bool = False) -> str:
    return_obj = Return.objects.get(pk=return_id)
    try:
        status = import_return(return_obj, accept=accept).status
    except Exception as exc:
        # Whatever went wrong, the user sees a failed import with a reason, never "running".
        log.exception("Import of return %s failed", return_id)
        return fail_return(return_obj, f"The import stopped with an error: {exc}").status
    if status == Return.Status.IMPORTED and settings.DFE_RULES_AFTER_IMPORT:
        dfe_rules_task.enqueue(return_id)
    return status


@task()
def dfe_rules_task(return_id: int) -> str:
    """DfE's validation rules on an imported return; the import never waits for them."""
    return_obj = Return.objects.get(pk=return_id)
    try:
        return dfe_rules.run_rules(return_obj).status
    except Exception as exc:
        log.exception("DfE rules on return %s failed", return_id)
        DfeRulesRun.objects.update_or_create(
            return_obj=return_obj,
            defaults={"status": DfeRulesRun.Status.FAILED, "error": f"The rules stopped: {exc}"},
        )
        return DfeRulesRun.Status.FAILED


@receiver(task_finished)
def import_failed_outside_the_task(sender, task_result, **kwargs) -> None:
    """An import whose task failed without finishing it (its worker was killed, and the worker
    later marked the task failed) ends as a failed import that can be run again."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    if task_result.task.module_path != import_return_task.module_path or not task_result.args:
        return
    stopped = Return.objects.filter(
        pk=task_result.args[0], status__in=(Return.Status.QUEUED, Return.Status.RUNNING)
    ).first()
    if stopped is not None:
        fail_return(
            stopped, "The import stopped before it finished (its worker stopped). Run it again."
        )
