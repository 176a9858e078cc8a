import os
from collections.abc import Callable
from typing import Protocol

from django.core.management.base import BaseCommand, OutputWrapper
from django.db import transaction

from demo import chapters, cohort, committee, forecast, market, plan, referrals, region, reports
from demo.accounts import give_demo_users_totp
from demo.council import OPERATOR_USERNAME, create_demo_council
from placements.cohort.models import Return
from placements.forecast.models import Budget, Scenario
from placements.market.fostering import FosteringQuarter
from placements.market.models import Contract, Cost, Vacancy
from reports.cover_models import CoverReport
from sufficiency.councils import LocalAuthority
from sufficiency.plan.models import Strategy


class DemoLoader(Protocol):
    """One area's demo data for the council; what it returns is not used."""

    def __call__(self, *, la: LocalAuthority, stdout: OutputWrapper) -> object: ...


# In the order they build on each other: the cohort first, then benchmarks, the market, the
# referrals (which name the market's providers), the strategy, the forecast.
DEMO_LOADERS: list[DemoLoader] = [
    cohort.load_demo,
    reports.load_demo,
    market.load_demo,
    referrals.load_demo,
    plan.load_demo,
    chapters.load_demo,
    forecast.load_demo,
    committee.load_demo,
    region.load_demo,
]

# Loaders that would replace what the user did are skipped when their data is already there:
# running `make demo` again keeps the demo council's data, edits and passwords.
ALREADY_THERE: dict[DemoLoader, Callable[[LocalAuthority], bool]] = {
    market.load_demo: lambda la: (
        Contract.objects.filter(la=la).exists()
        or Cost.objects.filter(la=la).exists()
        or Vacancy.objects.filter(la=la).exists()
    ),
    plan.load_demo: lambda la: Strategy.objects.filter(la=la).exists(),
    forecast.load_demo: lambda la: Scenario.objects.filter(la=la).exists(),
    committee.load_demo: lambda la: CoverReport.objects.filter(la=la).exists(),
}
LABELS: dict[DemoLoader, str] = {
    market.load_demo: "market",
    plan.load_demo: "strategy and action plan",
    forecast.load_demo: "forecast scenarios",
    committee.load_demo: "committee papers",
}


class Command(BaseCommand):
    help = (
        "Create the demo council, one user per role, and several years of synthetic data. "
        "Run again, it keeps the demo council's data, edits and passwords; --reset starts again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--skip-data", action="store_true", help="Only the council and users")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo council's returns, strategy, forecast and market records and "
            "make them again, with a new password",
        )

    def handle(self, *args, skip_data: bool = False, reset: bool = False, **options):
        la, password = create_demo_council(
            password=os.environ.get("DEMO_PASSWORD"), keep_passwords=not reset
        )
        self.stdout.write(f"Demo council: {la.name} ({la.code})")
        give_demo_users_totp(stdout=self.stdout)
        if reset:
            self._reset(la)
        if not skip_data:
            for load_demo in DEMO_LOADERS:
                kept = ALREADY_THERE.get(load_demo)
                if kept and kept(la):
                    self.stdout.write(
                        f"Demo {LABELS[load_demo]} already there: kept as it is "
                        "(setup_demo --reset makes it again)"
                    )
                    continue
                load_demo(la=la, stdout=self.stdout)
        if password:
            self.stdout.write(
                self.style.SUCCESS(
                    "Sign in as viewer, editor, analyst or admin with the password: " + password
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    "Sign in as viewer, editor, analyst or admin with the password you were given "
                    "before: it is unchanged (setup_demo --reset sets a new one)"
                )
            )
        regional = region.create_regional_user(password=password, keep_passwords=not reset)
        where = f"at /regions/{region.REGION_CODE}/"
        if regional is None:
            said = "with the password it had"
        elif regional == password:
            said = "with the same password"
        else:
            said = f"with the password {regional}"
        self.stdout.write(
            f"The regional commissioner is '{region.REGIONAL_USERNAME}', {said}, {where}"
        )
        self.stdout.write(
            "The service operator (Django admin at /admin/, in no council) is "
            f"'{OPERATOR_USERNAME}' with the same password."
        )

    @transaction.atomic
    def _reset(self, la) -> None:
        """Delete, and say so, everything of the demo council that the loaders make."""
        for label, queryset in (
            ("SSDA903 returns (with their rows and files' records)", Return.objects.filter(la=la)),
            ("strategies (with their priorities, actions, updates and measures)",
             Strategy.objects.filter(la=la)),
            ("forecast scenarios", Scenario.objects.filter(la=la)),
            ("budgets", Budget.objects.filter(la=la)),
            ("contracts", Contract.objects.filter(la=la)),
            ("costs", Cost.objects.filter(la=la)),
            ("vacancies", Vacancy.objects.filter(la=la)),
            ("fostering quarters", FosteringQuarter.objects.filter(la=la)),
        ):  # fmt: skip
            count = queryset.count()
            queryset.delete()
            self.stdout.write(f"Reset: deleted {count:,} {label}")
        self.stdout.write("Reset: the passwords of the demo users are set again")
