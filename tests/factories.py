"""factory_boy factories for the models tests build by hand: each makes a valid row with the
fewest fields, and a test sets only what it is about.

Writes that carry rules (versions, history, positions) still go through the services in the
tests about those rules; these are for the rows a test needs to exist.
"""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from placements.cohort.models import ImportProblem, Return
from placements.market.models import Contract, Cost, Provider, ProviderType, Rating, Vacancy
from sufficiency.councils import LocalAuthority, Membership, Population, User
from sufficiency.plan.models import Action, ActionStatus, Measure, Priority, Strategy, Update
from sufficiency.roles import Role

PASSWORD = "correct horse battery staple"


class LocalAuthorityFactory(DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Council {n}")
    # E10 is the ONS prefix of county councils; 099xxx codes are not real ones.
    code = factory.Sequence(lambda n: f"E10{990000 + n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    la = factory.SubFactory(LocalAuthorityFactory)
    role = Role.VIEWER


class PopulationFactory(DjangoModelFactory):
    class Meta:
        model = Population

    la = factory.SubFactory(LocalAuthorityFactory)
    year = 2025
    children = 30000


class StrategyFactory(DjangoModelFactory):
    class Meta:
        model = Strategy

    la = factory.SubFactory(LocalAuthorityFactory)
    title = "Sufficiency strategy"
    period = "2025-2028"


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n + 1}")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    priority = factory.SubFactory(PriorityFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Action {n + 1}")
    status = ActionStatus.NOT_STARTED


class UpdateFactory(DjangoModelFactory):
    class Meta:
        model = Update

    action = factory.SubFactory(ActionFactory)
    date = date(2026, 6, 30)
    text = "Progress as planned."
    status = ActionStatus.ON_TRACK


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Measure {n + 1}")
    unit = "number"
    direction = "higher"
    baseline_value = 100
    baseline_date = date(2025, 3, 31)
    target_value = 130
    target_date = date(2028, 3, 31)


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("urn",)

    urn = factory.Sequence(lambda n: f"SC{900000 + n}")
    name = factory.Sequence(lambda n: f"Home {n}")
    provider_type = ProviderType.CHILDRENS_HOME
    rating = Rating.GOOD
    places = 4


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = Contract

    la = factory.SubFactory(LocalAuthorityFactory)
    provider = factory.SubFactory(ProviderFactory)
    kind = "spot"
    start = date(2024, 4, 1)
    weekly_price = Decimal("5000")


class CostFactory(DjangoModelFactory):
    class Meta:
        model = Cost

    la = factory.SubFactory(LocalAuthorityFactory)
    provider = factory.SubFactory(ProviderFactory)
    category = "childrens_home"
    weekly_cost = Decimal("6000")
    start = date(2024, 4, 1)


class VacancyFactory(DjangoModelFactory):
    class Meta:
        model = Vacancy

    la = factory.SubFactory(LocalAuthorityFactory)
    provider = factory.SubFactory(ProviderFactory)
    date = date(2025, 3, 1)
    places_free = 1


class ReturnFactory(DjangoModelFactory):
    class Meta:
        model = Return

    la = factory.SubFactory(LocalAuthorityFactory)
    year = 2025


class ImportProblemFactory(DjangoModelFactory):
    class Meta:
        model = ImportProblem

    return_obj = factory.SubFactory(ReturnFactory)
    severity = "error"
    file = "episodes.csv"
    row = 2
    column = "DECOM"
    value = ""
    reason = "not a valid date"
