"""Reports speed on the demo council: the dashboard page's server time, and each PDF with a
warm chart renderer (Chromium already started), including drawing every chart.

Targets (issues 6 and 12): dashboard page <= 300 ms; quarterly PDF <= 3 s; strategy PDF <= 10 s.
Issue 17: dashboard page <= 150 ms; quarterly PDF <= 2 s; strategy PDF <= 5 s.

Each PDF is made once with every chart drawn by Chromium, then RUNS times more from unchanged
data, so that its charts come from the SVG cache (ADR 0017) and the runs measure WeasyPrint; the
median of those is the figure against the targets. On a shared machine compare the CPU
figures: wall times carry everyone else's work. ADRs 0027 and 0029 say where the time goes.

    .venv/bin/python bench/bench_reports.py
"""

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_fresh_database  # noqa: E402

RUNS = 5


def timed(function, repeat: int, cpu: list[float] | None = None) -> list[float]:
    """Wall times of each run; CPU times (time.process_time, this process only: Chromium's
    work for the charts is not in it) appended to `cpu` when given."""
    results = []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        results.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.process_time() - started_cpu)
    return results


def main() -> None:
    django_with_fresh_database("reports")
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("setup_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from reports.pdf import renderer
    from reports.rendering import render_report
    from sufficiency.councils import LocalAuthority, User

    la = LocalAuthority.objects.get(code="E08000031")
    client = Client()
    from tests.conftest import sign_in  # password and TOTP, as allauth records them

    sign_in(client, User.objects.get(username="viewer"))
    url = f"/{la.code}/reports/dashboard/?date=2025-03-31"
    warm = client.get(url)  # warm: the cohort cache and templates, as on a running server
    assert warm.status_code == 200, (warm.status_code, warm.get("Location"))
    page_cpu: list[float] = []
    page = [t * 1000 for t in timed(lambda: client.get(url), 20, page_cpu)]
    print("Quarterly dashboard page (demo council, warm process):")
    print(f"  median {statistics.median(page):5.0f} ms, max {max(page):5.0f} ms wall; "
          f"median {statistics.median(page_cpu) * 1000:5.0f} ms CPU")  # fmt: skip

    started = time.perf_counter()
    renderer.start()
    print(f"Chart renderer start (Chromium through kaleido): {time.perf_counter() - started:.1f} s")
    on = date(2025, 3, 31)
    for kind in ("quarterly", "strategy"):
        pages = []

        def make(kind=kind, pages=pages):
            _, count = render_report(la=la, kind=kind, on=on, fmt="pdf")
            pages.append(count)

        first_cpu: list[float] = []
        first = timed(make, 1, first_cpu)[0]
        cpu: list[float] = []
        runs = timed(make, RUNS, cpu)
        print(
            f"{kind.capitalize()} PDF, {pages[-1]} pages: first (every chart drawn) "
            f"{first:.2f} s wall, {first_cpu[0]:.2f} s CPU; "
            f"then median {statistics.median(runs):.2f} s, "
            f"runs {', '.join(f'{r:.2f}' for r in runs)} s wall; "
            f"median {statistics.median(cpu):.2f} s CPU"
        )
    renderer.stop()


if __name__ == "__main__":
    main()
