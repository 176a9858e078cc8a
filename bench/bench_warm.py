"""Fast from the first request (issue 17, ADR 0017): each figure in a fresh process, as a new
web worker or command would meet it. Prints wall time and CPU time (time.process_time): on a
shared machine the wall time carries other people's work, the CPU time much less of it.

Parts (each in its own process; all by default):

- import     national-scale import (--children over 3 yearly returns) against a bare
             pandas.read_csv of the same files in the same run (the ratio), peak memory;
             it also builds the stored cohort, as every import does
- cold       cold cohort load of that council in a new process (from the stored version),
             and the same built afresh for comparison (from the tables each return saved,
             ADR 0030)
- first      first request after process start: the Children in care page, signed in, after
             the web warm-up wsgi.py runs (WARM_UP=0 to measure without it)
- fixed      a council's yearly import process: its fixed cost before the first row
             (Django start-up, the postcode directory ready), and the whole of a tiny import

Targets: first request <= 0.5 s at x50 scale; cold cohort load of 100,000 children <= 0.5 s;
import <= 10x read_csv, peak memory < 1 GB; fixed cost <= 1.5 s.

    .venv/bin/python bench/bench_warm.py [--children 100000] [--part import|cold|first|fixed]
    .venv/bin/python bench/bench_warm.py --folder /tmp/x   # reuse a database made before
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT  # noqa: E402

LA = "E08000031"
YEARS = (2023, 2024, 2025)


def clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float], end: tuple[float, float] | None = None) -> str:
    wall, cpu = end or clocks()
    return f"{wall - start[0]:6.2f} s wall, {cpu - start[1]:6.2f} s CPU"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def environment(folder: Path) -> None:
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}"
    )
    os.environ["SUFFICIENCY_VAR_DIR"] = str(folder / "var")
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    # The postcode look-up as `make install` builds it (manage.py build_postcodes).
    os.environ.setdefault("POSTCODE_LOOKUP_DIR", str(ROOT / "var" / "postcodes"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sufficiency.settings")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    sys.path.insert(0, str(ROOT))


def part_import(folder: Path, children: int) -> None:
    environment(folder)
    returns = folder / "returns"
    if not returns.exists():
        # Generated in a child process, so this one's peak memory is the import's alone.
        subprocess.run(
            [sys.executable, "manage.py", "generate_903", str(returns), "--years",
             f"{YEARS[0]}-{YEARS[-1]}", "--children", str(children), "--la", LA],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
    import pandas as pd

    def read_bare() -> tuple[float, float]:
        start = clocks()
        rows = sum(len(pd.read_csv(path, dtype=str)) for path in sorted(returns.rglob("*.csv")))
        end = clocks()
        print(f"bare pandas.read_csv of every file ({rows:,} rows): {since(start, end)}")
        return end[0] - start[0], end[1] - start[1]

    # The machine's speed drifts by a fifth within minutes: the bare read is timed before and
    # after the import, and the import compared with the mean of the two.
    before = read_bare()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from placements.cohort import store
    from placements.cohort.services import cohort_built_once, import_files
    from sufficiency.councils import LocalAuthority

    la, _ = LocalAuthority.objects.get_or_create(code=LA, defaults={"name": "Bench"})
    start = clocks()
    with cohort_built_once():  # one history imported together: its cohort stored once
        for year in YEARS:
            result = import_files(la=la, year=year, paths=[returns / str(year)])
            assert result.status == "imported", result.error
        saved = clocks()  # the block's end builds the stored cohort
    done = clocks()
    took, took_cpu = done[0] - start[0], done[1] - start[1]
    peak = peak_mb()
    after = read_bare()
    bare, bare_cpu = (before[0] + after[0]) / 2, (before[1] + after[1]) / 2
    print(f"import of {children:,} children, 3 returns (with the stored cohort): "
          f"{since(start, done)}")  # fmt: skip
    print(f"  bare read_csv, mean of before and after: {bare:6.2f} s wall, {bare_cpu:6.2f} s CPU")
    print(f"  ratio to read_csv: {took / bare:.1f}x wall, {took_cpu / bare_cpu:.1f}x CPU "
          "(target <= 10x)")  # fmt: skip
    print(f"  of which reading, checking and saving the returns: {since(start, saved)} "
          f"({(saved[1] - start[1]) / bare_cpu:.1f}x read_csv's CPU)")  # fmt: skip
    print(f"  and building the stored cohort with the Children in care page's figures: "
          f"{since(saved, done)}")  # fmt: skip
    print(f"  peak memory of the import: {peak:.0f} MB (target < 1,024 MB)")
    stored = list((store.root() / str(la.pk)).glob("*"))
    print(f"  stored cohort versions: {len(stored)}")


def part_cold(folder: Path) -> None:
    environment(folder)
    start = clocks()
    import django

    django.setup()
    from placements.cohort import selectors
    from sufficiency.councils import LocalAuthority

    print(f"process start and Django set-up: {since(start)}")
    la = LocalAuthority.objects.get(code=LA)
    start = clocks()
    data = selectors.cohort(la=la)
    assert data is not None
    children = data.header["CHILD"].nunique()
    print(f"cold cohort load ({children:,} children, {len(data.episodes):,} episodes), "
          f"stored version: {since(start)} (target <= 0.5 s)")  # fmt: skip
    start = clocks()
    selectors.load_cohort(la)
    print(f"the same built afresh from the returns' saved tables, merged and prepared (once a "
          f"version): {since(start)}")  # fmt: skip


def part_first(folder: Path) -> None:
    environment(folder)
    start = clocks()
    import django

    django.setup()
    if os.environ.get("WARM_UP", "1") != "0":
        # What sufficiency/wsgi.py does before a web worker takes its first request.
        from sufficiency.warm import warm_up

        warm_up()
        print(f"process start, Django set-up and warm-up (wsgi.py; WARM_UP=0 skips it): "
              f"{since(start)}")  # fmt: skip
    from django.conf import settings
    from django.test import Client

    from sufficiency.councils import LocalAuthority, Membership, User
    from tests.conftest import sign_in

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    la = LocalAuthority.objects.get(code=LA)
    user = User.objects.filter(username="bench-viewer").first()
    if user is None:
        user = User.objects.create_user("bench-viewer", password=None)
        Membership.objects.create(user=user, la=la, role="viewer")
    client = Client()
    sign_in(client, user)
    print(f"process start, Django set-up and signing in: {since(start)}")
    start = clocks()
    response = client.get(f"/{la.code}/children/")
    assert response.status_code == 200, response.status_code
    print(f"first request, Children in care: {since(start)} (target <= 0.5 s)")
    start = clocks()
    client.get(f"/{la.code}/children/")
    print(f"second request, Children in care: {since(start)}")


def part_fixed(folder: Path) -> None:
    """A new process importing a one-child return: what it pays before its first row."""
    small = folder / "small"
    if not small.exists():
        subprocess.run(
            [sys.executable, "manage.py", "generate_903", str(small), "--years", "2025",
             "--children", "1", "--la", LA],
            cwd=ROOT, check=True, capture_output=True, env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"},
        )  # fmt: skip
    environment(folder)
    start = clocks()
    import django

    django.setup()
    from placements.cohort import postcodes
    from placements.cohort.services import import_files
    from sufficiency.councils import LocalAuthority

    postcodes.compact_directory()
    print(f"fixed cost before the first row (start-up, postcodes ready): {since(start)} "
          "(target <= 1.5 s)")  # fmt: skip
    # Another council, so the large one's data (the other parts' subject) stays as it is.
    la, _ = LocalAuthority.objects.get_or_create(code="E08000025", defaults={"name": "Other"})
    result = import_files(la=la, year=2025, paths=[small / "2025"], accept=True)
    print(f"whole tiny import process ({result.status}): {since(start)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--part", choices=["import", "cold", "first", "fixed"])
    parser.add_argument("--folder", help="a folder from an earlier run (default: a new one)")
    args = parser.parse_args()
    folder = Path(args.folder or tempfile.mkdtemp(prefix="sufficiency-bench-warm-"))
    folder.mkdir(parents=True, exist_ok=True)  # a new --folder: SQLite cannot create its parent
    if args.part == "import":
        part_import(folder, args.children)
    elif args.part == "cold":
        part_cold(folder)
    elif args.part == "first":
        part_first(folder)
    elif args.part == "fixed":
        part_fixed(folder)
    else:
        print(f"folder: {folder}", flush=True)
        for part in ("import", "cold", "first", "fixed"):
            print(f"--- {part}", flush=True)
            command = [__file__, "--part", part, "--folder", str(folder), "--children",
                       str(args.children)]  # fmt: skip
            subprocess.run([sys.executable, *command], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
