"""The background task worker, made to survive a busy database and to clear tasks it lost.

django-tasks-db's worker (`db_worker`) dies when SQLite answers "database is locked" outside
the one place it retries (a long import holds the write lock for minutes), and queued work then
waits until someone restarts it. This worker runs the same loop but waits and tries again when
the database is locked, and it marks failed any task still "running" long after it started (its
worker was killed or the machine restarted), with a message, so that the page can offer to run
it again. Our `db_worker` command (sufficiency/management/commands/db_worker.py) runs it.
"""

from __future__ import annotations

import logging
import random
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.db.utils import OperationalError
from django.tasks.signals import task_finished
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

log = logging.getLogger(__name__)

# How often the worker looks for tasks that lost their worker.
STUCK_SWEEP_SECONDS = 60


class TaskStuck(Exception):
    """A task that ran past TASK_STUCK_AFTER_SECONDS: its worker stopped without finishing it."""


def fail_stuck_tasks(*, now=None, after_seconds: int | None = None) -> int:
    """Mark failed every task running longer than `after_seconds`; return how many."""
    now = now or timezone.now()
    after = after_seconds if after_seconds is not None else settings.TASK_STUCK_AFTER_SECONDS
    stuck = DBTaskResult.objects.running().filter(started_at__lt=now - timedelta(seconds=after))
    count = 0
    for result in stuck:
        minutes = max(1, round((now - result.started_at).total_seconds() / 60))
        result.set_failed(
            TaskStuck(
                f"The task stopped without finishing: it had been running for {minutes} minutes, "
                "longer than the limit of "
                f"{after // 60} minutes, and its worker had stopped. Run it again."
            )
        )
        log.warning("Task %s marked failed: running since %s", result.id, result.started_at)
        try:
            sender = type(result.task.get_backend())
        except ImportError:
            continue
        # Whoever keeps a status of their own for the task (an import) hears it failed.
        task_finished.send(sender=sender, task_result=result.task_result)
        count += 1
    return count


class SurvivingWorker(Worker):
    """django-tasks-db's Worker with a loop that outlives a locked database."""

    def run(self) -> None:
        log.info("Starting worker worker_id=%s queues=%s", self.worker_id, self.queue_names)
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 (spreads out workers starting together)
        last_sweep = 0.0
        while self.running:
            try:
                if time.monotonic() - last_sweep > STUCK_SWEEP_SECONDS:
                    fail_stuck_tasks()
                    last_sweep = time.monotonic()
                finished = self._poll_once()
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    raise
                # Another process holds the write lock (a long import): wait and try again.
                log.warning("Database locked; the worker tries again in %s s", self.interval)
                close_old_connections()
                time.sleep(max(self.interval, 0.1))
                continue
            if finished:
                return

    def _poll_once(self) -> bool:
        """Claim and run one task; True when the worker should stop (batch or max tasks)."""
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        if task_result is not None:
            self.run_task(task_result)
        if self.batch and task_result is None:
            return True
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            return True
        close_old_connections()
        if self.running and task_result is None:
            time.sleep(self.interval)
        return False
