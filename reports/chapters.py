"""A chapter for each type of home in the strategy, in the order councils write them (Kent's
and Walsall's sufficiency strategies): who lives there now and a year ago, the forecast, their
needs, local supply, quality, cost, distance, a plain-English sentence on sufficiency, the needs
referrals could not meet, and the council's own "Our intentions — we will…".

Every figure is at the document's date: the children's from the cohort at that date (and a year
earlier), the market's as at that date (placements.market.selectors.market_at), the fostering
supply entered for the latest quarter on or before it, referrals received in the 12 months to
it, and the intentions as their history held them at its end (reports.as_at's rule: words typed
in after the date are shown as they are now).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from placements.cohort import measures
from placements.cohort import types_of_home as toh
from placements.cohort.analysis import AGE_BAND_LABELS
from placements.forecast.stock_flow import CATEGORIES
from placements.market import analysis as market_analysis
from placements.market.fostering import FosteringQuarter
from placements.market.fostering_figures import FosteringYear, year_to
from placements.market.models import ProviderType, Rating
from placements.referrals.analysis import ReferralSummary
from placements.referrals.selectors import referral_summary
from reports import as_at, selectors
from reports.figures import Figures
from sufficiency.calendar import long_date, year_earlier
from sufficiency.councils import LocalAuthority
from sufficiency.formatting import count, money, number, percent, share, signed
from sufficiency.plan import linked
from sufficiency.plan.intentions import Intention

# Where the children of each chapter live, after "N children live …".
LIVE_PHRASE = {
    "fostering": "with foster carers",
    "childrens_homes": "in children's homes",
    "supported": "in supported accommodation or independent living",
    "residential_schools": "at residential special schools",
    "secure_remand": "in secure children's homes or youth custody",
    "parent_child": "in parent and child placements",
    "health": "in health or care settings",
}
# The Ofsted provider types that offer each chapter's homes.
PROVIDER_TYPES: dict[str, tuple[str, ...]] = {
    "fostering": (ProviderType.IFA, ProviderType.LA_FOSTERING),
    "childrens_homes": (ProviderType.CHILDRENS_HOME,),
    "supported": (ProviderType.SUPPORTED_ACCOMMODATION,),
    "residential_schools": (ProviderType.RESIDENTIAL_SCHOOL,),
    "secure_remand": (ProviderType.SECURE,),
    "parent_child": (ProviderType.FAMILY_CENTRE,),
}
SEX_LABELS = {"male": "male", "female": "female", "unknown": "sex not recorded"}
LEGAL_LABELS = {
    "interim_care_order": "interim care order",
    "care_order": "care order",
    "placement_order": "placement order",
    "section_20": "section 20 (accommodated with agreement)",
    "youth_justice": "remanded or youth justice",
    "emergency_protection": "emergency protection",
    "other": "other",
}
RATING_ORDER = market_analysis.RATING_ORDER
RATING_LABELS = {
    k: "not yet inspected" if k == Rating.NOT_YET_INSPECTED else f"rated {Rating(k).label}"
    for k in RATING_ORDER
}


def children(n: int, verb: str = "") -> str:
    """ "1 child lives", "3 children live" (verb "live"), or "1 child" / "3 children"."""
    noun = "child" if n == 1 else "children"
    if not verb:
        return f"{count(n)} {noun}"
    return f"{count(n)} {noun} {verb + 's' if n == 1 else verb}"


def _places(n: int) -> str:
    return f"{count(n)} {'place' if n == 1 else 'places'}"


def breakdown(values: dict[str, int], labels: dict[str, str]) -> str:
    """ "5 boys (62.5%), 3 girls (37.5%)": the non-zero groups with their shares."""
    total = sum(values.values())
    parts = [f"{count(v)} {labels.get(k, k)} ({share(v, total)})" for k, v in values.items() if v]
    return ", ".join(parts) if parts else "none"


@dataclass
class Supply:
    """Local supply of one chapter's homes at the date."""

    providers: int = 0
    places: int | None = 0  # None: no local provider publishes its places (fostering)
    in_house_providers: int = 0
    in_house_places: int = 0
    vacancies: int | None = None  # None: no local provider reported vacancies recently
    block_places: int = 0
    block_children: int = 0


@dataclass
class ChapterFigures:
    key: str
    title: str
    number: int
    children: int | None  # None for chapters about young people not in care at the date
    before: int | None
    types: list[dict] = field(default_factory=list)
    sentence: str = ""
    forecast: str | None = None
    needs: list[tuple[str, str]] = field(default_factory=list)
    supply: list[tuple[str, str]] = field(default_factory=list)
    quality: list[tuple[str, str]] = field(default_factory=list)
    cost: list[tuple[str, str]] = field(default_factory=list)
    distance: str = ""
    unmet: str | None = None
    intentions: list[str] = field(default_factory=list)
    intention: Intention | None = None  # the current record, for editing in the browser
    figures: dict = field(default_factory=dict)  # the plain numbers, for tests and data-*

    @property
    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return [("Needs", self.needs), ("Local supply", self.supply), ("Quality", self.quality),
                ("Cost and spend", self.cost)]  # fmt: skip

    @property
    def current_intentions(self) -> list[str]:
        """The words as they are now, for editing in the browser."""
        return self.intention.lines if self.intention is not None else []


# Sufficiency sentence --------------------------------------------------------------------------


def sufficiency_sentence(key: str, n: int, supply: Supply | None) -> str:
    """What a board member needs in one line: how many children live in this type of home and
    how many local places are free, never a signed "gap"."""
    where = LIVE_PHRASE.get(key, "in this type of home")
    first = f"{children(n, 'live')} {where}" if n else f"No children live {where}"
    if supply is None:
        return f"{first}."
    if key == "fostering":
        if supply.vacancies is None:
            return f"{first}; the council has not recorded its foster carers' vacancies."
        if supply.vacancies == 0:
            return f"{first}; none of the council's foster carers has a vacancy."
        return f"{first}; the council's foster carers have {count(supply.vacancies)} " + (
            "vacancy." if supply.vacancies == 1 else "vacancies."
        )
    if supply.providers == 0:
        return f"{first}; there is no such home in the area or within 20 miles."
    if supply.vacancies is None:
        return f"{first}; no local provider has told us of a free place in the last month."
    if supply.vacancies == 0:
        return f"{first}; no local places are free."
    verb = "is" if supply.vacancies == 1 else "are"
    return f"{first}; {_places(supply.vacancies)} {verb} free locally."


# Figures per chapter ---------------------------------------------------------------------------


def supply_of(key: str, market, fostering: FosteringYear | None) -> Supply | None:
    """Local supply at the date: registered providers and places in the area or within 20
    miles, the council's own, recent vacancies, block contracts; fostering from the council's
    own figures."""
    kinds = PROVIDER_TYPES.get(key)
    if kinds is None:
        return None
    supply = Supply()
    if market is not None and market.providers is not None and len(market.providers):
        providers = market.providers
        local = providers[
            providers["ACTIVE"]
            & providers["LOCAL"].isin(market_analysis.LOCAL)
            & providers["TYPE"].isin(kinds)
        ]
        supply.providers = len(local)
        supply.places = (
            int(local["PLACES"].fillna(0).sum())
            if local["PLACES"].notna().any()
            else (None if len(local) else 0)
        )
        own = local[local["IN_HOUSE"]]
        supply.in_house_providers = len(own)
        supply.in_house_places = int(own["PLACES"].fillna(0).sum())
        reported = market.vacancies if market.vacancies is not None else pd.Series(dtype=float)
        urns = set(local["URN"])
        if urns & set(reported.index):
            supply.vacancies = int(reported.reindex(list(urns)).fillna(0).sum())
        chapter = next(c for c in toh.CHAPTERS if c.key == key)
        blocks = market.blocks
        if blocks is not None and len(blocks):
            mine = blocks[blocks["CATEGORY"].isin(chapter.categories)]
            supply.block_places = int(mine["PLACES"].sum())
            supply.block_children = int(mine["CHILDREN"].sum())
    if key == "fostering":
        supply.vacancies = fostering.vacancies if fostering is not None else None
    return supply


def supply_lines(
    key: str, supply: Supply, fostering: FosteringYear | None
) -> list[tuple[str, str]]:
    lines = []
    if key == "fostering":
        if fostering is None:
            lines.append(("The council's foster carers", "Not entered"))
        else:
            at = long_date(fostering.quarter_end)
            target = (
                f" (target {count(fostering.households_target)})"
                if fostering.households_target is not None
                else ""
            )
            lines.append(
                (f"Fostering households at {at}", f"{count(fostering.households)}{target}")
            )
            lines.append(("Vacancies with the council's foster carers", count(fostering.vacancies)))
            change = signed(fostering.net_change) if fostering.net_change is not None else "–"
            if fostering.net_change_target is not None:
                change += f" (target {signed(fostering.net_change_target)})"
            lines.append(("Net change in fostering households in the year", change))
            lines.append(
                (
                    "Approved and de-registered in the year",
                    f"{count(fostering.approvals)} approved, "
                    f"{count(fostering.deregistrations)} de-registered",
                )
            )
            lines.append(
                (
                    "From enquiry to approval in the year",
                    ", ".join(f"{label} {count(v)}" for label, v in fostering.funnel),
                )
            )
        lines.append(("Fostering agencies in the area or within 20 miles", count(supply.providers)))
        return lines
    places = "not published" if supply.places is None else count(supply.places)
    lines.append(
        (
            "Registered homes in the area or within 20 miles",
            f"{count(supply.providers)} ({places} places)",
        )
    )
    lines.append(
        (
            "The council's own homes",
            f"{count(supply.in_house_providers)} ({_places(supply.in_house_places)})",
        )
    )
    lines.append(
        (
            "Places free locally (reported in the last month)",
            "not reported" if supply.vacancies is None else count(supply.vacancies),
        )
    )
    if supply.block_places:
        lines.append(
            (
                "Block contracts",
                f"{_places(supply.block_places)} bought, {children(supply.block_children)} "
                "placed in them",
            )
        )
    return lines


def needs_lines(current: pd.DataFrame, data, on: date) -> list[tuple[str, str]]:
    """Age, sex, legal status and UASC of the chapter's children (current episodes at D), by the
    contract's own measures run on those children only."""
    if current.empty:
        return []
    kids = set(current["CHILD"])
    header = _of_children(data.header, kids)
    ages = measures.age_bands(current, header, on=on)
    sexes = measures.sex(current, header, on=on)
    legal = measures.legal_status(current, on=on)
    uasc = measures.uasc(current, _of_children(data.uasc, kids), on=on)
    return [
        ("Age", breakdown(ages, {k: f"aged {v.lower()}" for k, v in AGE_BAND_LABELS.items()})),
        ("Sex", breakdown(sexes, SEX_LABELS)),
        ("Legal status", breakdown(legal, LEGAL_LABELS)),
        ("Unaccompanied asylum-seeking children", f"{count(uasc)} ({share(uasc, len(current))})"),
    ]


def _of_children(table: pd.DataFrame, kids: set[str]) -> pd.DataFrame:
    """The rows of a per-child table for some children: the measures then read a few rows,
    not the whole council's history, once per chapter."""
    if table is None or table.empty:
        return table
    return table[table["CHILD"].astype("str").str.strip().isin(kids)]


def quality_cost(placed: pd.DataFrame | None, kids: set[str]):
    """Ofsted ratings of the providers the chapter's children live with, and what it costs."""
    if placed is None or placed.empty or not kids:
        return [], [], {}
    mine = placed[placed["CHILD"].astype(str).isin(kids)]
    rated = market_analysis.by_rating(mine)
    ratings = rated["ratings"]
    listed = rated["good_or_outstanding"]["denominator"]
    quality = []
    if listed:
        quality = [
            ("Children with a provider Ofsted lists", count(listed)),
            (
                "By its rating at the date",
                breakdown({k: ratings[k] for k in RATING_ORDER}, RATING_LABELS),
            ),  # fmt: skip
            (
                "Good or Outstanding",
                percent(rated["good_or_outstanding"]["percent"]),
            ),
        ]
    costs = mine["WEEKLY_COST"].dropna().astype(float) if "WEEKLY_COST" in mine else pd.Series()
    cost = []
    spend = float(costs.sum()) * market_analysis.WEEKS_A_YEAR
    if len(costs):
        cost = [
            ("Average weekly cost", money(costs.mean())),
            ("Annual spend at the date's rate", money(spend)),
            ("Children with a cost recorded", f"{count(len(costs))} of {count(len(mine))}"),
        ]
    return (
        quality,
        cost,
        {
            "inadequate": ratings.get("inadequate", 0),
            "good_or_outstanding": rated["good_or_outstanding"]["numerator"],
            "rated": listed,
            "spend": round(spend, 2),
        },
    )


def distance_sentence(current: pd.DataFrame, on: date) -> tuple[str, dict]:
    if current.empty:
        return "", {}
    far = measures.over_20_miles(current, on=on)
    if far["numerator"] == 0:
        sentence = "None of them lives more than 20 miles from home"
    else:
        verb = "lives" if far["numerator"] == 1 else "live"
        sentence = (
            f"{count(far['numerator'])} of {children(far['denominator'])} "
            f"({percent(far['percent'])}) {verb} more than 20 miles from home"
        )
    if far["unknown"]:
        sentence += f"; for {count(far['unknown'])} the distance is not known"
    return sentence + ".", {"far": far["numerator"], "distance_unknown": far["unknown"]}


def forecast_sentence(chapter: toh.Chapter, forecast, n: int) -> str | None:
    if forecast is None or not forecast.projections or not chapter.categories:
        return None
    baseline = forecast.projections[0]
    columns = [CATEGORIES.index(c) for c in chapter.categories]
    end = float(baseline.by_category[-1, columns].sum())
    difference = round(end) - n
    against = (
        "the same as now"
        if difference == 0
        else f"{count(abs(difference))} {'more' if difference > 0 else 'fewer'} than now"
    )
    sentence = (
        f"On current trends the forecast is {children(round(end))} here by "
        f"{long_date(forecast.end)}: {against}."
    )
    if len(chapter.categories) == 1 and chapter.categories[0] in forecast.accuracy_by_type:
        sentence += f" {forecast.accuracy_by_type[chapter.categories[0]]}"
    return sentence


def unmet_sentence(chapter: toh.Chapter, summary: ReferralSummary | None) -> str | None:
    """ "Needs we could not meet": referrals in the year that asked for this type of home."""
    if summary is None or not chapter.referral_type:
        return None
    if summary.referrals == 0:
        return "No referrals for a home were recorded in the year."
    demand = next((d for d in summary.by_type if d.placement_type == chapter.referral_type), None)
    if demand is None or demand.preferred == 0:
        return "No referral in the year asked for this type of home first."

    def was(n: int) -> str:
        return f"{count(n)} {'was' if n == 1 else 'were'}"

    asked = f"{count(demand.preferred)} referral{'' if demand.preferred == 1 else 's'}"
    sentence = (
        f"Of {asked} in the year that asked first for this type of home, "
        f"{was(demand.placed_in_type)} placed in one, {was(demand.placed_elsewhere)} placed in "
        f"another type of home and {was(demand.not_placed)} still without a home at "
        f"{long_date(summary.end)}."
    )
    days = next((d for d in summary.days_by_type if d.key == chapter.referral_type), None)
    if days is not None and days.median_days is not None:
        unit = "day" if days.median_days == 1 else "days"
        sentence += f" Homes took a median of {number(days.median_days)} {unit} to find."
    return sentence


def intention_as_set(intention: Intention, on: date) -> Intention:
    """The words as their history held them at the end of the date; as now when typed later."""
    record = (
        intention.history.filter(history_date__lte=as_at.end_of(on))
        .order_by("-history_date")
        .first()
    )
    return intention if record is None else record.instance


# Assembling the chapters ------------------------------------------------------------------------


def chapters(dash: selectors.Dashboard) -> list[ChapterFigures]:
    """Every chapter, in order, from the dashboard's figures at its date."""
    la, on, data = dash.la, dash.on, dash.data
    if data is None or dash.now is None:
        return []
    on = dash.now.on
    current = toh.current_types(data.episodes, on=on)
    before_on = dash.year_earlier.on if dash.year_earlier is not None else None
    before = toh.current_types(data.episodes, on=before_on) if before_on else None
    fostering = fostering_year(la, on)
    summary = referral_summary(la=la, start=year_earlier(on) + timedelta(days=1), end=on)
    intentions = current_intentions(dash)
    result = []
    for position, chapter in enumerate(toh.CHAPTERS, start=1):
        figures = ChapterFigures(chapter.key, chapter.title, position, None, None)
        if chapter.key == "short_breaks":
            _short_breaks(figures, data, on, before_on)
        elif chapter.key == "care_leavers":
            _care_leavers(figures, dash, data, on)
        else:
            _placed(figures, chapter, dash, current, before, fostering, summary)
        intention = intentions.get(chapter.key)
        figures.intention = intention
        if intention is not None:
            figures.intentions = intention_as_set(intention, on).lines
        result.append(figures)
    return result


def _placed(figures, chapter, dash, current, before, fostering, summary) -> None:
    on = dash.now.on
    mine = current[current["CHAPTER"] == chapter.key]
    n = len(mine)
    figures.children = n
    figures.before = int((before["CHAPTER"] == chapter.key).sum()) if before is not None else None
    for kind in toh.TYPES:
        if kind.chapter != chapter.key:
            continue
        now = int((mine["TYPE"] == kind.key).sum())
        then = int((before["TYPE"] == kind.key).sum()) if before is not None else None
        figures.types.append(
            {"key": kind.key, "label": kind.label, "now": now, "before": then,
             "change": signed(now - then) if then is not None else "–"}
        )  # fmt: skip
    supply = supply_of(chapter.key, dash.market, fostering)
    figures.sentence = sufficiency_sentence(chapter.key, n, supply)
    figures.forecast = forecast_sentence(chapter, dash.forecast, n)
    figures.needs = needs_lines(mine, dash.data, on)
    if supply is not None:
        figures.supply = supply_lines(chapter.key, supply, fostering)
        figures.figures.update(
            providers=supply.providers, places=supply.places, vacancies=supply.vacancies
        )
    kids = set(mine["CHILD"].astype(str))
    placed = dash.market.placed if dash.market is not None else None
    figures.quality, figures.cost, money_figures = quality_cost(placed, kids)
    figures.distance, far = distance_sentence(mine, on)
    figures.unmet = unmet_sentence(chapter, summary)
    figures.figures.update(children=n, before=figures.before, **money_figures, **far)
    if chapter.key == "secure_remand":
        remanded = int((current["LS"] == "J1").sum())
        figures.needs.append(("Children remanded (legal status J1), wherever they live",
                              count(remanded)))  # fmt: skip
        figures.figures["remanded"] = remanded
    if chapter.key == "fostering" and fostering is not None:
        figures.figures.update(
            households=fostering.households, net_change=fostering.net_change,
            net_change_target=fostering.net_change_target,
        )  # fmt: skip


def _short_breaks(figures, data, on: date, before_on: date | None) -> None:
    n = toh.short_break_children(data.raw_episodes, on=on)
    figures.children = n
    figures.before = (
        toh.short_break_children(data.raw_episodes, on=before_on) if before_on else None
    )
    figures.types.append(
        {"key": "short_break", "label": "children with short breaks in the year", "now": n,
         "before": figures.before,
         "change": signed(n - figures.before) if figures.before is not None else "–"}
    )  # fmt: skip
    figures.sentence = (
        f"{children(n)} had short breaks away from home in the year to {long_date(on)}"
        if n
        else f"No child had a short break recorded in the year to {long_date(on)}"
    ) + (
        "; they are counted here apart, and left out of every other figure, as the DfE's "
        "methodology asks."
    )
    figures.figures.update(children=n, before=figures.before)


def _care_leavers(figures, dash, data, on: date) -> None:
    """Care leavers' accommodation at the last 31 March, and Staying Put in the year."""
    march = linked.reference_date(on)
    leavers = measures.care_leavers(data.oc3, on=march) if march >= data.first_day else None
    stayed = dash.now.measures["ceased_by_reason"]["stayed_with_carers_at_18"]
    before = (
        dash.year_earlier.measures["ceased_by_reason"]["stayed_with_carers_at_18"]
        if (dash.year_earlier)
        else None
    )
    figures.children, figures.before = stayed, before
    figures.types.append(
        {"key": "staying_put", "label": "stayed with their foster carers at 18 (Staying Put)",
         "now": stayed, "before": before,
         "change": signed(stayed - before) if before is not None else "–"}
    )  # fmt: skip
    sentence = (
        f"{count(stayed)} young {'person' if stayed == 1 else 'people'} stayed with their "
        f"foster carers at 18 (Staying Put) in the year to {long_date(on)}."
    )
    if leavers:
        for group, label in (("17_18", "aged 17 or 18"), ("19_21", "aged 19 to 21")):
            row = leavers[group]
            figures.needs.append(
                (
                    f"Care leavers {label} at {long_date(march)}",
                    f"{count(row['cohort'])}; {count(row['suitable_accommodation'])} "
                    f"({share(row['suitable_accommodation'], row['cohort'])}) in suitable "
                    "accommodation",
                )
            )
        older = leavers["19_21"]
        sentence += (
            f" Of {count(older['cohort'])} care leavers aged 19 to 21, "
            f"{count(older['suitable_accommodation'])} lived in suitable accommodation at "
            f"{long_date(march)}."
        )
    figures.sentence = sentence
    figures.figures.update(children=stayed, before=before)


# Reads ------------------------------------------------------------------------------------------


def fostering_year(la: LocalAuthority, on: date) -> FosteringYear | None:
    rows = FosteringQuarter.objects.filter(la=la, quarter_end__lte=on).values()
    return year_to([dict(row) for row in rows], on)


def current_intentions(dash: selectors.Dashboard) -> dict[str, Intention]:
    if dash.strategy is None:
        return {}
    return {i.chapter: i for i in Intention.objects.filter(strategy=dash.strategy)}


# The figures registry (render_report --format json) -----------------------------------------


def register(figures: Figures, found: list[ChapterFigures], dash: selectors.Dashboard) -> None:
    """The chapters' counts under chapter.<key>...: the same numbers the chapters print."""
    if dash.now is None:
        return
    on = dash.now.on
    before_on = dash.year_earlier.on if dash.year_earlier is not None else None
    for chapter in found:
        prefix = f"chapter.{chapter.key}"
        period = None
        if chapter.key in ("short_breaks", "care_leavers"):
            period = f"12 months to {long_date(on)}"
        figures.add(f"{prefix}.children", chapter.children, count(chapter.children), on,
                    "measures", period=period)  # fmt: skip
        if before_on is not None and chapter.before is not None:
            figures.add(f"{prefix}.children_year_earlier", chapter.before,
                        count(chapter.before), before_on, "measures")  # fmt: skip
        for row in chapter.types:
            figures.add(f"{prefix}.type.{row['key']}", row["now"], count(row["now"]), on,
                        "measures", period=period)  # fmt: skip
        for key in ("vacancies", "households", "net_change", "net_change_target"):
            value = chapter.figures.get(key)
            if value is not None:
                figures.add(f"{prefix}.{key}", value, count(value), on, "market")
