"""Run DfE's SSDA903 validation rules (Data to Insight's csc-validator-be-903) on one return.

Runs in its own environment (var/dfe-validator, Python 3.11: the library pins pandas<2 and
numpy<1.25, see docs/adr/0014-dfe-validation-rules-apart.md), never in the product's. It
speaks JSON: the request on stdin, the result on stdout, so it needs nothing of the product.

Request:  {"year": 2025, "la": "E08000031",
           "this_year": ["/path/header.csv", ...], "previous_year": ["/path/...", ...]}
Result:   {"ruleset": "lac2024_25", "seconds": 3.2, "rules_run": 312, "rules_skipped": [...],
           "rules_failed": [...], "error": "",
           "issues": [{"rule": "103", "description": "...", "fields": ["ETHNIC"],
                       "table": "Header", "row": 5, "child": "123"}, ...]}
`row` is the line in the table's file counting the header as line 1.
"""

import importlib
import io
import json
import logging
import sys
import time
from contextlib import redirect_stdout

logging.basicConfig(level=logging.WARNING, force=True)


def ruleset_for(year: int, available: list[str]) -> str:
    """The rules of the collection year (2025 -> lac2024_25), or the nearest published."""
    wanted = f"lac{year - 1}_{year % 100:02d}"
    if wanted in available:
        return wanted
    earlier = [r for r in available if r <= wanted]
    return max(earlier) if earlier else min(available)


def run(request: dict) -> dict:
    started = time.perf_counter()
    # Importing the library logs and prints; keep stdout for the JSON result.
    with redirect_stdout(io.StringIO()):
        from lac_validator import lac_validator
        from lac_validator.report import Report
        from lac_validator.rules import __path__ as rules_path

    import pkgutil

    available = sorted(m.name for m in pkgutil.iter_modules(rules_path) if m.name.startswith("lac"))
    year = int(request["year"])
    ruleset = ruleset_for(year, available)
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry
    files = []
    for description, key in (("This year", "this_year"), ("Prev year", "previous_year")):
        for path in request.get(key) or []:
            with open(path, "rb") as handle:
                files.append(
                    {"name": path, "description": description, "file_content": handle.read()}
                )
    result = {"ruleset": ruleset, "issues": [], "rules_run": 0, "rules_skipped": [],
              "rules_failed": [], "error": ""}  # fmt: skip
    try:
        with redirect_stdout(io.StringIO()):
            validator = lac_validator.LacValidator(
                metadata={"collectionYear": str(year), "localAuthority": request["la"]},
                files=files,
                registry=registry,
                selected_rules=None,
            )
            report = Report(validator.ds_results, registry)
    except Exception as exc:  # the library's own message says what it could not read
        result["error"] = f"{type(exc).__name__}: {exc}"
        result["seconds"] = round(time.perf_counter() - started, 2)
        return result
    rules = {rule.code: rule for rule in registry.values()}
    table = report.report
    for column in [c for c in table.columns if c.startswith("ERR_")]:
        code = column[4:]
        failing = table[table[column] == True]  # noqa: E712 (a column of True and NaN)
        rule = rules.get(code)
        for _, row in failing.iterrows():
            result["issues"].append(
                {
                    "rule": code,
                    "description": rule.message if rule else "",
                    "fields": sorted(rule.affected_fields) if rule else [],
                    "table": str(row["Table"]),
                    # The data store keeps the CSV's 0-based data row as the index.
                    "row": int(row["RowID"]) + 2,
                    "child": "" if row["CHILD"] != row["CHILD"] else str(row["CHILD"]),
                }
            )
    result["rules_run"] = len(validator.dones)
    result["rules_skipped"] = sorted(validator.skips)
    result["rules_failed"] = sorted(validator.fails)
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
