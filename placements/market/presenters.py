"""Formatting the market for people: money, shares, rating tags, table rows, explanations."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from placements.cohort.measures import CATEGORY_LABELS
from placements.market import selectors
from placements.market.models import ProviderImport, ProviderType, Rating, Sector
from sufficiency import tags
from sufficiency.councils import LocalAuthority
from sufficiency.exports import (
    count_cell,
    money_cell,
    percent_cell,
    text_cell,
)
from sufficiency.formatting import NOT_KNOWN, count, money, percent

SECTOR_LABELS: dict[str, str] = {
    **dict(Sector.choices),
    "not_listed": "Not in the Ofsted list",
    "no_urn": "No provider recorded",
}

RATING_TAGS: dict[str, str] = {
    Rating.OUTSTANDING: tags.css(tags.GOOD),
    Rating.GOOD: tags.css(tags.DONE),
    Rating.REQUIRES_IMPROVEMENT: tags.css(tags.WARNING),
    Rating.INADEQUATE: tags.css(tags.BAD),
    Rating.NOT_YET_INSPECTED: tags.css(tags.NEUTRAL),
}

LOCAL_LABELS = {
    "in_area": "In the area",
    "near": "Within 20 miles",
    "far": "More than 20 miles away",
    "unknown": "Not known",
}


def rating_tag(rating: str) -> dict:
    return {"text": Rating(rating).label, "css": RATING_TAGS.get(rating, tags.css(tags.NEUTRAL))}


GAP_HEADINGS = [
    "Placement", "Children placed", "Local providers", "Local registered places",
    "Places free (latest)", "Children beyond the local places",
    "Children more than 20 miles from home",
]  # fmt: skip


def gap_rows(gap: pd.DataFrame) -> list[list]:
    rows = []
    for r in gap.itertuples():
        places = count_cell(r.LOCAL_PLACES) if r.PLACES_KNOWN else text_cell("Not published")
        # How many children the local places could not hold even if every one were theirs:
        # never a negative "gap", which reads as spare places when few are free (see the
        # places free column for those).
        beyond = max(int(r.GAP), 0)
        gap = (
            replace(count_cell(beyond), text="None" if beyond == 0 else count(beyond))
            if r.PLACES_KNOWN
            else replace(count_cell(beyond), text=f"{count(beyond)} (no places known)")
        )
        rows.append(
            [CATEGORY_LABELS[r.CATEGORY], count_cell(r.CHILDREN), count_cell(r.LOCAL_PROVIDERS),
             places, count_cell(r.VACANCIES), gap, count_cell(r.FAR)]
        )  # fmt: skip
    return rows


def concentration_rows(concentration: dict, limit: int = 10) -> list[list]:
    owners = concentration["owners"].head(limit)
    return [
        [r.OWNER, count_cell(r.CHILDREN), percent_cell(r.CHILDREN_SHARE), money_cell(r.SPEND),
         percent_cell(r.SPEND_SHARE)]
        for r in owners.itertuples()
    ]  # fmt: skip


def block_rows(blocks: pd.DataFrame) -> list[dict]:
    return [
        {
            "id": r.ID,
            "urn": r.URN,
            "name": r.NAME,
            "category": CATEGORY_LABELS.get(r.CATEGORY, "Any") if r.CATEGORY else "Any",
            "places": r.PLACES,
            "children": r.CHILDREN,
            "utilisation": percent(r.UTILISATION),
            "empty": r.EMPTY,
            "empty_cost": money(r.EMPTY_COST),
        }
        for r in blocks.itertuples()
    ]


def sort_links(choices: list[tuple[str, str]], *, current: str) -> list[dict]:
    """The provider list's sort links, the one in use marked current."""
    return [{"key": key, "label": label, "current": key == current} for key, label in choices]


def supply_totals(supply: pd.DataFrame) -> dict[str, str]:
    """Registered places in the area and within 20 miles of it (analysis.supply's columns)."""
    in_area, near = int(supply["IN_AREA_PLACES"].sum()), int(supply["NEAR_PLACES"].sum())
    return {"places": count(in_area + near), "in_area": count(in_area), "near": count(near)}


def cost_totals(costs: pd.DataFrame) -> dict:
    def total(provision: str | None) -> str:
        part = costs if provision is None else costs[costs["PROVISION"] == provision]
        return money(part["ANNUAL_SPEND"].sum() if len(part) else 0)

    return {"all": total(None), "in_house": total("in_house"), "external": total("external")}


def type_label(value: str) -> str:
    try:
        return ProviderType(value).label
    except ValueError:
        return value


def import_lines(record: ProviderImport) -> list[str]:
    """What an Ofsted list import did, as the command prints it and the page shows it."""
    lines = [
        f"{record.file_name}: {count(record.created)} created, {count(record.updated)} updated, "
        f"{count(record.unchanged)} unchanged, {count(record.rejected)} rejected",
    ]
    lines += [
        f"  row {p['row'] or '–'}{' (' + p['urn'] + ')' if p.get('urn') else ''}: {p['reason']}"
        for p in record.problems
    ]
    return lines


def import_outcome(record: ProviderImport) -> tuple[bool, str]:
    """The message after an Ofsted list import, and whether anything was imported."""
    if record.created + record.updated == 0 and record.rejected:
        return False, "Nothing could be imported: see the problems below."
    return True, (f"{count(record.created)} providers added, {count(record.updated)} updated, "
                  f"{count(record.rejected)} rows rejected.")  # fmt: skip


DEFINITIONS = {
    "sector": (
        "Children looked after on the date, by the sector Ofsted records for the provider named "
        "by the URN of their current placement. Children whose placement names no provider "
        "(kinship carers, placed with parents, adoption) and those whose URN is not in the "
        "imported Ofsted list are shown separately."
    ),
    "rating": (
        "Each provider's rating on the date is the overall judgement of its latest inspection "
        "on or before that date (Ofsted's \"overall experiences and progress of children and "
        'young people"). The share in Good or Outstanding provision is out of every child '
        "placed with a provider in the Ofsted list, including those not yet inspected."
    ),
    "distances": (
        "A provider is in the area when its postcode lies in the council's area. Otherwise the "
        "distance is in a straight line from the centre of the council's area (the average "
        "position of its postcodes) to the provider's postcode, from the ONS Postcode Directory."
    ),
    "local": (
        "A provider is in the area when its postcode lies in the council's area (ONS Postcode "
        "Directory). It is within 20 miles when its postcode is no more than 20 miles in a "
        "straight line from the centre of the council's area: the average position of all the "
        "area's postcodes, so the centre sits where people live. Providers that are closed, or "
        "have no postcode in the directory, are not counted. Ofsted does not publish places for "
        "fostering agencies."
    ),
    "costs": (
        "A child's weekly cost is the cost the council recorded for that provider and placement "
        "category in force on the date (the latest one starting on or before it, not ended "
        "before it). Annual spend is those weekly costs times 52 for the children placed on the "
        "date: what a year costs at today's placements, not what was spent last year. "
        "A child whose "
        "placement names no provider (in-house fostering, kinship care) takes the average of "
        "the council's own providers' costs for that category. In-house "
        "means the council's own provision: in-house fostering, the council's own homes, and "
        "providers it has an in-house contract with. Children with no recorded cost are left "
        'out of the averages and shown in "Children with a cost".'
    ),
    "concentration": (
        "External placements only. An owner is the organisation Ofsted records as owning the "
        "provider (or the provider itself when none is recorded). The largest owners are those "
        "with the most children placed; their share of spend uses the recorded weekly costs."
    ),
    "blocks": (
        "Block contracts in force on the date. Children placed counts the council's children "
        "with the provider on that date, in the contract's placement category when it has one. "
        "Utilisation is filled places over places bought (at most 100%); the cost of empty "
        "places is empty places times the weekly price times 52."
    ),
    "gap": (
        "For each placement category: children placed in it on the date, against the registered "
        "places of active providers of the matching type in the area or within 20 miles. The "
        "gap is children minus places: a positive gap means more of our children need this kind "
        "of home than there are local places (and other councils use those places too). Places "
        "free is the latest vacancy report from those providers in the 31 days to the date. "
        "Distance from home is from the child's home postcode to the placement postcode, as in "
        "the Children in care page. Widest gap first."
    ),
}


def provider_rows(
    providers, *, la: LocalAuthority, placed: dict[str, int], centre_known: bool
) -> list[dict]:
    """The providers list's rows: type, rating tag, miles from the council's centre (when it is
    known), whether in the area, and the council's children placed with each."""
    rows = []
    provider: selectors.ListedProvider  # the paginator's page loses the annotations' types
    for provider in providers:
        miles = None
        if centre_known and provider.distance2 is not None:
            miles = round(provider.distance2**0.5 / selectors.METRES_PER_MILE, 1)
        rows.append(
            {
                "provider": provider,
                "type": type_label(provider.provider_type),
                "tag": rating_tag(provider.rating),
                "miles": miles,
                "in_area": provider.council_code == la.code,
                "children": placed.get(provider.urn, 0),
            }
        )
    return rows


def good_or_outstanding(good: dict, sectors: dict[str, int]) -> dict[str, str]:
    """The "In Good or Outstanding provision" card. Unknown is not zero: a child whose provider
    is not in Ofsted's list has no known rating; when no child's is known the share is "Not
    known" with the count, otherwise the count not known is said."""
    unknown = sectors.get("not_listed", 0)
    if not good["denominator"]:
        if unknown:
            return {"value": "Not known",
                    "detail": f"no rating known: {count(unknown)} children with a provider not "
                              "in Ofsted's list"}  # fmt: skip
        return {"value": NOT_KNOWN, "detail": "no child with a listed provider"}
    detail = f"{count(good['numerator'])} of {count(good['denominator'])} with a listed provider"
    if unknown:
        detail += f"; {count(unknown)} not known (provider not in Ofsted's list)"
    return {"value": percent(good["percent"]), "detail": detail}
