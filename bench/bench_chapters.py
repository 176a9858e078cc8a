"""The strategy's chapters by type of home on the demo council: what they add to the strategy.

Times, in one warm process: the dashboard's figures at the date (what the strategy reads
anyway), the chapters built from them, and the whole strategy PDF with and without them
(target: 10 s warm). Run it
on a quiet machine: with several benchmarks or test runs sharing two cores every figure here
grows several times over.

    .venv/bin/python bench/bench_chapters.py
"""

import statistics
import sys
import time
from datetime import date
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_fresh_database  # noqa: E402


def timed(function, repeat: int) -> list[float]:
    results = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        results.append(time.perf_counter() - started)
    return results


def line(label: str, runs: list[float]) -> str:
    return (
        f"{label}: median {statistics.median(runs) * 1000:6.0f} ms "
        f"(runs {', '.join(f'{r * 1000:.0f}' for r in runs)} ms)"
    )


def main() -> None:
    django_with_fresh_database("chapters")
    from django.core.management import call_command

    call_command("setup_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from reports import chapters, selectors
    from reports.pdf import renderer
    from reports.rendering import render_report
    from sufficiency.councils import LocalAuthority

    la = LocalAuthority.objects.get(code="E08000031")
    on = date(2025, 3, 31)
    dash = selectors.dashboard(la, on)  # warm: the cohort cache, as on a running server
    chapters.chapters(dash)
    print(line("Dashboard figures at the date (read anyway)",
               timed(lambda: selectors.dashboard(la, on), 3)))  # fmt: skip
    print(line("The nine chapters from them", timed(lambda: chapters.chapters(dash), 5)))
    renderer.start()
    render_report(la=la, kind="strategy", on=on, fmt="pdf")  # warm: Chromium, fonts
    # With and without the chapters, runs interleaved so both see the same machine.
    with_chapters: list[float] = []
    without: list[float] = []
    for _ in range(3):
        with_chapters += timed(lambda: render_report(la=la, kind="strategy", on=on, fmt="pdf"), 1)
        with mock.patch.object(chapters, "chapters", lambda dash: []):
            without += timed(lambda: render_report(la=la, kind="strategy", on=on, fmt="pdf"), 1)
    print(line("Strategy PDF with the chapters (warm)", with_chapters))
    print(line("Strategy PDF without them (for comparison)", without))
    renderer.stop()


if __name__ == "__main__":
    main()
