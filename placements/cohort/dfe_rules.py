"""DfE's SSDA903 validation rules on a return, run apart from the product.

Data to Insight's csc-validator-be-903 (the rules 50+ councils run before they submit) pins
pandas<2, so it runs in its own Python 3.11 environment (settings.DFE_VALIDATOR_PYTHON, made by
`make install`) through scripts/dfe_validator_runner.py, which speaks JSON. The import never
waits for it or depends on it: it runs after the import, as a background step, and its
findings are shown beside the import's own (docs/adr/0014-dfe-validation-rules-apart.md).
"""

import json
import subprocess
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils import timezone

from placements.cohort.models import DfeRulesRun, Return

RUNNER = Path(settings.BASE_DIR) / "scripts" / "dfe_validator_runner.py"
TIMEOUT_SECONDS = 30 * 60
READABLE = {".csv", ".xml"}


def installed() -> bool:
    return Path(settings.DFE_VALIDATOR_PYTHON).exists()


def _write_files(return_obj: Return, folder: Path) -> list[str]:
    """The return's files as sent, with zips opened, into `folder`; the runner reads paths."""
    paths = []
    for index, kept in enumerate(return_obj.files.all()):
        data = kept.file.open("rb").read()
        members: list[tuple[str, bytes]] = []
        if data[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(kept.file.path) as archive:
                members = [
                    (PurePosixPath(i.filename).name, archive.read(i))
                    for i in archive.infolist()
                    if not i.is_dir() and PurePosixPath(i.filename).suffix.lower() in READABLE
                    and not PurePosixPath(i.filename).name.startswith(".")
                ]  # fmt: skip
        else:
            members = [(kept.name, data)]
        for number, (name, content) in enumerate(members):
            target = folder / f"{index}-{number}-{name}"
            target.write_bytes(content)
            paths.append(str(target))
    return paths


def run_rules(return_obj: Return) -> DfeRulesRun:
    """Run the rules on an imported return, with the previous year's return when loaded."""
    DfeRulesRun.objects.filter(return_obj=return_obj).delete()
    run = DfeRulesRun.objects.create(return_obj=return_obj)
    if not installed():
        run.status = DfeRulesRun.Status.MISSING
        run.error = (
            f"The DfE rules' environment ({settings.DFE_VALIDATOR_PYTHON}) is not installed on "
            "this server; `make install` creates it."
        )
        run.finished_at = timezone.now()
        run.save()
        return run
    previous = (
        Return.objects.filter(
            la=return_obj.la, year=return_obj.year - 1, status=Return.Status.IMPORTED
        )
        .order_by("-pk")
        .first()
    )
    with tempfile.TemporaryDirectory(prefix="dfe-rules-") as temp:
        this_year = Path(temp) / "this"
        last_year = Path(temp) / "previous"
        this_year.mkdir()
        last_year.mkdir()
        request = {
            "year": return_obj.year,
            "la": return_obj.la.code,
            "this_year": _write_files(return_obj, this_year),
            "previous_year": _write_files(previous, last_year) if previous else [],
        }
        try:
            completed = subprocess.run(  # noqa: S603 (our interpreter, our script, no shell)
                [str(settings.DFE_VALIDATOR_PYTHON), str(RUNNER)],
                input=json.dumps(request),
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return _failed(run, f"The rules took longer than {TIMEOUT_SECONDS // 60} minutes")
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no message"])[-1]
        return _failed(run, f"The rules stopped with an error: {last}")
    result = json.loads(completed.stdout)
    run.ruleset = result.get("ruleset", "")
    run.with_previous_year = previous is not None
    run.seconds = result.get("seconds")
    run.rules_run = result.get("rules_run", 0)
    run.issues = result.get("issues", [])
    run.error = result.get("error", "")
    run.status = DfeRulesRun.Status.FAILED if run.error else DfeRulesRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    return run


def _failed(run: DfeRulesRun, reason: str) -> DfeRulesRun:
    run.status = DfeRulesRun.Status.FAILED
    run.error = reason
    run.finished_at = timezone.now()
    run.save()
    return run


def by_rule(issues: list[dict]) -> list[dict]:
    """Failing rows grouped by rule: the rule, its fields, how many children and rows."""
    groups: dict[str, dict] = {}
    for issue in issues:
        group = groups.setdefault(
            issue["rule"],
            {"rule": issue["rule"], "description": issue["description"],
             "fields": issue["fields"], "tables": set(), "children": set(), "rows": []},
        )  # fmt: skip
        group["tables"].add(issue["table"])
        if issue["child"]:
            group["children"].add(issue["child"])
        group["rows"].append(issue)
    ordered = sorted(groups.values(), key=lambda g: (-len(g["rows"]), g["rule"]))
    return [
        {**g, "tables": sorted(g["tables"]), "children": len(g["children"]),
         "row_count": len(g["rows"]), "examples": g["rows"][:5]}
        for g in ordered
    ]  # fmt: skip
