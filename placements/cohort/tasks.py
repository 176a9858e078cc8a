"""Background work for the cohort: large imports run in the task worker, not the web request."""

import logging

from django.tasks import task

from placements.cohort.models import Return
from placements.cohort.services import fail_return, import_return

log = logging.getLogger(__name__)


@task()
def import_return_task(return_id: int, accept: bool = False) -> str:
    return_obj = Return.objects.get(pk=return_id)
    try:
        return import_return(return_obj, accept=accept).status
    except Exception as exc:
        # Whatever went wrong, the user sees a failed import with a reason, never "running".
        log.exception("Import of return %s failed", return_id)
        return fail_return(return_obj, f"The import stopped with an error: {exc}").status
