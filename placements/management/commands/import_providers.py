import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from placements.market.presenters import import_lines
from placements.market.services import import_providers


class Command(BaseCommand):
    help = (
        "Import Ofsted's social care providers list (CSV or XLSX, as published): creates new "
        "providers, updates known ones by URN, keeps their inspection history and lists the "
        "rows it rejected. Exits with status 1 when nothing could be imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV or XLSX file")

    def handle(self, *args, path: str, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        record = import_providers(name=file.name, data=file.read_bytes())
        for line in import_lines(record):
            self.stdout.write(line)
        if record.created + record.updated + record.unchanged == 0:
            self.stderr.write(self.style.ERROR("Nothing could be imported."))
            sys.exit(1)
