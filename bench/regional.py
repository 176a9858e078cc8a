"""A region's speed: 14 councils of 2,000 children each (three yearly returns), all sharing.

Targets (issue 20): the regional view <= 500 ms warm; the regional board report PDF <= 15 s.

    .venv/bin/python bench/regional.py [--keep FOLDER]

--keep FOLDER reuses the database a previous run left in FOLDER (it prints where), skipping the
eight minutes of imports.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_with_fresh_database  # noqa: E402

# Greater Manchester's ten districts and four of Merseyside's: metropolitan districts, so each
# council is one district and its children are placed in and around it, across neighbours.
COUNCILS = [f"E080000{n:02d}" for n in range(1, 15)]
CHILDREN = 2000


CPU: list[float] = []  # the process's CPU seconds of each timed run, beside its wall time


def timed(function, repeat: int) -> list[float]:
    """Wall seconds of each run. The machine may be shared: the CPU seconds the process used
    (CPU) say what the run costs on a core of its own."""
    results = []
    CPU.clear()
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        function()
        results.append(time.perf_counter() - started)
        CPU.append(time.process_time() - cpu)
    return results


def _reuse(folder: Path) -> Path:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sufficiency.settings")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="a previous run's folder, to reuse its data")
    args = parser.parse_args()
    folder = _reuse(args.keep) if args.keep else django_with_fresh_database("regional")
    print(f"Database in {folder}")
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from demo import synthetic
    from placements.cohort.services import import_files
    from reports.pdf import renderer
    from reports.regions import rendering, selectors
    from sufficiency.councils import LocalAuthority
    from sufficiency.regions.models import Region, RegionalMembership, RegionMember
    from sufficiency.roles import RegionalRole
    from tests.conftest import sign_in
    from tests.factories import UserFactory

    settings.ALLOWED_HOSTS = ["testserver"]
    region, made = Region.objects.get_or_create(code="bench", defaults={"name": "Bench region"})
    started = time.perf_counter()
    for i, code in enumerate(COUNCILS if made else []):
        returns = synthetic.generate(
            la_code=code, first_year=2023, last_year=2025, children=CHILDREN, seed=i + 1
        )
        out = folder / code
        synthetic.write_returns(returns, out)
        la = LocalAuthority.objects.create(name=f"Council {code}", code=code)
        for year in (2023, 2024, 2025):
            result = import_files(la=la, year=year, paths=[out / str(year)])
            assert result.status == "imported", result.error
        RegionMember.objects.create(region=region, la=la, shares=True)
    print(f"Set-up: {len(COUNCILS)} councils of {CHILDREN:,} children imported in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip

    user = UserFactory(username="regional")
    RegionalMembership.objects.get_or_create(
        user=user, region=region, defaults={"role": RegionalRole.REGIONAL_ANALYST}
    )
    client = Client()
    sign_in(client, user)
    on = "2025-03-31"
    for name, url in (
        ("Regional view (members side by side)", f"/regions/bench/?date={on}"),
        ("Placements across borders", f"/regions/bench/placements/?date={on}"),
        ("Shared market", f"/regions/bench/market/?date={on}"),
    ):
        started = time.perf_counter()
        first = client.get(url)
        cold = time.perf_counter() - started
        assert first.status_code == 200, first.status_code
        runs = [t * 1000 for t in timed(lambda url=url: client.get(url), 10)]
        cpu = statistics.median(CPU) * 1000
        print(f"{name}: first {cold:5.2f} s; warm median {statistics.median(runs):4.0f} ms, "
              f"max {max(runs):4.0f} ms (CPU median {cpu:4.0f} ms)")  # fmt: skip

    members = selectors.sharing_members(region)
    renderer.start()  # the PDF draws no chart; Chromium is not needed, started as a server is

    def report() -> int:
        at = selectors.region_at(region=region, on=date(2025, 3, 31), members=members)
        context = rendering.report_context(
            region, at, selectors.region_market(at), not_sharing=0, made=timezone.localtime()
        )
        return rendering.pdf(context)[1]

    runs = timed(report, 3)
    cpu = statistics.median(CPU)
    pages = report()
    print(f"Regional board report PDF, {pages} pages: median {statistics.median(runs):.2f} s, "
          f"runs {', '.join(f'{r:.2f}' for r in runs)} s (CPU median {cpu:.2f} s)")  # fmt: skip
    selectors._CACHE.clear()
    cold = timed(report, 1)[0]
    print(f"Regional board report PDF with the region's figures worked out afresh: {cold:.2f} s "
          f"(CPU {CPU[0]:.2f} s)")  # fmt: skip
    print(f"Load average while measuring: {os.getloadavg()[0]:.1f} (2 cores)")
    renderer.stop()


if __name__ == "__main__":
    main()
