"""The annual sufficiency strategy: the strategy's own words with the needs analysis, the
market and the plan written from the data."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from placements.cohort.measures import CATEGORY_LABELS, PLACEMENT_CATEGORIES
from placements.cohort.presenters import DEFINITIONS
from reports import chapters, narrative, presenters, selectors
from reports import cover_presenters as cover_presenters
from reports.print_charts import print_sections
from sufficiency.calendar import collection_year_label, long_date
from sufficiency.charts import Table
from sufficiency.councils import LocalAuthority
from sufficiency.exports import count_cell, money_cell, signed_cell
from sufficiency.formatting import count, money, share
from sufficiency.plan.models import Priority
from sufficiency.richtext import rich_text

DEFINITION_TITLES = {
    "cla": "Children looked after",
    "rate_per_10k": "Rate per 10,000 children",
    "started": "Started to be looked after",
    "ceased": "Ceased to be looked after",
    "uasc": "Unaccompanied asylum-seeking children",
    "three_plus_placements": "3 or more placements in the year",
    "long_term_stability": "Long-term placement stability",
    "over_20_miles": "Placed more than 20 miles from home",
    "out_of_area": "Placed outside the council's area",
    "placement_mix": "Placement mix",
    "care_leavers": "Care leavers",
    "age": "Age",
    "ethnicity": "Ethnicity",
}

NARRATIVE_SECTIONS = [
    ("vision", "Our vision"),
    ("context", "Context"),
    ("governance", "Governance"),
]


def needs_analysis(dash: selectors.Dashboard) -> list[str]:
    """The needs analysis, as sentences from the figures at the chosen date."""
    if dash.now is None:
        return ["No SSDA903 return has been loaded, so there is no needs analysis yet."]
    now = dash.now.measures
    before = dash.year_earlier
    england = dash.benchmarks
    return [
        narrative.looked_after(
            on=dash.now.on,
            cla=now["cla"],
            before=before.measures["cla"] if before else None,
            rate=now["rate_per_10k"],
            england_rate=england.get("rate_per_10k", {}).get("england"),
            england_year=(
                collection_year_label(england["rate_per_10k"]["year"])
                if "rate_per_10k" in england
                else None
            ),
        ),
        narrative.flows(started=now["started"], ceased=now["ceased"]),
        narrative.placement_mix(now["placement_mix"], CATEGORY_LABELS),
        narrative.distance(
            numerator=now["over_20_miles"]["numerator"],
            denominator=now["over_20_miles"]["denominator"],
            unknown=now["over_20_miles"]["unknown"],
            out_of_area=dash.now.location["out_of_area"],
            area_unknown=dash.now.location.get("unknown", 0),
        ),
        narrative.stability(
            three_plus=now["three_plus_placements"],
            long_term=now["long_term_stability"],
            england_three_plus=england.get("three_plus_placements", {}).get("england"),
            england_long_term=england.get("long_term_stability", {}).get("england"),
        ),
        narrative.care_leavers(now["care_leavers"]),
    ]


def placement_types(dash: selectors.Dashboard) -> list[dict]:
    """Each placement type's sufficiency: demand now and a year earlier, local supply (the
    chapters say how many places are free, never a signed gap), children living more than 20
    miles away, and the
    average weekly cost and annual spend (from the market data)."""
    if dash.now is None:
        return []
    now = dash.now.measures["placement_mix"]
    year_before = dash.year_earlier
    gap: dict[str, dict] = {}
    costs: dict[str, dict[str, float]] = {}  # per placement type: children, total, spend
    if dash.market is not None:
        gap = {row["CATEGORY"]: row for row in dash.market.gap.to_dict("records")}
        for row in dash.market.costs.to_dict("records"):
            entry = costs.setdefault(row["CATEGORY"], {"children": 0, "total": 0.0, "spend": 0.0})
            entry["children"] += row["COSTED"]
            entry["total"] += (row["AVERAGE"] or 0) * row["COSTED"]
            entry["spend"] += row["ANNUAL_SPEND"]
    rows = []
    total = sum(now[key] for key in PLACEMENT_CATEGORIES)
    for key in PLACEMENT_CATEGORIES:
        before = year_before.measures["placement_mix"][key] if year_before else None
        supply = gap.get(key)
        cost = costs.get(key)
        rows.append(
            {
                "key": key,
                "label": CATEGORY_LABELS[key],
                "children": now[key],
                "share": share(now[key], total),
                "before": before,
                "change": presenters.change(now[key], before, "number"),
                "local_places": (
                    "–"
                    if supply is None
                    else count(supply["LOCAL_PLACES"])
                    if supply["PLACES_KNOWN"]
                    else "Not published"
                ),
                "far": "–" if supply is None else count(supply["FAR"]),
                # Of the children of this type the market data places (its own count).
                "far_share": "–" if supply is None else share(supply["FAR"], supply["CHILDREN"]),
                "weekly_cost": (
                    money(cost["total"] / cost["children"]) if cost and cost["children"] else "–"
                ),
                "annual_spend": money(cost["spend"]) if cost else "–",
                "supply": supply,  # the figures behind the text, for downloads
                "cost": cost,
            }
        )
    return rows


def placement_types_table(rows: list[dict]) -> Table:
    return Table(
        headings=["Type of placement", "Children now", "A year earlier", "Change",
                  "Local places", "Over 20 miles", "Average weekly cost", "Annual spend"],
        rows=[placement_type_cells(r) for r in rows],
    )  # fmt: skip


def placement_type_cells(r: dict) -> list:
    """A placement type's row for download: each figure typed, printed as the document does."""
    supply: dict = r.get("supply") or {}
    cost = r.get("cost")
    children, before = r["children"], r["before"]
    known = bool(supply) and supply["PLACES_KNOWN"]
    return [
        r["label"],
        count_cell(children),
        count_cell(before),
        replace(signed_cell(None if before is None else children - before), text=r["change"]),
        replace(count_cell(supply["LOCAL_PLACES"] if known else None), text=r["local_places"]),
        replace(count_cell(supply.get("FAR")), text=r["far"]),
        replace(
            money_cell(cost["total"] / cost["children"] if cost and cost["children"] else None),
            text=r["weekly_cost"],
        ),
        replace(money_cell(cost["spend"] if cost else None), text=r["annual_spend"]),
    ]


def approval_note(strategy, on: date) -> str | None:
    """The strategy's approval against the figures' date, so a reader knows which came first."""
    if strategy is None or strategy.approved_on is None or strategy.approved_on == on:
        return None
    if strategy.approved_on > on:
        return None  # not known on the date: the cover says it was a draft then
    approved = long_date(strategy.approved_on)
    return (
        f"This strategy was approved on {approved}; its figures are at {long_date(on)}, after "
        "its approval, so some differ from those the approving board saw."
    )


def context(
    la: LocalAuthority, on: date, progress: Callable | None = None, charts_as: str = "print"
) -> dict:
    """Everything the strategy document shows; charts as SVG for print or figures for the web."""

    dash = selectors.dashboard(la, on)
    base = presenters.dashboard_context(dash)
    strategy = dash.strategy
    if progress:
        progress(40, "Drawing the charts")
    needs_charts = []
    if dash.now is not None:
        # The dashboard's own charts (kept per data version and date), not drawn a second time.
        kept = presenters.cohort_sections(dash)
        needs_charts = [*kept["children"], kept["placements"][0], kept["age"][0]]
    priorities = []
    plan_actions = dash.plan.actions if dash.plan is not None else []
    if strategy is not None:
        for priority in Priority.objects.filter(strategy=strategy).prefetch_related("actions"):
            priorities.append(
                {
                    "priority": priority,
                    "description": rich_text(priority.description),
                    "i_statements": priority.i_statement_list,
                    # As they stood on the document's date (reports.as_at).
                    "actions": [a for a in plan_actions if a.action.priority_id == priority.pk],
                }
            )
    drawn, batch = (
        print_sections(
            {
                "needs": needs_charts,
                "market": base["sections"]["market"],
                "forecast": base["sections"]["forecast"],
            }
        )
        if charts_as == "print"
        else ({}, None)
    )
    types = placement_types(dash)
    base["tables"]["placement-types"] = placement_types_table(types)
    sections = [
        (key, title, rich_text(getattr(strategy, key)))
        for key, title in NARRATIVE_SECTIONS
        if strategy is not None and getattr(strategy, key).strip()
    ]
    return {
        **base,
        "la": la,
        "on": on,
        "strategy": strategy,
        "title": strategy.title if strategy else "Sufficiency strategy",
        "approval_note": approval_note(strategy, on),
        "subtitle": f"{strategy.period}" if strategy else "",
        "needs": needs_analysis(dash),
        "needs_charts": drawn["needs"] if drawn else needs_charts,
        "print_sections": drawn,
        "chart_batch": batch,
        "placement_types": types,
        "chapters": chapters.chapters(dash),
        "narrative_sections": sections,
        "priorities": priorities,
        "definitions": [(DEFINITION_TITLES[k], text) for k, text in DEFINITIONS.items()],
        # The committee cover, implications, children's voice and previous strategy.
        "paper": cover_presenters.paper(dash, "strategy"),
    }
