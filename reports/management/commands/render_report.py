from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.pdf import renderer
from reports.rendering import render_report
from sufficiency.councils import LocalAuthority
from sufficiency.formatting import count


class Command(BaseCommand):
    help = (
        "Write the quarterly dashboard or the annual strategy as PDF, HTML or its figures as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True)
        parser.add_argument("--kind", choices=["quarterly", "strategy"], required=True)
        parser.add_argument("--date", type=date.fromisoformat, required=True)
        parser.add_argument("--format", choices=["pdf", "html", "json"], default="pdf")
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args, la, kind, date, format, out, **options):
        council = LocalAuthority.objects.filter(code=la).first()
        if council is None:
            raise CommandError(f"No council with code {la}")
        try:
            result, pages = render_report(la=council, kind=kind, on=date, fmt=format)
        finally:
            # Stop Chromium while the process can still wind its threads down cleanly.
            renderer.stop()
        if isinstance(result, str):
            out.write_text(result, encoding="utf-8")
        else:
            out.write_bytes(result)
        detail = f", {pages} pages" if pages else ""
        self.stdout.write(f"Wrote {out} ({count(out.stat().st_size)} bytes{detail})")
