from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from placements.referrals import formats, selectors
from sufficiency.audit import services as audit
from sufficiency.councils import LocalAuthority


class Command(BaseCommand):
    help = "Export a council's referrals as the standard's JSON records or its Excel template."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="Council code, e.g. E08000031")
        parser.add_argument("--format", required=True, choices=["json", "xlsx"])
        parser.add_argument("--out", required=True, help="File to write")

    def handle(self, *args, la: str, format: str, out: str, **options):
        council = LocalAuthority.objects.filter(code=la).first()
        if council is None:
            raise CommandError(f"No council with code {la}")
        records = selectors.export_records(council)
        data = formats.write_json(records) if format == "json" else formats.write_template(records)
        Path(out).write_bytes(data)
        audit.record("export", f"Exported {len(records)} referrals as {format}", la=council)
        self.stdout.write(f"{len(records)} referrals written to {out}")
