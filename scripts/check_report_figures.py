"""Check the JSON figures of both documents for a council at some dates (issue 12).

    .venv/bin/python scripts/check_report_figures.py E08000031 2024-12-31 2025-03-31

For each document and date: no key with two values, every benchmark figure a rate or a
percentage, nothing dated after the report but forecast figures (made from a base date on or
before it), and `cla` equal to `manage.py measures` at that date. Exits non-zero on a failure.
"""

import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

PYTHON = str(Path(".venv/bin/python"))


def manage(*args: str) -> str:
    return subprocess.run(  # noqa: S603 - our own manage.py, arguments from the command line
        [PYTHON, "manage.py", *args], capture_output=True, text=True, check=True
    ).stdout


def check(la: str, kind: str, on: str) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "figures.json"
        manage("render_report", "--la", la, "--kind", kind, "--date", on, "--format", "json",
               "--out", str(out))  # fmt: skip
        rows = json.loads(out.read_text())["figures"]
    values = defaultdict(set)
    for f in rows:
        values[f["key"]].add(json.dumps(f["value"]))
    problems = [f"{k} has {len(v)} values" for k, v in values.items() if len(v) > 1]
    problems += [
        f"benchmark {f['key']} is a {f.get('kind')}"
        for f in rows
        if f["source"] == "benchmark" and f.get("kind") not in ("rate", "percent")
    ]
    problems += [
        f"{f['key']} describes {f['as_at']}, after the report"
        for f in rows
        if f["as_at"] > on and not (f["source"] == "forecast" and f.get("base_date", on) <= on)
    ]
    cla = [f["value"] for f in rows if f["key"] == "cla"]
    measured = json.loads(manage("measures", "--la", la, "--date", on))["cla"]
    if cla != [measured]:
        problems.append(f"cla {cla} but measures gives {measured}")
    print(f"{kind} {on}: {len(rows)} figures, cla {cla}, {len(problems)} problems")
    return problems


def main(la: str, *dates: str) -> int:
    problems = [
        p for on in dates for kind in ("quarterly", "strategy") for p in check(la, kind, on)
    ]
    for problem in problems:
        print("  " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *sys.argv[2:]))
