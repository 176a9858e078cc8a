"""The task worker survives a locked database and clears tasks that lost their worker
(issue 15, finding 2). The locked database is real: another SQLite connection holds the write
lock while a real worker process polls."""

import os
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from placements.cohort.models import Return
from placements.cohort.services import create_return
from placements.cohort.tasks import import_return_task
from sufficiency.worker import fail_stuck_tasks
from tests.placements.returns import episodes, header

ROOT = Path(__file__).resolve().parents[2]


def project_env(var_dir: Path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="sufficiency.settings",
        SUFFICIENCY_VAR_DIR=str(var_dir),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        **extra,
    )
    return env


def manage(var_dir: Path, *args: str, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=project_env(var_dir, **extra),
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip


def task_status(database: Path, task_id: str) -> str:
    with sqlite3.connect(database, timeout=30) as reading:
        row = reading.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
            (task_id.replace("-", ""),),
        ).fetchone()
    return row[0]


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite")
def test_worker_keeps_running_through_a_locked_database(tmp_path):
    database = tmp_path / "sufficiency.sqlite3"
    manage(tmp_path, "migrate", "--noinput")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay",
         "--no-reload"],
        cwd=ROOT, env=project_env(tmp_path, SQLITE_BUSY_TIMEOUT="1"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        # Wait until it is polling an empty queue: its start-up checks also read the database.
        started = ""
        while "Starting worker" not in started:
            line = worker.stdout.readline()
            assert line, "the worker stopped before it started: " + started
            started += line
        time.sleep(1)
        assert worker.poll() is None, worker.communicate()[0]
        # Hold the write lock, as a long import does, across several of the worker's polls
        # and busy timeouts: django-tasks-db's own loop died at the first.
        holder = sqlite3.connect(database, timeout=1, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        time.sleep(5)
        holder.execute("COMMIT")
        holder.close()
        assert worker.poll() is None, worker.communicate()[0]
        # And it still runs what is queued afterwards.
        enqueued = manage(
            tmp_path, "shell", "-c",
            "from tests.hardening.tasks import ping; print(ping.enqueue().id)",
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        deadline = time.monotonic() + 60
        while task_status(database, enqueued) != TaskResultStatus.SUCCESSFUL:
            assert worker.poll() is None, worker.communicate()[0]
            assert time.monotonic() < deadline, "the task never ran"
            time.sleep(0.3)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert "Database locked" in output


def test_a_task_stuck_past_the_timeout_is_failed_and_its_import_can_run_again(db, la, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_STUCK_AFTER_SECONDS = 3600
    upload = [header("1,1,01/06/2010,WBRI,A1,,"), episodes("1,01/05/2024,S,C2,N1,U1,PR1,,,,,,")]
    return_obj = create_return(la=la, year=2025, uploads=upload, user=None)
    result = import_return_task.enqueue(return_obj.pk)
    # Its worker claimed it 61 minutes ago and was then killed: it never finished.
    started = timezone.now() - timedelta(minutes=61)
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=started
    )
    Return.objects.filter(pk=return_obj.pk).update(status=Return.Status.RUNNING, progress=60)
    # One claimed 10 minutes ago is still within the limit and is left alone.
    recent = import_return_task.enqueue(return_obj.pk)
    DBTaskResult.objects.filter(id=recent.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=10)
    )

    assert fail_stuck_tasks() == 1

    stuck = DBTaskResult.objects.get(id=result.id)
    assert stuck.status == TaskResultStatus.FAILED
    assert "running for 61 minutes" in stuck.traceback
    assert DBTaskResult.objects.get(id=recent.id).status == TaskResultStatus.RUNNING
    return_obj.refresh_from_db()
    assert return_obj.status == Return.Status.FAILED
    assert "Run it again" in return_obj.error
