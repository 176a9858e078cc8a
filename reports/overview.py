"""The overview's checklist: what a council has loaded, and the next thing to do."""

from django.urls import reverse

from placements.cohort.models import Return
from placements.market.models import Contract, Cost, Provider
from sufficiency.councils import LocalAuthority
from sufficiency.formatting import count
from sufficiency.plan.models import Action, Strategy


def status_lines(la: LocalAuthority) -> list[dict]:
    """What is loaded for a council and what to do next: one line per part of the product."""
    populations = la.populations.count()
    return [
        _returns_line(la),
        {
            "title": "Population aged 0 to 17",
            "done": populations > 0,
            "detail": f"{populations} years recorded" if populations else "Not recorded yet",
            "next": "Used for the rate per 10,000 children.",
            "href": reverse("data:index", kwargs={"la_code": la.code}),
        },
        _strategy_line(la),
        _market_line(la),
    ]


def _strategy_line(la: LocalAuthority) -> dict:
    strategy = Strategy.objects.filter(la=la).first()
    actions = Action.objects.filter(priority__strategy__la=la).count()
    return {
        "title": "Strategy and action plan",
        "done": strategy is not None,
        "detail": f"{strategy}, {actions} actions" if strategy else "Not set up yet",
        "next": "Priorities, actions and measures, updated each quarter.",
        "href": reverse("actions:index", kwargs={"la_code": la.code}),
    }


def _returns_line(la: LocalAuthority) -> dict:
    returns = Return.objects.filter(la=la, status=Return.Status.IMPORTED).order_by("year")
    years = [r.year for r in returns]
    # An in-year extract is named as one, with its date (ADR 0021).
    labels = ", ".join(r.data_label for r in returns)
    return {
        "title": "SSDA903 returns",
        "done": bool(years),
        "detail": f"{len(years)} years loaded ({labels})" if years else "None loaded yet",
        "next": "Every figure about children in care comes from them.",
        "href": reverse("data:index", kwargs={"la_code": la.code}),
    }


def _market_line(la: LocalAuthority) -> dict:
    providers = Provider.objects.count()
    contracts = Contract.objects.filter(la=la).count()
    costs = Cost.objects.filter(la=la).count()
    return {
        "title": "Providers, contracts and costs",
        "done": providers > 0 and contracts > 0,
        "detail": f"{count(providers)} providers, {contracts} contracts, {costs} costs"
        if providers
        else "Ofsted providers list not imported yet",
        "next": "The market overview and the sufficiency gap need the Ofsted list and your costs.",
        "href": reverse("market:index", kwargs={"la_code": la.code}),
    }
