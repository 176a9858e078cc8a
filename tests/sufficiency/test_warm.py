"""A web process warms itself before its first request: every area's views imported, the
first pages' templates compiled and each app's own warm-up run (placements: the stored cohorts
and the figures kept per data version), which may fail on a database not migrated yet without
stopping the process."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from django.apps import apps

from placements.cohort import selectors as cohort_selectors
from placements.cohort.services import create_return, import_return
from placements.forecast.reporting import forecast_section
from placements.market.selectors import market_at
from sufficiency.warm import FIRST_PAGES, warm_up
from tests.placements.returns import episodes, header

ROOT = Path(__file__).resolve().parents[2]
LOADED = (
    "import sys, sufficiency.wsgi; print(all(m in sys.modules for m in ("
    "'placements.cohort.views', 'reports.views', 'placements.forecast.views', 'plotly')))"
)


def test_warm_up_compiles_the_first_pages(db):
    assert warm_up() == FIRST_PAGES


def _start(warm: str, folder: Path) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    # Its own (empty) database: the warm-up reads the councils' data, and a process opening the
    # default SQLite file would create it in var/.
    environment.update(DJANGO_SETTINGS_MODULE="sufficiency.settings", DEBUG="1", WARM_UP=warm,
                       DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", LOADED], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    return result.stdout.strip()


def test_a_new_web_process_has_every_areas_code_loaded_before_its_first_request(tmp_path):
    assert _start("1", tmp_path) == "True"
    assert _start("0", tmp_path) == "False"  # what the first request would otherwise have paid for


def test_an_app_that_cannot_reach_its_database_does_not_stop_the_start(db, monkeypatch):
    from django.db import OperationalError

    from placements.cohort import selectors

    def not_migrated():
        raise OperationalError("no such table: placements_return")

    monkeypatch.setattr(selectors, "warm_cohorts", not_migrated)
    assert warm_up() == FIRST_PAGES


def _two_years_imported(la) -> date:
    """Two years of returns, so there is a reference period to forecast from; returns the
    cohort's latest quarter end, the dashboard's default date."""
    for year in (2024, 2025):
        import_return(create_return(la=la, year=year, user=None, uploads=[
            header("1,1,01/06/2010,WBRI,,,", "2,2,15/01/2008,BAFR,,,"),
            episodes("1,01/05/2022,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
                     "2,01/06/2023,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,"),
        ]))  # fmt: skip
    return cohort_selectors.default_reference_date(cohort_selectors.cohort(la=la))


def test_warming_works_out_the_dashboards_market_and_forecast_before_any_page(la):
    on = _two_years_imported(la)

    # warm_up() runs this; it is run here on its own because warm_up() also closes the
    # database connection, which would end the test's transaction. The cohort is stored at
    # import, so the app's warm-up reads it from there (a new object in this process's cache).
    apps.get_app_config("placements").warm_up()
    data = cohort_selectors.cohort(la=la)
    kept = dict(data.memo)  # before any page could have worked them out

    # The pages find them already worked out: the very objects kept on the cohort.
    assert market_at(la=la, on=on) is kept[("market", on)][1]
    assert forecast_section(la=la, on=on) is kept[("forecast", on)][1]


def test_warming_works_out_the_latest_dashboard_before_any_page(la):
    on = _two_years_imported(la)

    for config in ("placements", "reports"):  # as warm_up() runs them, in INSTALLED_APPS order
        apps.get_app_config(config).warm_up()

    # The dashboard's measures at its default date were kept with the cohort the warm-up read.
    assert ("snapshot", on) in cohort_selectors.cohort(la=la).memo


def test_any_failure_while_warming_is_logged_and_the_process_starts(db, monkeypatch, caplog):
    from placements.cohort import selectors

    def broken():
        raise ValueError("a council's data its page would also fail on")

    monkeypatch.setattr(selectors, "warm_cohorts", broken)
    assert warm_up() == FIRST_PAGES
    assert "Could not warm up placements" in caplog.text
