"""A bounded loopback load run: 50 signed-in users on gunicorn while a large import writes.

Production settings (DEBUG off, hashed static files) on a fresh SQLite database in a temporary
folder. A council with a year of returns is loaded; then a large return of another year
(--children, default 20,000) is imported by `import_903` in its own process, holding SQLite's
write lock while it saves, and 50 users each request the council's pages one after another,
waiting --think seconds between pages, until the import has finished (or --max-seconds pass).
Any answer other than 200, or a request that fails, counts as an error. It stops by itself and
prints the figures.

    .venv/bin/python bench/bench_load.py [--users 50] [--children 20000] [--max-seconds 300]
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
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LA = "E08000031"
PAGES = ["/", "/children/", "/data/", "/market/", "/market/providers/", "/actions/", "/reports/"]

USERS = r"""
import sys
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from sufficiency.councils import LocalAuthority, Membership
la = LocalAuthority.objects.get(code="E08000031")
for i in range(int(sys.argv[-1])):
    user = get_user_model().objects.create_user(f"load{i}", password=None)
    Membership.objects.create(user=user, la=la, role="viewer")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["current_la"] = "E08000031"  # already browsing the council
    session.create()
    print(session.session_key)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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

    folder = Path(tempfile.mkdtemp(prefix="sufficiency-bench-load-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="sufficiency.settings", SUFFICIENCY_VAR_DIR=str(folder),
        SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false", MEDIA_ROOT=str(folder / "media"),
    )  # fmt: skip

    def manage(*command: str) -> str:
        return subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                              check=True, capture_output=True, text=True).stdout  # fmt: skip

    print(f"Setting up in {folder} ...", flush=True)
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput", "-v0")
    manage("generate_903", str(folder / "returns"), "--years", "2024",
           "--children", str(args.council_children))  # fmt: skip
    manage("generate_903", str(folder / "large"), "--years", "2025",
           "--children", str(args.children))  # fmt: skip
    manage("import_903", "--la", LA, "--year", "2024", str(folder / "returns" / "2024"))
    sessions = manage("shell", "-c", USERS.replace("sys.argv[-1]", str(args.users))).split()
    sessions = [s for s in sessions if len(s) == 32]

    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "sufficiency.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "3", "--threads", "8", "--timeout", "60",
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/{LA}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.5)

        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def user(session: str, offset: int) -> None:
            n = offset
            while not stop.is_set():
                page = PAGES[n % len(PAGES)]
                n += 1
                request = urllib.request.Request(
                    base + page, headers={"Cookie": f"sessionid={session}"}
                )
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        response.read()
                        status = response.status
                except urllib.error.HTTPError as exc:
                    status = exc.code
                except OSError as exc:
                    status = repr(exc)
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    if status != 200:
                        errors.append(f"{page}: {status}")
                stop.wait(args.think)

        importing = subprocess.Popen(
            [sys.executable, "manage.py", "import_903", "--la", LA, "--year", "2025",
             str(folder / "large" / "2025")],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        started = time.monotonic()
        threads = [threading.Thread(target=user, args=(s, i)) for i, s in enumerate(sessions)]
        for thread in threads:
            thread.start()
        while importing.poll() is None and time.monotonic() - started < args.max_seconds:
            time.sleep(0.5)
        import_seconds = time.monotonic() - started
        import_finished = importing.poll() is not None
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        if not import_finished:
            importing.kill()
    finally:
        server.terminate()
        server.wait(timeout=30)

    ordered = sorted(latencies)
    print(f"users: {len(sessions)}, {args.think} s between pages, pages: {', '.join(PAGES)}")
    print(f"council shown: {args.council_children:,} children generated for 2023-24")
    print(f"import of {args.children:,} children: "
          f"{'finished' if import_finished else 'stopped'} after {import_seconds:.1f} s "
          f"(exit {importing.returncode})")  # fmt: skip
    print(f"requests: {len(latencies):,}, errors: {len(errors)}, "
          f"throughput {len(latencies) / import_seconds:.1f}/s")  # fmt: skip
    if ordered:
        print(
            f"latency: median {statistics.median(ordered):.2f} s, "
            f"95th {ordered[int(0.95 * (len(ordered) - 1))]:.2f} s, max {ordered[-1]:.2f} s"
        )
    server_errors = sum(1 for e in errors if e.split(": ")[1].startswith("5"))
    timeouts = sum(1 for e in errors if "timed out" in e)
    print(f"of the errors: {server_errors} server errors (5xx), {timeouts} client timeouts (60 s)")
    for error in sorted(set(errors))[:20]:
        print(f"  error: {error} ({errors.count(error)}x)")


if __name__ == "__main__":
    main()
