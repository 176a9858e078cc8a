"""A web process warms itself before its first request: every area's views imported, the
first pages' templates compiled and each app's own warm-up run (placements: the stored cohorts),
which may fail on a database not migrated yet without stopping the process."""

import os
import subprocess
import sys
from pathlib import Path

from sufficiency.warm import FIRST_PAGES, warm_up

ROOT = Path(__file__).resolve().parents[2]
LOADED = (
    "import sys, sufficiency.wsgi; print(all(m in sys.modules for m in ("
    "'placements.cohort.views', 'reports.views', 'placements.forecast.views', 'plotly')))"
)


def test_warm_up_compiles_the_first_pages(db):
    assert warm_up() == FIRST_PAGES


def _start(warm: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(DJANGO_SETTINGS_MODULE="sufficiency.settings", DEBUG="1", WARM_UP=warm)
    result = subprocess.run([sys.executable, "-c", LOADED], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    return result.stdout.strip()


def test_a_new_web_process_has_every_areas_code_loaded_before_its_first_request():
    assert _start("1") == "True"
    assert _start("0") == "False"  # what the first request would otherwise have paid for


def test_an_app_that_cannot_reach_its_database_does_not_stop_the_start(db, monkeypatch):
    from django.db import OperationalError

    from placements.cohort import selectors

    def not_migrated():
        raise OperationalError("no such table: placements_return")

    monkeypatch.setattr(selectors, "warm_cohorts", not_migrated)
    assert warm_up() == FIRST_PAGES
