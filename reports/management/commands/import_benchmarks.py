from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reports.benchmarks import BenchmarkFileError
from reports.services import import_benchmarks
from sufficiency.formatting import count


class Command(BaseCommand):
    help = "Load DfE published tables (tidy CSV) and statistical neighbour groupings."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument(
            "--published-on",
            type=date.fromisoformat,
            help="When these figures were published (YYYY-MM-DD), for files that do not say; "
            "otherwise they count as published on 30 November after their year.",
        )

    def handle(self, *args, paths, published_on=None, **options):
        try:
            counts = import_benchmarks(paths, published_on=published_on)
        except BenchmarkFileError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        self.stdout.write(
            f"Loaded {count(counts['figures'])} published figures and "
            f"{count(counts['neighbours'])} statistical neighbour links."
        )
