"""An import killed with SIGKILL in the middle of saving leaves the council's data as it was
(issue 15, finding 2). Real processes on a real SQLite file: import_903 is started on a large
generated return and killed while it writes."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.placements.returns import episodes, header

ROOT = Path(__file__).resolve().parents[2]
LA = "E08000031"  # Wolverhampton: the generator's and the postcode directory's council


def project_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    return {**env, "DJANGO_SETTINGS_MODULE": "sufficiency.settings",
            "SUFFICIENCY_VAR_DIR": str(var_dir)}  # fmt: skip


def manage(var_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=project_env(var_dir),
                          capture_output=True, text=True, timeout=600, check=True)  # fmt: skip


def query(database: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(database, timeout=30) as reading:
        return reading.execute(sql, params).fetchall()


def writing(database: Path) -> bool:
    """Whether another connection holds the database's write lock: inside a transaction that
    has written (SQLite lets one writer at a time begin an IMMEDIATE transaction)."""
    trying = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        trying.execute("BEGIN IMMEDIATE")
        trying.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        trying.close()


SAVED = (
    'SELECT t.return_obj_id, t."table", t.rows, t.data FROM placements_returntable t ORDER BY 1, 2'
)


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite")
def test_an_import_killed_while_saving_changes_nothing(tmp_path):
    database = tmp_path / "sufficiency.sqlite3"
    manage(tmp_path, "migrate", "--noinput")
    # The year as first imported: 2 children, 3 episodes.
    small = tmp_path / "small"
    small.mkdir()
    for name, data in (
        header("1,1,01/06/2010,WBRI,A1,,", "2,2,15/01/2008,BAFR,A2,,"),
        episodes("1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
                 "1,01/09/2024,T,C2,N1,U4,PR4,,,,WV1 1AA,B1 1AA,",
                 "2,01/06/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,WV1 1AA,"),
    ):  # fmt: skip
        (small / name).write_bytes(data)
    manage(tmp_path, "import_903", "--la", LA, "--year", "2025", str(small))
    before = {
        "tables": query(database, SAVED),
        "returns": query(database, "SELECT id, status FROM placements_return ORDER BY id"),
    }
    assert [(t[1], t[2]) for t in before["tables"]] == [("Episodes", 3), ("Header", 2)]
    assert before["returns"][0][1] == "imported"
    figures = ("measures", "--la", LA, "--date", "2025-03-31", "--format", "json")
    measures_before = manage(tmp_path, *figures).stdout

    # A large return of the same year, which would replace the first: killed while saving.
    manage(tmp_path, "generate_903", str(tmp_path / "big"), "--years", "2025",
           "--children", "30000")  # fmt: skip
    importing = subprocess.Popen(
        [sys.executable, "manage.py", "import_903", "--yes", "--la", LA, "--year", "2025",
         str(tmp_path / "big" / "2025")],
        cwd=ROOT, env=project_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while not query(database, "SELECT 1 FROM placements_return WHERE stage = 'Saving'"):
        assert importing.poll() is None, "the import ended before it started saving"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    # Into the writing: the import's transaction has begun to write (the old rows deleted, the
    # new ones going in); the commit must not come first.
    while not writing(database):
        assert importing.poll() is None, "the import finished before it could be killed"
        assert time.monotonic() < deadline
    assert importing.poll() is None, "the import finished before it could be killed"
    os.kill(importing.pid, signal.SIGKILL)
    importing.wait(timeout=30)
    # What was committed says whether the kill came while saving (not a test of the product:
    # when this fails, the return is too small for this machine to catch it mid-write).
    assert query(database, "SELECT stage FROM placements_return ORDER BY id")[1] == ("Saving",)

    after = {
        "tables": query(database, SAVED),
        "returns": query(database, "SELECT id, status FROM placements_return ORDER BY id"),
    }
    assert after["tables"] == before["tables"]
    # The first import is still the year's; the killed one never finished.
    assert after["returns"][0] == before["returns"][0]
    assert after["returns"][1][1] == "running"
    # The council's figures are the ones it had.
    assert manage(tmp_path, *figures).stdout == measures_before
