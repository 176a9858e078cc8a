"""Demo market for the demo council: providers matching the URNs of its children's episodes,
other local providers with no child placed, contracts, weekly costs and vacancies.

URNs come from the council's loaded episodes (load the cohort first), so whatever generated
them, every child placed with a provider finds it. Names, kinds and postcodes come from
demo.synthetic when it knows the URN, else from the episodes themselves. Idempotent:
providers are updated by URN; the council's contracts, costs and vacancies are replaced.
Owners and names are invented; prices are typical of English councils in 2024-25.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Required, TypedDict

import pandas as pd
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from demo import cohort
from placements.cohort import measures
from placements.cohort.postcodes import district_of, sample_postcodes
from placements.cohort.reference import council_of_districts
from placements.cohort.selectors import imported_table
from placements.market import selectors
from placements.market.models import (
    Contract,
    ContractKind,
    Cost,
    Inspection,
    Provider,
    ProviderType,
    Rating,
    Sector,
    Vacancy,
)
from sufficiency.calendar import financial_year_start
from sufficiency.councils import LocalAuthority

SEED = 4
# Neighbours of Wolverhampton: Walsall, Dudley, Sandwell, South Staffordshire, Telford.
NEIGHBOURS = ("E08000030", "E08000027", "E08000028", "E07000196", "E06000020")
# Large national groups own a good share of private homes and agencies, as in England.
GROUPS = (
    "Horizon Care Group Ltd", "Keystone Children's Services Ltd", "Nexus Family Care plc",
    "Pathway Care Holdings Ltd",
)  # fmt: skip
SYNTHETIC_KINDS = {
    "childrens_home": ProviderType.CHILDRENS_HOME,
    "ifa": ProviderType.IFA,
    "supported_accommodation": ProviderType.SUPPORTED_ACCOMMODATION,
    "secure_childrens_home": ProviderType.SECURE,
    "residential_school": ProviderType.RESIDENTIAL_SCHOOL,
    "parent_and_child": ProviderType.FAMILY_CENTRE,
}
CATEGORY_KINDS = {
    "childrens_home": ProviderType.CHILDRENS_HOME,
    "ifa_foster": ProviderType.IFA,
    "inhouse_foster": ProviderType.LA_FOSTERING,
    "secure": ProviderType.SECURE,
    "supported_accommodation": ProviderType.SUPPORTED_ACCOMMODATION,
    "residential_school": ProviderType.RESIDENTIAL_SCHOOL,
    "other_residential": ProviderType.FAMILY_CENTRE,
}
KIND_CATEGORY = {v: k for k, v in CATEGORY_KINDS.items()}
SECTORS = {"PR0": Sector.LOCAL_AUTHORITY, "PR1": Sector.LOCAL_AUTHORITY,
           "PR2": Sector.LOCAL_AUTHORITY, "PR3": Sector.LOCAL_AUTHORITY,
           "PR4": Sector.PRIVATE, "PR5": Sector.VOLUNTARY}  # fmt: skip
# Weekly costs, 2024-25 (low, high) by category.
PRICES = {
    "ifa_foster": (900, 1100),
    "inhouse_foster": (450, 600),
    "kinship_foster": (300, 450),
    "childrens_home": (5000, 8000),
    "secure": (8000, 9500),
    "supported_accommodation": (1200, 2500),
    "residential_school": (4000, 6500),
    "other_residential": (3500, 5000),
}
PLACES = {
    ProviderType.CHILDRENS_HOME: (2, 6),
    ProviderType.SECURE: (8, 24),
    ProviderType.RESIDENTIAL_SCHOOL: (20, 60),
    ProviderType.SUPPORTED_ACCOMMODATION: (6, 30),
    ProviderType.FAMILY_CENTRE: (4, 8),
}
LOCAL_NAMES = (
    "Aldersley House", "Bantock Lodge", "Claregate View", "Dunstall Court", "Ettingshall House",
    "Fallings Park Lodge", "Goldthorn House", "Heath Town Lodge", "Lanesfield House",
    "Merridale Court", "Newbridge House", "Oxley Lodge", "Penn Fields", "Parkfields House",
    "Spring Vale Lodge", "Tettenhall Wood House", "Whitmore Reans Lodge", "Wightwick Court",
    "Bushbury Lodge", "Pendeford House", "Blakenhall Court", "Compton House",
)  # fmt: skip


def _episode_providers(la: LocalAuthority) -> pd.DataFrame:
    """URN, CATEGORY (most common), PLACE_PROVIDER and PL_POST (most common) per URN."""
    # The generated years only: the years continued after them (demo.continuation) must not
    # change the demo's market (ADR 0021).
    episodes = imported_table(
        la=la, table="Episodes", columns=["URN", "PLACE", "PLACE_PROVIDER", "PL_POST", "YEAR"]
    )
    chosen = (episodes["YEAR"] <= cohort.LAST_YEAR) & ~episodes["URN"].isin(["", "XXXXXXX"])
    frame = episodes.loc[chosen, ["URN", "PLACE", "PLACE_PROVIDER", "PL_POST"]]
    frame = frame.reset_index(drop=True)
    if frame.empty:
        return frame.assign(CATEGORY=[])
    frame["CATEGORY"] = measures.placement_category(frame["PLACE"], frame["PLACE_PROVIDER"])

    def mode(series: pd.Series) -> str:
        series = series[series.fillna("") != ""]
        return str(series.mode().iloc[0]) if len(series) else ""

    return (
        frame.groupby("URN")
        .agg(
            CATEGORY=("CATEGORY", mode),
            PLACE_PROVIDER=("PLACE_PROVIDER", mode),
            PL_POST=("PL_POST", mode),
        )
        .reset_index()
    )


def _synthetic(la: LocalAuthority) -> pd.DataFrame:
    try:
        from demo import synthetic

        return synthetic.provider_locations(la.code).set_index("urn")
    except Exception:  # the generator is optional: episodes alone are enough
        return pd.DataFrame(columns=["kind", "name", "postcode"])


def _ratings(r: random.Random, registered: date, today: date) -> list[tuple[date, str]]:
    """Inspection history, oldest first: one full inspection about a year apart."""
    history: list[tuple[date, str]] = []
    when = max(
        registered + timedelta(days=300), today - timedelta(days=365 * 3 + r.randint(0, 200))
    )
    while when < today - timedelta(days=30):
        rating = r.choices(
            [Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE],
            weights=[16, 62, 17, 5],
        )[0]
        history.append((when, rating))
        when += timedelta(days=r.randint(300, 450))
    return history


@transaction.atomic
def load_demo(*, la: LocalAuthority, stdout=None) -> None:
    r = random.Random(SEED)
    # The market as at the end of the generated years, as it always was: the later years'
    # data (an in-year extract) must not redraw it.
    dates = selectors.market_dates(la, date.today())
    generated_end = date(cohort.LAST_YEAR, 3, 31)
    today = generated_end if generated_end in dates.dates else dates.default
    episodes = _episode_providers(la)
    known = _synthetic(la)
    specs: list[dict] = []
    for row in episodes.itertuples(index=False):
        from_pool = row.URN in known.index
        kind = (
            SYNTHETIC_KINDS.get(known.at[row.URN, "kind"], ProviderType.OTHER)
            if from_pool
            else CATEGORY_KINDS.get(row.CATEGORY, ProviderType.OTHER)
        )
        name = str(known.at[row.URN, "name"]) if from_pool else _invented_name(r, kind)
        postcode = (str(known.at[row.URN, "postcode"]) if from_pool else "") or row.PL_POST
        specs.append(
            {"urn": row.URN, "kind": kind, "name": name, "postcode": postcode,
             "sector": SECTORS.get(row.PLACE_PROVIDER, Sector.PRIVATE), "placed": True,
             "own": row.PLACE_PROVIDER in ("PR1", "PR0")}
        )  # fmt: skip
    if not any(s["kind"] == ProviderType.LA_FOSTERING for s in specs):
        specs.append({"urn": "SC980001", "kind": ProviderType.LA_FOSTERING, "placed": False,
                      "name": f"{la.name} Fostering Service", "postcode": "",
                      "sector": Sector.LOCAL_AUTHORITY, "own": True})  # fmt: skip
    local_kinds = [ProviderType.CHILDRENS_HOME] * 16 + [
        ProviderType.SUPPORTED_ACCOMMODATION] * 3 + [
        ProviderType.IFA, ProviderType.IFA, ProviderType.RESIDENTIAL_SCHOOL]  # fmt: skip
    taken = {s["urn"] for s in specs}
    for i, kind in enumerate(local_kinds):
        if f"SC99{i + 1:04d}" in taken:
            continue
        specs.append(
            {"urn": f"SC99{i + 1:04d}", "kind": kind, "placed": False, "own": False,
             "name": LOCAL_NAMES[i] if i < len(LOCAL_NAMES) else _invented_name(r, kind),
             "postcode": "", "sector": r.choice([Sector.PRIVATE] * 4 + [Sector.VOLUNTARY])}
        )  # fmt: skip
    _place(specs, la, r)
    providers = _save_providers(specs, la, r, today)
    _council_records(la, specs, providers, episodes, r, today)
    if stdout is not None:
        stdout.write(
            f"Market: {len(specs)} providers, {Contract.objects.filter(la=la).count()} contracts, "
            f"{Cost.objects.filter(la=la).count()} costs, "
            f"{Vacancy.objects.filter(la=la).count()} vacancies"
        )


def _invented_name(r: random.Random, kind: str) -> str:
    first = r.choice(("Ash", "Brook", "Cedar", "Dale", "Elm", "Field", "Glen", "Holly", "Ivy"))
    second = r.choice(("view", "side", "wood", "ford", "mere", "croft"))
    suffixes: dict[str, str] = {
        ProviderType.IFA: "Fostering",
        ProviderType.SUPPORTED_ACCOMMODATION: "Supported Living",
        ProviderType.LA_FOSTERING: "Fostering Service",
        ProviderType.RESIDENTIAL_SCHOOL: "School",
        ProviderType.SECURE: "Secure Unit",
        ProviderType.FAMILY_CENTRE: "Family Centre",
    }
    return f"{first}{second} {suffixes.get(kind, 'House')}"


def _place(specs: list[dict], la: LocalAuthority, r: random.Random) -> None:
    """Postcodes for providers without one: in the council (own and local) or a neighbour."""
    missing = [s for s in specs if not s["postcode"]]
    home = list(sample_postcodes(la.code, len(missing), seed=SEED)) if missing else []
    away = list(sample_postcodes(NEIGHBOURS, len(missing), seed=SEED + 1)) if missing else []
    for i, spec in enumerate(missing):
        spec["postcode"] = home[i] if spec["own"] or i % 3 == 0 else away[i]


def _save_providers(specs, la, r, today) -> dict[str, Provider]:
    postcodes = pd.Series([s["postcode"] for s in specs], dtype="object")
    councils = council_of_districts(district_of(postcodes))
    from placements.cohort.postcodes import locate  # eastings and northings of the same postcodes

    found = locate(postcodes)
    existing = Provider.objects.in_bulk([s["urn"] for s in specs], field_name="urn")
    new, inspections = [], []
    for i, spec in enumerate(specs):
        kind = spec["kind"]
        registered = date(r.randint(2004, 2021), r.randint(1, 12), r.randint(1, 28))
        history = _ratings(r, registered, today)
        low_high = PLACES.get(kind)
        owner = _owner(r, spec, la)
        values = {
            "name": spec["name"], "provider_type": kind,
            "provider_type_text": ProviderType(kind).label, "sector": spec["sector"],
            "owner": owner, "postcode": spec["postcode"],
            "council_code": councils[i] if isinstance(councils[i], str) else "",
            "easting": None if pd.isna(found["easting"][i]) else float(found["easting"][i]),
            "northing": None if pd.isna(found["northing"][i]) else float(found["northing"][i]),
            "places": r.randint(*low_high) if low_high else None,
            "registration_status": "Active", "registration_date": registered,
            "rating": history[-1][1] if history else Rating.NOT_YET_INSPECTED,
            "rating_date": history[-1][0] if history else None,
            "local_authority": la.name if councils[i] == la.code else "",
            "region": "West Midlands",
        }  # fmt: skip
        # Providers are national records that every council sees: a council's demo adds the
        # ones missing and never rewrites one that is already there (another council's demo,
        # or the Ofsted list, may have recorded it).
        if spec["urn"] not in existing:
            provider = Provider(urn=spec["urn"], **values)
            new.append(provider)
            existing[spec["urn"]] = provider
            spec["history"] = history
    if new:
        bulk_create_with_history(new, Provider)
    for provider in new:
        spec = next(s for s in specs if s["urn"] == provider.urn)
        inspections += [Inspection(provider=provider, date=d, rating=g) for d, g in spec["history"]]
    Inspection.objects.bulk_create(inspections, ignore_conflicts=True)
    return existing


def _owner(r: random.Random, spec: dict, la: LocalAuthority) -> str:
    if spec["sector"] == Sector.LOCAL_AUTHORITY:
        return (
            la.name
            if spec["own"]
            else r.choice(
                ("Staffordshire County Council", "Lancashire County Council", "Kent County Council")
            )
        )
    if spec["sector"] == Sector.VOLUNTARY:
        return f"{spec['name'].split()[0]} Children's Trust"
    if r.random() < 0.6:
        return r.choices(GROUPS, weights=[5, 3, 2, 1])[0]
    return f"{spec['name']} Ltd"


class _ContractTerms(TypedDict, total=False):
    """A demo contract's terms beyond its provider, category, dates and price."""

    kind: Required[ContractKind]
    framework: str
    lot: str
    places: int


def _council_records(la, specs, providers, episodes, r, today) -> None:
    Contract.objects.filter(la=la).delete()
    Cost.objects.filter(la=la).delete()
    Vacancy.objects.filter(la=la).delete()
    year_start = financial_year_start(today)
    contracts, costs, vacancies = [], [], []
    blocks = 0
    categories = {row.URN: row.CATEGORY for row in episodes.itertuples(index=False)}
    for spec in specs:
        provider = providers[spec["urn"]]
        kind = spec["kind"]
        category = categories.get(spec["urn"]) or KIND_CATEGORY.get(kind, "")
        low, high = PRICES.get(category, (800, 1500))
        price = Decimal(r.randint(low, high))
        if spec["own"]:
            contract: _ContractTerms = {"kind": ContractKind.IN_HOUSE}
        elif kind == ProviderType.IFA:
            lot = r.choice(("Lot 1: Standard fostering", "Lot 2: Complex needs",
                            "Lot 3: Parent and child"))  # fmt: skip
            contract = {"kind": ContractKind.FRAMEWORK, "lot": lot,
                        "framework": "West Midlands Regional Fostering Framework"}  # fmt: skip
        elif (
            kind == ProviderType.CHILDRENS_HOME
            and blocks < 2
            and spec["placed"]
            and (provider.council_code == la.code)
        ):
            blocks += 1
            contract = {"kind": ContractKind.BLOCK, "places": 4 if blocks == 1 else 3}
        elif kind in (ProviderType.CHILDRENS_HOME, ProviderType.SUPPORTED_ACCOMMODATION):
            if r.random() < 0.5:
                contract = {"kind": ContractKind.FRAMEWORK, "lot": r.choice(("Tier 1", "Tier 2")),
                            "framework": "West Midlands Residential Framework"}  # fmt: skip
            else:
                contract = {"kind": ContractKind.SPOT}
        else:
            contract = {"kind": ContractKind.SPOT}
        if spec["placed"] or spec["own"] or contract["kind"] != ContractKind.SPOT:
            contracts.append(
                Contract(la=la, provider=provider, category=category if category in PRICES else "",
                         start=date(year_start.year - 1, 4, 1),
                         end=date(year_start.year + 2, 3, 31), weekly_price=price, **contract)
            )  # fmt: skip
        extra = ["kinship_foster"] if kind == ProviderType.LA_FOSTERING else []
        for own_category in extra:
            low_k, high_k = PRICES[own_category]
            costs.append(
                Cost(
                    la=la,
                    provider=provider,
                    category=own_category,
                    weekly_cost=Decimal(r.randint(low_k, high_k)),
                    start=year_start,
                )
            )
        if category in PRICES and (spec["placed"] or spec["own"]):
            # Last year's price, then this year's with an uplift: dates matter.
            earlier = (price / Decimal("1.045")).quantize(Decimal("0.01"))
            costs += [
                Cost(la=la, provider=provider, category=category, weekly_cost=earlier,
                     start=date(year_start.year - 1, 4, 1),
                     end=year_start - timedelta(days=1)),
                Cost(la=la, provider=provider, category=category, weekly_cost=price,
                     start=year_start),
            ]  # fmt: skip
        if provider.council_code == la.code and provider.places and r.random() < 0.5:
            vacancies.append(
                Vacancy(la=la, provider=provider, date=today - timedelta(days=r.randint(1, 20)),
                        places_free=r.randint(0, min(2, provider.places)),
                        category=KIND_CATEGORY.get(kind, ""))
            )  # fmt: skip
    bulk_create_with_history(contracts, Contract)
    bulk_create_with_history(costs, Cost)
    bulk_create_with_history(vacancies, Vacancy)
