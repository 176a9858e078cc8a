import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from placements.cohort.measures import CATEGORY_LABELS
from placements.forecast import selectors, stock_flow
from placements.forecast.models import Scenario
from sufficiency.councils import LocalAuthority
from sufficiency.formatting import count


class Command(BaseCommand):
    help = (
        "Forecast children in care month by month from a base date, using only what was known "
        "on it; by placement category, with the likely range of the total."
    )

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True)
        parser.add_argument("--base-date", required=True, type=date.fromisoformat)
        parser.add_argument("--months", type=int, default=36, help="1 to 60 (default 36)")
        parser.add_argument(
            "--reference-months",
            type=int,
            default=selectors.DEFAULT_REFERENCE_MONTHS,
            help="months before the base date to learn rates from (default 36)",
        )
        parser.add_argument("--scenario", default="", help="a saved scenario's name")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, la, base_date, months, reference_months, scenario, format, **opts):
        if isinstance(base_date, str):  # from call_command(..., base_date="...")
            base_date = date.fromisoformat(base_date)
        council = LocalAuthority.objects.filter(code=la).first()
        if council is None:
            raise CommandError(f"No council with code {la}")
        if not 1 <= months <= stock_flow.MAX_MONTHS:
            raise CommandError(f"--months must be between 1 and {stock_flow.MAX_MONTHS}")
        if reference_months < 1:
            raise CommandError("--reference-months must be 1 or more")
        data = selectors.cohort(la=council)
        if data is None:
            raise CommandError(f"No SSDA903 return has been imported for {council.code}")
        if not data.first_day <= base_date <= data.last_day:
            raise CommandError(
                f"--base-date must be inside the loaded data: {data.first_day} to {data.last_day}"
            )
        chosen = []
        if scenario:
            found = Scenario.objects.filter(la=council, name=scenario).first()
            if found is None:
                raise CommandError(f"No scenario named {scenario!r} for {council.code}")
            chosen = [found]
        options = selectors.Options(
            base_date=base_date, reference_months=reference_months, months=months
        )
        result = selectors.forecast(
            data=data, options=options, chosen=chosen, backtest=format == "json"
        )
        projection = result.scenarios[0] if chosen else result.baseline
        if format == "json":
            payload = projection.as_json()
            lower, upper = projection.category_lower(), projection.category_upper()
            payload["by_category_band"] = {
                c: {
                    "lower": [round(float(v), 1) for v in lower[:, i]],
                    "upper": [round(float(v), 1) for v in upper[:, i]],
                }
                for i, c in enumerate(stock_flow.CATEGORIES)
            }
            # How forecasts made the same way from every earlier quarter end turned out.
            payload["backtest"] = (
                result.rolling.as_json()
                if result.rolling is not None
                else {"origins": [], "by_horizon": {}}
            )
            self.stdout.write(json.dumps(payload))
            return
        self.stdout.write(f"{council.code} forecast from {base_date} ({projection.name})")
        self.stdout.write(f"{'month end':<12}{'mean':>8}{'lower':>8}{'upper':>8}")
        for d, m, lo, hi in zip(
            projection.dates, projection.total, projection.lower, projection.upper, strict=True
        ):
            self.stdout.write(f"{d.isoformat():<12}{count(m):>8}{count(lo):>8}{count(hi):>8}")
        self.stdout.write("")
        self.stdout.write(f"At {projection.dates[-1]}, by placement:")
        for i, category in enumerate(stock_flow.CATEGORIES):
            value = projection.by_category[-1, i]
            self.stdout.write(f"  {CATEGORY_LABELS[category]:<36}{count(value):>8}")
