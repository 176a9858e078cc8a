"""Server time of each inline edit on the action plan, on a demo-sized plan.

Builds a throwaway SQLite database in a temporary directory, loads the demo strategy (seven
priorities, 23 actions with updates, nine measures), then runs each inline edit 50 times through
django.test.Client as an editor with htmx headers and prints the median and 95th percentile in
milliseconds, with the SQL queries per request.

Run: .venv/bin/python bench/bench_action_plan.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = tempfile.TemporaryDirectory()
os.environ["SUFFICIENCY_VAR_DIR"] = TMP.name
os.environ["DATABASE_URL"] = f"sqlite:///{TMP.name}/bench.sqlite3"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sufficiency.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = 50


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("setup_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from sufficiency.councils import User
    from sufficiency.plan.models import Action

    client = Client()
    from tests.conftest import sign_in  # password and TOTP, as allauth records them

    sign_in(client, User.objects.get(username="editor"))
    action = Action.objects.select_related("priority__strategy__la").order_by("pk")[5]
    la = action.priority.strategy.la.code
    lead = User.objects.get(username="admin").pk
    htmx = {"HTTP_HX_REQUEST": "true"}
    base = f"/{la}/actions/{action.pk}"
    prefix = f"action-{action.pk}"
    statuses = ["at_risk", "on_track"]
    dates = ["2027-03-31", "2027-06-30"]
    owners = ["Fostering service", "Commissioning"]

    def version() -> int:
        return Action.objects.values_list("version", flat=True).get(pk=action.pk)

    def post_field(field, values):
        def run(i, v):
            return client.post(
                f"{base}/edit/",
                {
                    "field": field,
                    f"{prefix}-{field}": values[i % 2],
                    f"{prefix}-version": v,
                },
                **htmx,
            )

        return run

    def add_update(i, v):
        return client.post(
            f"{base}/update/",
            {
                f"update-{action.pk}-text": f"Quarterly update {i}",
                f"update-{action.pk}-status": statuses[i % 2],
                f"update-{action.pk}-date": "2026-09-30",
                f"update-{action.pk}-version": v,
            },
            **htmx,
        )

    cases = [
        (
            "open the status form (GET)",
            lambda i, v: client.get(f"{base}/edit/?field=status", **htmx),
        ),
        ("save status", post_field("status", statuses)),
        ("save due date", post_field("due", dates)),
        ("save owner", post_field("owner", owners)),
        ("save lead", post_field("lead", [lead, ""])),
        ("add an update", add_update),
        (
            "filter the plan (htmx)",
            lambda i, v: client.get(f"/{la}/actions/?status=at_risk&sort=due", **htmx),
        ),
        ("whole plan page", lambda i, v: client.get(f"/{la}/actions/")),
    ]
    print(f"{'request':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, run in cases:
        timings, queries = [], 0
        run(0, version())  # warm up
        for i in range(RUNS):
            v = version()  # the version the person's form carries, read before the clock starts
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = run(i, v)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (name, response.status_code)
            queries = len(captured)
        timings.sort()
        p95 = timings[int(0.95 * (len(timings) - 1))]
        print(f"{name:32} {statistics.median(timings):10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
