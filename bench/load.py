"""Load test (issue 17): signed-in users browsing on gunicorn over loopback, for at most 2 minutes.

Target: 0 errors and p95 <= 500 ms per page, on SQLite and on PostgreSQL.

Set-up, outside the timed window: a fresh database (SQLite in a temporary folder, or a new
database on the PostgreSQL server --database-url names), migrated, static files collected
(WhiteNoise serves them, as the README's production set-up does), the demo council
(setup_demo, whose imports also store the cohort per data version, ADR 0017) and --users
viewers signed in with password and TOTP. gunicorn then runs as the README runs it in
production: DEBUG off, sync workers (--workers, default 3: the issue's baseline on this 2-core
machine) and --preload, so the start-up warm-up (sufficiency/warm.py) runs once in the master
before the workers fork: code and templates loaded, and the figures kept per data version in
the process (the market and the forecast with its rolling backtests, ADR 0017) worked out for
the council's latest quarter, so every worker starts with them, as after a deploy. One request
per page then checks that the set-up works (a failure stops the run before anything is timed).

The timed window: each user asks for Overview, Children in care, Market, Action plan and the
quarterly dashboard in turn, starting at a different page, and reads each page for a random
2-8 seconds (mean 5 s, --think) before the next: a person reading a summary page takes a few
seconds, and 50 people clicking every second is not what 50 signed-in commissioners do. Users
arrive over the first think time rather than in one instant. No new request is sent after
--seconds (at most 120); requests already sent are answered or time out (30 s, an error).
Static files are not asked for: a browser keeps them after the first page.

It stops by itself, stops gunicorn and removes the temporary folder or drops the database, and
prints the errors, p50/p95/max per page and requests per second. On a shared machine the
figures carry other people's work; they are pessimistic there.

    .venv/bin/python bench/load.py [--users 50] [--seconds 120] [--think 5] [--workers 3]
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:54329/postgres
"""

import argparse
import os
import random
import threading
import time
from contextlib import ExitStack

from _gunicorn import (
    browse,
    get,
    gunicorn,
    manage,
    postgres_database,
    production_env,
    signed_in_sessions,
    temporary_folder,
)

LA = "E08000031"  # the demo council
PAGES = {
    "Overview": f"/{LA}/",
    "Children in care": f"/{LA}/children/",
    "Market": f"/{LA}/market/",
    "Action plan": f"/{LA}/actions/",
    "Dashboard": f"/{LA}/reports/dashboard/",
}
MAX_SECONDS = 120


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=MAX_SECONDS, help="at most 120")
    parser.add_argument("--think", type=float, default=5.0,
                        help="mean seconds a user reads a page (0.4-1.6 times it)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite)")
    args = parser.parse_args()
    seconds = min(args.seconds, MAX_SECONDS)
    database = "PostgreSQL" if args.database_url else "SQLite"

    with ExitStack() as stack:
        folder = stack.enter_context(temporary_folder("load"))
        url = None
        if args.database_url:
            url = stack.enter_context(postgres_database(args.database_url))
        env = production_env(folder, url)
        print(f"Setting up the demo council on {database} ...", flush=True)
        for step, command in (
            ("migrate", ["migrate", "--noinput"]),
            ("collectstatic", ["collectstatic", "--noinput", "-v0"]),
            ("setup_demo", ["setup_demo"]),
        ):
            started = time.monotonic()
            manage(env, *command)
            print(f"  {step}: {time.monotonic() - started:.0f} s", flush=True)
        sessions = signed_in_sessions(env, LA, args.users)

        started = time.monotonic()
        server = stack.enter_context(gunicorn(env, workers=args.workers))
        print(
            f"  gunicorn answering, warm-up included: {time.monotonic() - started:.0f} s",
            flush=True,
        )
        for name, path in PAGES.items():
            took, error = get(server.base + path, sessions[0])
            if error:
                raise RuntimeError(f"set-up check: {name}: {error}")
            print(f"  first {name}: {took * 1000:.0f} ms", flush=True)

        print(f"Browsing: {args.users} users for {seconds:.0f} s ...", flush=True)
        # One generator per user, seeded by its number: the same run can be repeated.
        draws = [random.Random(i) for i in range(args.users)]
        started, cpu, client_cpu = time.monotonic(), server.cpu_seconds(), time.process_time()
        load = os.getloadavg()[0]
        results = browse(
            server.base, sessions, PAGES,
            think=lambda i: draws[i].uniform(0.4, 1.6) * args.think,
            until=lambda: threading.Event().wait(seconds),
        )  # fmt: skip
        elapsed = time.monotonic() - started
        client_cpu = time.process_time() - client_cpu
        if cpu is not None and (cpu_after := server.cpu_seconds()) is not None:
            cpu = cpu_after - cpu
        load = max(load, os.getloadavg()[0])

    print(f"{database}: {args.users} users reading each page {0.4 * args.think:.0f}-"
          f"{1.6 * args.think:.0f} s, gunicorn --preload {args.workers} sync workers, "
          f"{seconds:.0f} s of browsing, last answer after {elapsed:.0f} s")  # fmt: skip
    results.print(elapsed, list(PAGES))
    if cpu is not None and results.requests:
        print(f"gunicorn's CPU: {cpu:.0f} s in {elapsed:.0f} s ({cpu / elapsed:.2f} of "
              f"{os.cpu_count()} cores), {cpu / results.requests * 1000:.0f} ms a request; "
              f"machine's load average {load:.1f} (other work shares the cores)")  # fmt: skip
    print(f"this script's CPU (the users' side, on the same cores): {client_cpu:.1f} s")


if __name__ == "__main__":
    main()
