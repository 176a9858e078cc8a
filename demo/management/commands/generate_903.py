import re
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo import synthetic

YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


class Command(BaseCommand):
    help = (
        "Write realistic synthetic SSDA903 returns, one folder per collection year "
        "(OUT_DIR/2025/header.csv, episodes.csv, ...). Deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", help="Folder to write the yearly folders into")
        parser.add_argument(
            "--la",
            default=synthetic.DEFAULT_LA,
            help="Council (local authority district) code; E92000001 spreads over England",
        )
        parser.add_argument("--years", help="Collection years, e.g. 2020-2025 (or 2025)")
        parser.add_argument("--first-year", type=int, help="First collection year (2020)")
        parser.add_argument("--last-year", type=int, help="Last collection year (2025)")
        parser.add_argument(
            "--children",
            type=int,
            default=2000,
            help="Distinct children looked after over the years (default 2000)",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--format", choices=["csv", "xml"], default="csv")
        parser.add_argument(
            "--districts",
            help="Comma-separated district codes for homes (a county's districts), or "
            "'england' for all England",
        )

    def handle(self, *args, out_dir: str, la: str, children: int, seed: int, **options):
        first, last = self._years(options)
        if children < 1:
            raise CommandError("--children must be at least 1")
        districts: list[str] | str | None = "la"
        if options.get("districts"):
            text = options["districts"].strip()
            if text.lower() == "england":
                districts = None
            else:
                districts = [d.strip().upper() for d in text.split(",") if d.strip()]
        started = time.perf_counter()
        try:
            sim = synthetic.simulate(
                la_code=la.strip().upper(),
                first_year=first,
                last_year=last,
                children=children,
                seed=seed,
                districts=districts,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        files = synthetic.write_returns(
            sim.returns, Path(out_dir), fmt=options["format"], la_code=sim.la_code
        )
        elapsed = time.perf_counter() - started
        for year, tables in sim.returns.items():
            counts = ", ".join(f"{name} {len(frame):,}" for name, frame in tables.items())
            self.stdout.write(f"{year}: {counts}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(files)} files for {last - first + 1} collection years to "
                f"{out_dir} in {elapsed:.1f} s (0-17 population for rates: "
                f"{sim.population:,})"
            )
        )

    @staticmethod
    def _years(options) -> tuple[int, int]:
        first, last = options.get("first_year"), options.get("last_year")
        if options.get("years"):
            match = YEAR_RANGE.match(options["years"])
            if not match:
                raise CommandError("--years must look like 2020-2025 or 2025")
            first = int(match.group(1))
            last = int(match.group(2) or match.group(1))
        first = first or (last - 5 if last else 2020)
        last = last or max(first, 2025)
        if first > last:
            raise CommandError(f"first year {first} is after last year {last}")
        if first < 2000 or last > 2100:
            raise CommandError("collection years must be between 2000 and 2100")
        return first, last
