"""Background work for the cohort: large imports run in the task worker, not the web request."""

import logging

from django.conf import settings
from django.tasks import task

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
