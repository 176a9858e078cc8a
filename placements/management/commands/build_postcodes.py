"""Build the compact postcode look-up from the ONS Postcode Directory package (ADR 0017): run at
install, so no import or page pays for it; a process that finds it missing builds it itself."""

from django.core.management.base import BaseCommand

from placements.cohort import postcodes
from sufficiency.formatting import count


class Command(BaseCommand):
    help = "Build the compact ONS Postcode Directory look-up under var/postcodes"

    def handle(self, *args, **options):
        directory = postcodes.compact_directory()
        self.stdout.write(f"{count(len(directory.keys))} postcodes ready")
