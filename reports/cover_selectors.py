"""Reads for the committee paper: the cover of a report (saved, or a new one carrying the
people and the meeting forward from the last cover of the same report), the figures its drafts
are worked out from, and the review of the previous strategy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from placements.cohort import measures as cohort_measures
from reports import as_at
from reports import cover_drafts as drafts
from reports.cover_models import CoverReport, Kind, StrategyReview
from reports.selectors import Dashboard, hand_value, value_of
from sufficiency.councils import LocalAuthority
from sufficiency.plan.models import Measure, Strategy

# Carried forward from the last cover of the same report: who and where, never what.
CARRIED = ["meeting", "author", "accountable_director", "lead_member", "wards", "classification"]
DISABILITY_NEED = "N4"  # SSDA903 category of need: the child's disability


def cover_at(la: LocalAuthority, kind: str, on: date) -> CoverReport:
    """The cover of the report at the date; a new, unsaved one if none has been written."""
    cover = CoverReport.objects.filter(la=la, kind=kind, reference_date=on).first()
    if cover is not None:
        return cover
    cover = CoverReport(la=la, kind=kind, reference_date=on)
    earlier = (
        CoverReport.objects.filter(la=la, kind=kind, reference_date__lt=on)
        .order_by("-reference_date")
        .first()
    )
    if earlier is not None:
        for name in CARRIED:
            setattr(cover, name, getattr(earlier, name))
    return cover


def review_of(strategy: Strategy | None) -> StrategyReview | None:
    if strategy is None:
        return None
    return StrategyReview.objects.filter(strategy=strategy).first() or StrategyReview(
        strategy=strategy
    )


def classification_default() -> str:
    """The deployment's protective marking (settings.PROTECTIVE_MARKING) if it sets one."""
    return getattr(settings, "PROTECTIVE_MARKING", "") or drafts.DEFAULT_CLASSIFICATION


# Figures for the drafts ---------------------------------------------------------------------


def spend_figures(dash: Dashboard) -> drafts.SpendFigures:
    """Spend against the budget, from what the document prints: the forecast's projected spend
    per financial year (the same calculation as its projected-spend table), the budgets, and
    the market data's annual cost of today's placements (its table by type of placement)."""
    annual_spend, costed = None, 0
    if dash.market is not None and not dash.market.costs.empty:
        annual_spend = float(dash.market.costs["ANNUAL_SPEND"].sum())
        costed = int(dash.market.costs["COSTED"].sum())
    forecast = dash.forecast
    if forecast is None or not forecast.annual_spend:
        return drafts.SpendFigures(on=dash.on, annual_spend=annual_spend, costed_children=costed)
    spends = list(forecast.annual_spend.items())  # current trends first, then each scenario
    trends = spends[0][1]
    years = sorted(trends)
    full = [y for y in years if forecast.months.get(y, 0) >= 12]
    # The first whole year with a budget; else the first whole year; else the first year.
    year = next((y for y in full if y in forecast.budgets), full[0] if full else years[0])
    lowest = None
    if len(spends) > 1:
        lowest = min(((n, s[year]) for n, s in spends[1:] if year in s), key=lambda i: i[1],
                     default=None)  # fmt: skip
    return drafts.SpendFigures(
        on=dash.on,
        year=year,
        months=forecast.months.get(year, 0),
        projected=trends[year],
        budget=forecast.budgets.get(year),
        lowest_scenario=lowest,
        annual_spend=annual_spend,
        costed_children=costed,
    )


def equality_figures(dash: Dashboard) -> drafts.EqualityFigures | None:
    """Sex, age and ethnicity from the measures at the date; disability from the category of
    need of each child's current episode, counted on the same children (cla)."""
    if dash.now is None or dash.data is None:
        return None
    now = dash.now.measures
    current = cohort_measures.current_episodes(dash.data.episodes, on=dash.now.on)
    need = current["CIN"].astype("string").str.strip().str.upper()
    return drafts.EqualityFigures(
        on=dash.now.on,
        cla=now["cla"],
        sex=now.get("sex", {}),
        age_bands=now.get("age_bands", {}),
        ethnicity=now.get("ethnicity", {}),
        disability=int((need == DISABILITY_NEED).sum()),
        residential_school=now["placement_mix"].get("residential_school"),
        uasc=now.get("uasc"),
    )


# The previous strategy ------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviousMeasure:
    measure: Measure  # as it was set when the previous strategy ended
    actual: float | None  # its value at the new strategy's date
    met: bool | None  # None: no value


def previous_measures(strategy: Strategy, ended_on: date, dash: Dashboard) -> list[PreviousMeasure]:
    """The plan's measures as they stood when the previous strategy ended (from their history,
    removed ones included; the current ones when the plan was recorded later), each with its
    value at the new strategy's date from the data, or as entered by hand."""
    records = Measure.history.filter(
        strategy_id=strategy.pk, history_date__lte=as_at.end_of(ended_on)
    ).order_by("id", "-history_date", "-history_id")
    latest: dict[int, object] = {}
    for record in records:
        latest.setdefault(record.id, record)
    kept = [r.instance for r in latest.values() if r.history_type != "-"]  # type: ignore[attr-defined]
    if not kept:
        kept = list(strategy.measures.all())
    kept.sort(key=lambda m: (m.position, m.pk))
    result = []
    for measure in kept:
        if measure.key:
            actual = value_of(measure.key, dash.la, dash.data, dash.on, dash.populations)
        else:
            actual = hand_value(measure, dash.on)
        met = None
        if actual is not None:
            higher = measure.direction == "higher"
            met = actual >= measure.target_value if higher else actual <= measure.target_value
        result.append(PreviousMeasure(measure, actual, met))
    return result


def strategy_of(la: LocalAuthority) -> Strategy | None:
    return Strategy.objects.filter(la=la).first()


def is_strategy(kind: str) -> bool:
    return kind == Kind.STRATEGY
