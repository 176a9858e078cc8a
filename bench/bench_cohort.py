"""Cohort speed: import and measures for a council and at national scale; page render time.

Targets (issue 3): 3 yearly returns of a 2,000-child council import in <= 5 s, all measures at
one date <= 0.5 s; national scale (100,000 children, ~300,000 episode rows) import <= 60 s in
under 2 GB, measures <= 10 s (issue 11: the same with the measures contract version 4 keys);
the Children in care page <= 300 ms server time (demo council).

    .venv/bin/python bench/bench_cohort.py [--national]
"""

import argparse
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_with_fresh_database  # noqa: E402


def import_and_measure(children: int, label: str, seed: int = 7) -> None:
    folder = django_with_fresh_database(label)
    from demo import synthetic
    from placements.cohort import selectors
    from placements.cohort.services import import_files
    from sufficiency.councils import LocalAuthority

    returns = synthetic.generate(
        la_code="E08000031", first_year=2023, last_year=2025, children=children, seed=seed
    )
    out = folder / "returns"
    synthetic.write_returns(returns, out)
    la = LocalAuthority.objects.create(name="Bench", code="E08000031")
    started = time.perf_counter()
    for year in (2023, 2024, 2025):
        result = import_files(la=la, year=year, paths=[out / str(year)])
        assert result.status == "imported", result.error
    imported = time.perf_counter() - started
    episodes = len(selectors.imported_table(la=la, table="Episodes", columns=["CHILD"]))
    started = time.perf_counter()
    data = selectors.cohort(la=la)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    result = selectors.headline_measures(la=la, on=date(2025, 3, 31), data=data)
    measured = time.perf_counter() - started
    # The measures contract version 4 keys on their own (they are inside the figure above).
    from placements.cohort import measures

    on = date(2025, 3, 31)
    started = time.perf_counter()
    measures.legal_status(data.episodes, on=on)
    measures.ethnicity(data.episodes, data.header, on=on)
    measures.placement_codes(data.episodes, on=on)
    measures.ceased_by_reason(data.episodes, on=on)
    measures.outside_area(data.episodes, on=on, la_code=la.code)
    v4 = time.perf_counter() - started
    quarter_started = time.perf_counter()
    selectors.headline_measures(la=la, on=date(2024, 12, 31), data=data)
    quarter = time.perf_counter() - quarter_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {children:,} children, {episodes:,} episode rows in 3 returns")
    print(f"  import (read, check, distances, save) : {imported:6.2f} s")
    print(f"  load and merge the cohort (cold)      : {loaded:6.2f} s")
    print(f"  all measures at 31 March 2025         : {measured:6.2f} s  (cla {result['cla']:,})")
    print(f"  measures incl. cold load              : {loaded + measured:6.2f} s")
    print(f"  of which the version 4 keys alone     : {v4:6.2f} s")
    print(f"  all measures at 31 December 2024      : {quarter:6.2f} s")
    print(f"  peak memory of the process            : {peak:6.0f} MB (includes generating data)")


def page_render() -> None:
    folder = django_with_fresh_database("page")
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("setup_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    from sufficiency.councils import LocalAuthority, User

    la = LocalAuthority.objects.get(code="E08000031")
    client = Client()
    from tests.conftest import sign_in  # password and TOTP, as allauth records them

    sign_in(client, User.objects.get(username="viewer"))
    url = f"/{la.code}/children/"
    client.get(url)  # warm: the cohort cache and templates, as on a running server
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    filtered = []
    for _ in range(20):
        started = time.perf_counter()
        client.get(url, {"uasc": "not_uasc", "age": "10_15"}, headers={"HX-Request": "true"})
        filtered.append((time.perf_counter() - started) * 1000)
    print(f"Children in care page, demo council ({folder.name}):")
    print(f"  full page   median {statistics.median(timings):5.0f} ms, max {max(timings):5.0f} ms")
    print(
        f"  htmx filter median {statistics.median(filtered):5.0f} ms, max {max(filtered):5.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--national", action="store_true", help="also 100,000 children")
    parser.add_argument("--part", choices=["council", "national", "page"])
    args = parser.parse_args()
    if args.part == "council":
        import_and_measure(2_000, "council")
    elif args.part == "national":
        import_and_measure(100_000, "national")
    elif args.part == "page":
        page_render()
    else:
        # Each part in its own process, so memory and caches do not carry over.
        parts = ["council", "page"] + (["national"] if args.national else [])
        for part in parts:
            subprocess.run([sys.executable, __file__, "--part", part], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
