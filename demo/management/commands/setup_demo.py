import os

from django.core.management.base import BaseCommand

from demo import cohort, forecast, market, plan, referrals, reports
from demo.accounts import give_demo_users_totp
from demo.council import create_demo_council

# In the order they build on each other: the cohort first, then benchmarks, the market, the
# referrals (which name the market's providers), the strategy, the forecast.
DEMO_LOADERS = [
    cohort.load_demo,
    reports.load_demo,
    market.load_demo,
    referrals.load_demo,
    plan.load_demo,
    forecast.load_demo,
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
            for load_demo in DEMO_LOADERS:
                load_demo(la=la, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                "Sign in as viewer, editor, analyst or admin with the password: " + password
            )
        )
