"""Market speed: importing Ofsted's providers list, and rendering the market overview.

Targets (issue 4): an Ofsted list of 4,000 providers imports in <= 5 s; the market overview
renders in <= 300 ms server time for the demo council.

    .venv/bin/python bench/bench_market.py [--providers 4000] [--returns DIR]
"""

import argparse
import csv
import io
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_fresh_database  # noqa: E402

TYPES = [
    ("Children's home", 0.6), ("Independent fostering agency", 0.1),
    ("Supported accommodation", 0.15), ("Residential special school", 0.08),
    ("Residential family centre", 0.04), ("Children's home", 0.03),
]  # fmt: skip
RATINGS = ["Outstanding", "Good", "Good", "Good", "Requires improvement to be good", "Inadequate"]


def ofsted_list(count: int, seed: int = 1) -> bytes:
    """A published-shape list of `count` providers with real postcodes spread over England."""
    from placements.cohort.postcodes import postcode_frame

    r = random.Random(seed)
    frame = postcode_frame()
    pool = frame.loc[frame["easting"].notna(), "postcode_nospace"].sample(count, random_state=seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["URN", "Provider type", "Provider subtype", "Sector", "Registration status",
         "Setting name", "Registration date", "Places", "Organisation which owns the provider",
         "Local authority", "Region", "Setting address postcode",
         "Overall experiences and progress of children and young people",
         "Latest full inspection date", "Registration categories"]
    )  # fmt: skip
    kinds = [t for t, _ in TYPES]
    weights = [w for _, w in TYPES]
    for i, postcode in enumerate(pool):
        kind = r.choices(kinds, weights)[0]
        inspected = date(2022, 1, 1) + timedelta(days=r.randint(0, 1200))
        writer.writerow(
            [f"SC{200000 + i}", kind, "", r.choice(["Private", "Private", "Voluntary",
             "Local Authority"]), "Active", f"Setting {i}",
             f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.randint(1995, 2022)}",
             "" if "fostering" in kind else r.randint(1, 12), f"Owner {i % 700}", "", "",
             f"{postcode[:-3]} {postcode[-3:]}", r.choice(RATINGS), f"{inspected:%d/%m/%Y}",
             "Emotional and behavioural difficulties"]
        )  # fmt: skip
    return out.getvalue().encode()


def bench_import(count: int) -> None:
    django_with_fresh_database("market-import")
    from placements.cohort import postcodes
    from placements.market.models import Inspection, Provider
    from placements.market.services import import_providers

    data = ofsted_list(count)
    postcodes._letter_table.cache_clear()  # a fresh server process: no postcodes loaded yet
    started = time.perf_counter()
    first = import_providers(name="providers.csv", data=data)
    cold = time.perf_counter() - started
    changed = data.replace(b",Good,", b",Outstanding,")
    started = time.perf_counter()
    second = import_providers(name="providers.csv", data=changed)
    warm = time.perf_counter() - started
    print(f"Ofsted list of {count:,} providers ({len(data) / 1e6:.1f} MB CSV)")
    print(f"  first import, creating all (cold postcodes) : {cold:6.2f} s "
          f"({first.created:,} created, {first.rejected} rejected)")  # fmt: skip
    print(f"  re-import, updating changed ratings         : {warm:6.2f} s "
          f"({second.updated:,} updated, {second.unchanged:,} unchanged)")  # fmt: skip
    print(f"  providers {Provider.objects.count():,}, inspections {Inspection.objects.count():,}, "
          f"history rows {Provider.history.count():,}")  # fmt: skip


def bench_overview(returns_dir: str | None) -> None:
    folder = django_with_fresh_database("market-overview")
    from django.conf import settings
    from django.test import Client

    from demo import synthetic
    from demo.council import create_demo_council
    from demo.market import load_demo
    from placements.cohort.services import import_files
    from sufficiency.councils import User

    settings.ALLOWED_HOSTS = ["testserver"]
    la, _ = create_demo_council(password="bench-password-1")
    out = Path(returns_dir) if returns_dir else folder / "returns"
    if not returns_dir:
        returns = synthetic.generate(la_code=la.code, first_year=2022, last_year=2025, seed=1)
        synthetic.write_returns(returns, out)
    for year in (2022, 2023, 2024, 2025):
        import_files(la=la, year=year, paths=[out / str(year)])
    started = time.perf_counter()
    load_demo(la=la)
    demo = time.perf_counter() - started
    client = Client()
    from tests.conftest import sign_in  # password and TOTP, as allauth records them

    sign_in(client, User.objects.get(username="viewer"))
    url = f"/{la.code}/market/"
    client.get(url)  # warm: the cohort cache and templates, as on a running server
    for name, target in (("overview", url), ("provider list", f"/{la.code}/market/providers/")):
        timings = []
        for _ in range(20):
            started = time.perf_counter()
            response = client.get(target)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        print(f"  {name:<36}: median {statistics.median(timings):5.0f} ms, "
              f"max {max(timings):5.0f} ms (20 requests)")  # fmt: skip
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        client.get(url + "?date=2024-03-31", headers={"HX-Request": "true"})
        timings.append((time.perf_counter() - started) * 1000)
    print(f"  {'overview at another date (htmx)':<36}: median {statistics.median(timings):5.0f} ms")
    print(f"  demo market loaded in {demo:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--providers", type=int, default=4000)
    parser.add_argument(
        "--returns", help="Folder of yearly 903 returns (generate_903 output) for E08000031"
    )
    args = parser.parse_args()
    bench_import(args.providers)
    print("Market overview, demo council (server time through Django's test client)")
    bench_overview(args.returns)


if __name__ == "__main__":
    main()
