"""Load test (issue 17): signed-in users browsing on gunicorn over loopback, bounded in time.

The demo council (setup_demo) on a fresh database: SQLite in a temporary folder, or the
PostgreSQL server --database-url names (a new database is created on it and dropped after).
gunicorn runs with 3 workers; --users users each ask for Overview, Children in care, Market,
Action plan and the quarterly dashboard in turn, waiting --think seconds between pages, for
--seconds (at most 120). Each worker starts cold, as after a deploy: the first requests read the
stored cohort (ADR 0017). It stops by itself and prints errors and p50/p95 per page.

Target: 0 errors, p95 <= 500 ms per page, on SQLite and on PostgreSQL.

    .venv/bin/python bench/load.py [--users 50] [--seconds 120] [--think 1]
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:54329/postgres
"""

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LA = "E08000031"
PAGES = {
    "Overview": "/",
    "Children in care": "/children/",
    "Market": "/market/",
    "Action plan": "/actions/",
    "Dashboard": "/reports/dashboard/",
}
MAX_SECONDS = 120

# Sessions made directly in the session store, as allauth leaves them after password and TOTP.
USERS = r"""
import sys, time
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from sufficiency.councils import LocalAuthority, Membership, User
from tests.conftest import give_totp
la = LocalAuthority.objects.get(code="E08000031")
for i in range(int(sys.argv[-1])):
    user = User.objects.create_user(f"load{i}", password=None)
    Membership.objects.create(user=user, la=la, role="viewer")
    give_totp(user)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    now = time.time()
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "username": user.get_username()},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["current_la"] = "E08000031"
    session.create()
    print(session.session_key)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def postgres_database(url: str) -> tuple[str, str]:
    """A new database on the server `url` names: (its URL, its name)."""
    import psycopg

    name = f"bench_load_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), name


def drop_postgres_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=MAX_SECONDS)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between pages")
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite)")
    args = parser.parse_args()
    seconds = min(args.seconds, MAX_SECONDS)

    folder = Path(tempfile.mkdtemp(prefix="sufficiency-load-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    dropped = None
    if args.database_url:
        url, name = postgres_database(args.database_url)
        env["DATABASE_URL"] = url
        dropped = (args.database_url, name)
    env.update(
        DJANGO_SETTINGS_MODULE="sufficiency.settings", SUFFICIENCY_VAR_DIR=str(folder),
        SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false", SESSION_COOKIE_SECURE="false",
        MEDIA_ROOT=str(folder / "media"),
        POSTCODE_LOOKUP_DIR=os.environ.get("POSTCODE_LOOKUP_DIR", str(ROOT / "var" / "postcodes")),
    )  # fmt: skip

    def manage(*command: str) -> str:
        return subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                              check=True, capture_output=True, text=True).stdout  # fmt: skip

    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"Setting up the demo council on {database} in {folder} ...", flush=True)
    try:
        manage("migrate", "--noinput")
        manage("collectstatic", "--noinput", "-v0")
        manage("setup_demo")
        sessions = manage("shell", "-c", USERS.replace("sys.argv[-1]", str(args.users))).split()
        sessions = [s for s in sessions if len(s) == 32]
        run(env, sessions, seconds, args.think, database)
    finally:
        if dropped:
            drop_postgres_database(*dropped)


def run(env: dict, sessions: list[str], seconds: float, think: float, database: str) -> None:
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "sufficiency.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "3", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/{LA}"
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.5)
        lock = threading.Lock()
        stop = threading.Event()
        names = list(PAGES)

        def user(session: str, offset: int) -> None:
            n = offset
            while not stop.is_set():
                name = names[n % len(names)]
                n += 1
                request = urllib.request.Request(
                    base + PAGES[name], headers={"Cookie": f"sessionid={session}"}
                )
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        response.read()
                        status: int | str = response.status
                        final = response.url
                except urllib.error.HTTPError as exc:
                    status, final = exc.code, ""
                except OSError as exc:
                    status, final = repr(exc), ""
                took = time.perf_counter() - started
                with lock:
                    latencies[name].append(took)
                    if status != 200 or "/accounts/" in final:
                        errors.append(f"{name}: {status} {final if status == 200 else ''}")
                stop.wait(think)

        started = time.monotonic()
        threads = [threading.Thread(target=user, args=(s, i)) for i, s in enumerate(sessions)]
        for thread in threads:
            thread.start()
        stop.wait(seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=90)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    total = sum(len(v) for v in latencies.values())
    print(f"{database}: {len(sessions)} users, {think} s between pages, gunicorn 3 workers, "
          f"{elapsed:.0f} s")  # fmt: skip
    print(f"requests: {total:,} ({total / elapsed:.1f}/s), errors: {len(errors)}")
    print(f"{'page':<18} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name in PAGES:
        ordered = sorted(latencies[name])
        if not ordered:
            continue
        print(f"{name:<18} {len(ordered):>8} {statistics.median(ordered) * 1000:>8.0f} "
              f"{percentile(ordered, 0.95) * 1000:>8.0f} {ordered[-1] * 1000:>8.0f}")  # fmt: skip
    for error in sorted(set(errors))[:20]:
        print(f"  error: {error} ({errors.count(error)}x)")


if __name__ == "__main__":
    main()
