import os
from typing import Protocol

from django.core.management.base import BaseCommand, OutputWrapper

from demo import cohort, forecast, market, plan, reports
from demo.accounts import give_demo_users_totp
from demo.council import OPERATOR_USERNAME, create_demo_council
from sufficiency.councils import LocalAuthority


class DemoLoader(Protocol):
    """One area's demo data for the council; what it returns is not used."""

    def __call__(self, *, la: LocalAuthority, stdout: OutputWrapper) -> object: ...


# In the order they build on each other: the cohort first, then benchmarks, the market, the
# strategy, the forecast.
DEMO_LOADERS: list[DemoLoader] = [
    cohort.load_demo,
    reports.load_demo,
    market.load_demo,
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
        self.stdout.write(
            "The service operator (Django admin at /admin/, in no council) is "
            f"'{OPERATOR_USERNAME}' with the same password."
        )
