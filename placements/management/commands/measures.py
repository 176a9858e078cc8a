import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from placements.cohort.presenters import measures_table
from placements.cohort.selectors import headline_measures
from sufficiency.councils import LocalAuthority


class Command(BaseCommand):
    help = "Print the headline measures of MEASURES.md for a council at a date."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True)
        parser.add_argument("--date", required=True, type=date.fromisoformat)
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, la: str, date: date, format: str, **options):
        council = LocalAuthority.objects.filter(code=la).first()
        if council is None:
            raise CommandError(f"No council with code {la}")
        result = headline_measures(la=council, on=date)
        if result is None:
            raise CommandError(f"No SSDA903 return has been imported for {council.code}")
        if format == "json":
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(measures_table(result))
