"""Shared by the load benchmarks (load.py, bench_load.py): the app on gunicorn over loopback with
production settings, signed-in users, and timed requests. One implementation of each, so the
two benchmarks cannot drift apart in how they start, sign in or count an error.
"""

import math
import os
import secrets
import shutil
import signal
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A request still unanswered after this long counts as an error (the browser would have given up
# long before); it also bounds how long a benchmark waits for its last requests after it stops.
CLIENT_TIMEOUT = 30

# Signed-in sessions made in the session store by the tests' own sign-in (tests/conftest.py:
# the records allauth writes after the password and the TOTP code), each a viewer of the
# council, already browsing it. Printed one a line after a marker, so nothing else a command
# prints (warnings, audit lines) can be mistaken for a session key.
_SESSIONS = r"""
from django.test import Client
from sufficiency.councils import LocalAuthority, Membership, User
from tests.conftest import sign_in
la = LocalAuthority.objects.get(code=CODE)
for i in range(COUNT):
    user = User.objects.create_user(f"load{i}", password=None)
    Membership.objects.create(user=user, la=la, role="viewer")
    client = sign_in(Client(), user)
    session = client.session
    session["current_la"] = CODE
    session.save()
    print("session", session.session_key)
"""


@contextmanager
def temporary_folder(prefix: str) -> Iterator[Path]:
    """A folder for the run's SQLite database, media, stored cohort and static files, removed
    afterwards however the run ends."""
    folder = Path(tempfile.mkdtemp(prefix=f"sufficiency-{prefix}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server `server_url` names, dropped afterwards
    (with any connection still open to it); yields its URL."""
    import psycopg

    name = f"bench_load_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        parts = urllib.parse.urlsplit(server_url)
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(folder: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment the README's "Running in production" sets: DEBUG off, a real secret key,
    one allowed host. Only HTTPS is relaxed (loopback speaks plain HTTP, as behind a proxy that
    terminates TLS). Without `database_url`, SQLite in `folder`."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="sufficiency.settings", DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false", SESSION_COOKIE_SECURE="false",
        SUFFICIENCY_VAR_DIR=str(folder), MEDIA_ROOT=str(folder / "media"),
        # The postcode look-up is built once per install (make install), not per run.
        POSTCODE_LOOKUP_DIR=os.environ.get("POSTCODE_LOOKUP_DIR", str(ROOT / "var" / "postcodes")),
        LOG_LEVEL="WARNING",
    )  # fmt: skip
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(env: dict[str, str], *command: str) -> str:
    """Run a manage.py command in its own process; its output, or an error with its stderr."""
    result = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=900)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(command)[:60]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def signed_in_sessions(env: dict[str, str], la_code: str, count: int) -> list[str]:
    """`count` new viewers of the council, each signed in: their session keys."""
    code = _SESSIONS.replace("CODE", repr(la_code)).replace("COUNT", str(count))
    keys = [
        line.split()[1] for line in manage(env, "shell", "-c", code).splitlines()
        if line.startswith("session ")
    ]  # fmt: skip
    if len(keys) != count:
        raise RuntimeError(f"{len(keys)} sessions made, {count} asked for")
    return keys


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:<port>
    pid: int  # gunicorn's master

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by the master and its live workers (None without Linux's
        /proc): beside wall times on a shared machine, it tells the server's own work from
        waiting for a core."""
        try:
            pids = [self.pid, *map(int, Path(f"/proc/{self.pid}/task/{self.pid}/children")
                                   .read_text().split())]  # fmt: skip
            ticks = 0
            for pid in pids:
                # utime and stime: fields 14 and 15, counted after the ")" closing the name.
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])
        except (OSError, ValueError):
            return None
        return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int, threads: int = 1) -> Iterator[Server]:
    """The app on gunicorn as the README runs it (--preload: the start-up warm-up is done once,
    in the master, before the workers fork), on a free loopback port; yields it once it
    answers. Stopped afterwards: asked to stop gracefully, killed (with its workers, which
    share its process group) if it has not within 30 s."""
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "sufficiency.wsgi", "--preload",
         "--workers", str(workers), "--threads", str(threads), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({server.returncode}) before answering")
            try:
                with urllib.request.urlopen(f"{base}/accounts/login/", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not answer within 120 s") from None
                time.sleep(0.5)
        yield Server(base, server.pid)
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def get(url: str, session: str) -> tuple[float, str | None]:
    """Ask for a page as a signed-in user: (seconds to the whole answer, the error or None).
    An error is anything but a 200, a failed or unanswered request, or a 200 that is the
    sign-in page (the session was not accepted)."""
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    started = time.perf_counter()
    error = None
    try:
        with urllib.request.urlopen(request, timeout=CLIENT_TIMEOUT) as response:
            response.read()
            if "/accounts/" in urllib.parse.urlsplit(response.url).path:
                error = "sent to sign in"
    except urllib.error.HTTPError as exc:
        error = f"HTTP {exc.code}"
    except OSError as exc:
        error = type(exc).__name__ + (f" ({exc.reason})" if hasattr(exc, "reason") else "")
    return time.perf_counter() - started, error


@dataclass
class Results:
    """What users saw: seconds per page, and the errors (page: what went wrong)."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, took: float, error: str | None) -> None:
        with self.lock:
            self.seconds[page].append(took)
            if error:
                self.errors.append(f"{page}: {error}")

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.seconds.values())

    def print(self, elapsed: float, pages: list[str]) -> None:
        print(f"requests: {self.requests:,} ({self.requests / elapsed:.1f}/s), "
              f"errors: {len(self.errors)}")  # fmt: skip
        print(f"{'page':<18} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for page in pages:
            ordered = sorted(self.seconds.get(page, []))
            if ordered:
                p50, p95 = statistics.median(ordered), percentile(ordered, 0.95)
                print(f"{page:<18} {len(ordered):>8} {p50 * 1000:>8.0f} {p95 * 1000:>8.0f} "
                      f"{ordered[-1] * 1000:>8.0f}")  # fmt: skip
        for error in sorted(set(self.errors))[:20]:
            print(f"  error: {error} ({self.errors.count(error)}x)")


def percentile(ordered: list[float], p: float) -> float:
    """The nearest-rank percentile of sorted values: the smallest value with at least p of the
    values at or below it."""
    return ordered[max(1, math.ceil(len(ordered) * p)) - 1]


def browse(
    base: str,
    sessions: list[str],
    pages: dict[str, str],
    think: Callable[[int], float],
    until: Callable[[], object],
) -> Results:
    """Each session asks for the pages in turn (user i starting at page i), waiting think(i)
    seconds after each answer, until `until()` returns; a request already sent then is still
    answered (or times out) and counted. Returns when every user has had their last answer."""
    results = Results()
    stop = threading.Event()
    names = list(pages)

    def user(i: int) -> None:
        n = i
        stop.wait(think(i))  # people arrive over the first moments, not in one instant
        while not stop.is_set():
            name = names[n % len(names)]
            n += 1
            took, error = get(base + pages[name], sessions[i])
            results.add(name, took, error)
            stop.wait(think(i))

    threads = [threading.Thread(target=user, args=(i,)) for i in range(len(sessions))]
    for thread in threads:
        thread.start()
    try:
        until()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return results
