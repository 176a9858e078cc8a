"""The overview's "what needs attention": the headline figures at the latest date the data
supports, and prompts for what is late or coming up (ADR 0021).

Prompts, each worked out for a given `today` (the view passes `today()`):
- stale data: the data for a quarter end is due by the end of the month after it (an in-year
  extract, or the year-end return for 31 March); when the latest quarter end whose data is due
  by today is after the data's as-at date, the data is stale, and the prompt says what was due
  and by when;
- overdue and off-track actions of the current strategy, as they stand today (overdue wins,
  as on every report: reports/as_at.py), each by name with a link to it;
- contracts ending from today to the end of the next quarter;
- no quarterly report produced for the last quarter end before today (once data is loaded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from placements.cohort import selectors as cohort
from placements.market.models import Contract
from reports import as_at
from reports.models import GeneratedReport
from reports.selectors import snapshot
from sufficiency import tags
from sufficiency.calendar import (
    collection_year,
    collection_year_label,
    last_quarter_end,
    long_date,
    previous_quarter_end,
    quarter_end,
)
from sufficiency.councils import LocalAuthority
from sufficiency.formatting import count, rate
from sufficiency.plan.models import Action, ActionStatus
from sufficiency.plan.selectors import current_strategy

# Each prompt's tag, by meaning (sufficiency/tags.py).
TAGS = {
    "stale": tags.css(tags.BAD),
    "overdue": tags.css(tags.BAD),
    "off_track": tags.css(tags.BAD),
    "contracts": tags.css(tags.WARNING),
    "report": tags.css(tags.NEUTRAL),
}


def today() -> date:
    """The overview's day (tests set it)."""
    return timezone.localdate()


def data_due_by(on: date) -> date:
    """The day the data to a quarter end is due: the last day of the month after it."""
    return on + timedelta(days=1) + relativedelta(months=1) - timedelta(days=1)


def latest_due(today: date) -> date:
    """The latest quarter end whose data is due by today."""
    on = last_quarter_end(today)
    while data_due_by(on) > today:
        on = previous_quarter_end(on)
    return on


def next_quarter_end(on: date) -> date:
    return quarter_end(quarter_end(on) + timedelta(days=1))


def data_name(on: date) -> str:
    """What the data to a quarter end arrives as: the year-end return or an in-year extract."""
    if (on.month, on.day) == (3, 31):
        return f"the {collection_year_label(collection_year(on))} year-end return"
    return "the in-year extract"


@dataclass(frozen=True)
class StaleData:
    as_at: date  # the data's as-at date
    wanted: date  # the quarter end whose data is due
    due: date

    @property
    def name(self) -> str:
        return data_name(self.wanted)


@dataclass(frozen=True)
class NextData:
    wanted: date
    due: date


@dataclass
class Attention:
    today: date
    on: date | None = None  # the latest quarter end the data supports
    as_at: date | None = None  # the last day the data covers
    extract: bool = False  # ... from an in-year extract
    measures: dict | None = None  # the MEASURES.md object at `on`
    stale: StaleData | None = None
    next_data: NextData | None = None
    overdue: list[Action] = field(default_factory=list)
    off_track: list[Action] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    contracts_to: date | None = None  # contracts ending up to this date are listed
    report_missing: date | None = None  # the quarter end with no quarterly report


def attention(la: LocalAuthority, today: date) -> Attention:
    result = Attention(today=today)
    data = cohort.cohort(la=la)
    if data is not None:
        result.on = cohort.default_reference_date(data)
        result.as_at, result.extract = data.last_day, data.as_at is not None
        populations = cohort.population_figures(la=la)
        result.measures = snapshot(la, data, result.on, populations).measures
        wanted = latest_due(today)
        if data.last_day < wanted:
            result.stale = StaleData(data.last_day, wanted, data_due_by(wanted))
        upcoming = next_quarter_end(max(data.last_day, wanted))
        result.next_data = NextData(upcoming, data_due_by(upcoming))
    strategy = current_strategy(la)
    if strategy is not None:
        for item in as_at.actions_at(strategy, today):
            if item.overdue:
                result.overdue.append(item.action)
            elif item.status == ActionStatus.OFF_TRACK:
                result.off_track.append(item.action)
    result.contracts_to = next_quarter_end(today)
    result.contracts = list(
        Contract.objects.filter(la=la, end__gte=today, end__lte=result.contracts_to)
        .select_related("provider")
        .order_by("end", "provider__name", "pk")
    )
    last = previous_quarter_end(today)
    produced = GeneratedReport.objects.filter(
        la=la,
        kind=GeneratedReport.Kind.QUARTERLY,
        reference_date=last,
        status=GeneratedReport.Status.DONE,
    ).exists()
    if not produced and data is not None:  # (a council with no data starts with its data)
        result.report_missing = last
    return result


def headline_figures(result: Attention) -> list[dict]:
    """The headline figures as the overview shows them, each formatted by the one rule."""
    if result.measures is None or result.on is None:
        return []
    m, on = result.measures, long_date(result.on)
    return [
        {"key": "cla", "label": f"Children in care on {on}", "value": count(m["cla"])},
        {"key": "rate_per_10k", "label": f"Rate per 10,000 children on {on}",
         "value": rate(m["rate_per_10k"])},
        {"key": "started", "label": f"Started to be looked after in the 12 months to {on}",
         "value": count(m["started"])},
        {"key": "ceased", "label": f"Ceased to be looked after in the 12 months to {on}",
         "value": count(m["ceased"])},
    ]  # fmt: skip


def prompt_count(result: Attention) -> int:
    return sum(
        (
            result.stale is not None,
            bool(result.overdue),
            bool(result.off_track),
            bool(result.contracts),
            result.report_missing is not None,
        )
    )
