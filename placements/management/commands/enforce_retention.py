from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand

from placements.cohort.retention import enforce_retention


class Command(BaseCommand):
    help = (
        "Delete SSDA903 returns older than the retention period "
        "(SUFFICIENCY_RETENTION_YEARS collection years). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=None, help="Override the setting")
        parser.add_argument("--dry-run", action="store_true", help="Say what would go")

    def handle(self, *args, years=None, dry_run=False, **options):
        years = years if years is not None else settings.SUFFICIENCY_RETENTION_YEARS
        results = enforce_retention(today=date.today(), years=years, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for result in results:
            labels = ", ".join(f"{y - 1}-{str(y)[-2:]}" for y in result.deleted)
            self.stdout.write(f"{result.la.name} ({result.la.code}): {verb} {labels}")
        if not results:
            self.stdout.write(f"Nothing is older than {years} collection years.")
