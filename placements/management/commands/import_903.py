import argparse
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from placements.cohort import dfe_rules
from placements.cohort.models import Return
from placements.cohort.presenters import import_summary_lines
from placements.cohort.services import check_extract_date, import_files
from sufficiency.audit import services as audit
from sufficiency.councils import LocalAuthority
from sufficiency.formatting import count


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2025-09-30") from exc


class Command(BaseCommand):
    help = (
        "Import one collection year's SSDA903 return (CSV files, folders, zips or 903 XML). "
        "YYYY is the year ending 31 March. Creates the council if it does not exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="Council code, e.g. E08000031")
        parser.add_argument("--year", required=True, type=int, help="Collection year, e.g. 2025")
        parser.add_argument(
            "--as-at",
            type=_iso_date,
            help="An in-year extract of a year not yet ended: its extract date (data as at), "
            "YYYY-MM-DD. A later extract, or the year-end return, replaces it",
        )
        parser.add_argument("--name", help="Council name, when creating it")
        parser.add_argument("--problems", action="store_true", help="List every problem")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Accept the preview: replace the year if it is already loaded",
        )
        parser.add_argument(
            "--dfe-rules",
            action="store_true",
            help="Then run DfE's validation rules on the return and summarise them",
        )
        parser.add_argument("paths", nargs="+")

    def handle(
        self, *args, la: str, year: int, paths: list[str], name=None, problems=False, yes=False, **o
    ):
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year} is not a collection year such as 2025")
        as_at = o.get("as_at")
        try:
            check_extract_date(year, as_at)
        except ValueError as exc:
            raise CommandError(f"--as-at: {exc}") from exc
        for path in paths:
            if not Path(path).exists():
                raise CommandError(f"{path}: no such file or folder")
        council, created = LocalAuthority.objects.get_or_create(
            code=la, defaults={"name": name or la}
        )
        if created:
            from placements.cohort.services import record_published_population

            record_published_population(la=council)
            self.stdout.write(f"Created council {council.name} ({council.code})")
        return_obj = import_files(la=council, year=year, paths=paths, accept=yes, as_at=as_at)
        audit.record("import", f"Loaded the {return_obj.data_label} return from the command "
                     f"line (import {return_obj.pk})", la=council)  # fmt: skip
        for line in import_summary_lines(return_obj, every_problem=problems):
            self.stdout.write(line)
        if return_obj.status == Return.Status.PREVIEW:
            self.stderr.write(
                self.style.WARNING(
                    f"Nothing was changed: this return would replace the {return_obj.label} "
                    "return already loaded. Check the preview above and run again with --yes "
                    "to replace it."
                )
            )
            sys.exit(3)
        if return_obj.status != Return.Status.IMPORTED:
            self.stderr.write(self.style.ERROR("Nothing could be imported."))
            sys.exit(1)
        if o.get("dfe_rules"):
            run = dfe_rules.run_rules(return_obj)
            if run.status != run.Status.DONE:
                self.stdout.write(f"DfE rules: {run.get_status_display()}: {run.error}")
                return
            groups = dfe_rules.by_rule(run.issues)
            self.stdout.write(
                f"DfE rules ({run.ruleset}): {run.rules_run} ran in {run.seconds:.1f} s; "
                f"{len(groups)} fail on {count(len(run.issues))} rows"
            )
            for g in groups:
                self.stdout.write(
                    f"  {g['rule']}: {count(g['row_count'])} rows, "
                    f"{count(g['children'])} children: "
                    f"{g['description']}"
                )
