import os
from importlib import import_module

from django.core.management.base import BaseCommand

from sufficiency.accounts.demo import give_demo_users_totp
from sufficiency.demo import create_demo_council

# Each part of the product that has demo data names its loader here, in the order they build
# on each other: the cohort first, then benchmarks, the market, the strategy, the forecast.
DEMO_LOADERS: list[str] = [
    "placements.demo.load_demo",
    "reports.demo.load_demo",
    "placements.market.demo.load_demo",
    "sufficiency.plan.demo.load_demo",
    "placements.forecast.demo.load_demo",
]


class Command(BaseCommand):
    help = "Create the demo council, one user per role, and several years of synthetic data."

    def add_arguments(self, parser):
        parser.add_argument("--skip-data", action="store_true", help="Only the council and users")

    def handle(self, *args, skip_data: bool = False, **options):
        la, password = create_demo_council(password=os.environ.get("DEMO_PASSWORD"))
        self.stdout.write(f"Demo council: {la.name} ({la.code})")
        give_demo_users_totp(stdout=self.stdout)
        if not skip_data:
            for dotted in DEMO_LOADERS:
                module_name, func = dotted.rsplit(".", 1)
                getattr(import_module(module_name), func)(la=la, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                "Sign in as viewer, editor, analyst or admin with the password: " + password
            )
        )
