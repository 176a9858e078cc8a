"""A bounded loopback load run: 50 signed-in users on gunicorn while a large import writes.

Production settings (DEBUG off, hashed static files) on a fresh SQLite database in a temporary
folder. A council with a year of returns is loaded; then a large return of another year
(--children, default 20,000) is imported by `import_903` in its own process, holding SQLite's
write lock while it saves, and 50 users each request the council's pages one after another,
waiting --think seconds between pages, until the import has finished (or --max-seconds pass).
Any answer other than 200, a request that fails or times out (30 s), or one sent to the
sign-in page counts as an error (bench/_gunicorn.py). It stops by itself and
prints the figures.

    .venv/bin/python bench/bench_load.py [--users 50] [--children 20000] [--max-seconds 300]
"""

import argparse
import subprocess
import sys
import time

from _gunicorn import (
    ROOT,
    browse,
    gunicorn,
    manage,
    production_env,
    signed_in_sessions,
    temporary_folder,
)

LA = "E08000031"
PAGES = {
    path: f"/{LA}{path}"
    for path in ["/", "/children/", "/data/", "/market/", "/market/providers/", "/actions/",
                 "/reports/"]
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--children", type=int, default=20000, help="in the large return")
    parser.add_argument(
        "--council-children",
        type=int,
        default=3000,
        help="in the year already loaded, which the pages show",
    )
    parser.add_argument("--think", type=float, default=1.0,
                        help="seconds each user waits between pages")  # fmt: skip
    parser.add_argument("--max-seconds", type=float, default=300)
    args = parser.parse_args()

    with temporary_folder("bench-load") as folder:
        env = production_env(folder)
        print(f"Setting up in {folder} ...", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "generate_903", str(folder / "returns"), "--years", "2024",
               "--children", str(args.council_children))  # fmt: skip
        manage(env, "generate_903", str(folder / "large"), "--years", "2025",
               "--children", str(args.children))  # fmt: skip
        manage(env, "import_903", "--la", LA, "--year", "2024", str(folder / "returns" / "2024"))
        sessions = signed_in_sessions(env, LA, args.users)

        with gunicorn(env, workers=3, threads=8) as server:
            importing = subprocess.Popen(
                [sys.executable, "manage.py", "import_903", "--la", LA, "--year", "2025",
                 str(folder / "large" / "2025")],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            started = time.monotonic()

            def until_imported() -> None:
                while importing.poll() is None and time.monotonic() - started < args.max_seconds:
                    time.sleep(0.5)

            try:
                results = browse(server.base, sessions, PAGES, think=lambda _: args.think,
                                 until=until_imported)  # fmt: skip
            finally:
                import_seconds = time.monotonic() - started
                import_finished = importing.poll() is not None
                if not import_finished:
                    importing.kill()
                    importing.wait()

    print(f"users: {len(sessions)}, {args.think} s between pages, pages: {', '.join(PAGES)}")
    print(f"council shown: {args.council_children:,} children generated for 2023-24")
    print(f"import of {args.children:,} children: "
          f"{'finished' if import_finished else 'stopped'} after {import_seconds:.1f} s "
          f"(exit {importing.returncode})")  # fmt: skip
    results.print(import_seconds, list(PAGES))


if __name__ == "__main__":
    main()
