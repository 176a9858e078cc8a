"""Reads for the quarterly dashboard and the annual strategy: the cohort at several dates, the
strategy's measures against their targets, benchmarks, the action plan, commentary."""

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from statistics import mean

import pandas as pd
from dateutil.relativedelta import relativedelta
from django.db.models import Q

from placements.cohort import analysis, measures, selectors
from placements.forecast.reporting import ForecastSection, forecast_section
from placements.market.selectors import MarketAt, market_at
from reports import as_at
from reports.models import Benchmark, Commentary, StatisticalNeighbour
from sufficiency import versions
from sufficiency.calendar import dfe_published_on, quarter_bounds, quarter_ends_before
from sufficiency.councils import LocalAuthority
from sufficiency.plan import linked, text_checks
from sufficiency.plan.models import Strategy, Update
from sufficiency.plan.rag import Rag, Trajectory

SECTIONS = {
    "scorecard": "Scorecard",
    "children": "Children in care",
    "placements": "Placement mix",
    "distance": "Distance and location",
    "stability": "Stability",
    "care_leavers": "Care leavers",
    "uasc": "Unaccompanied asylum-seeking children",
    "market": "The market",
    "forecast": "Forecast",
    "plan": "Action plan",
}

# Strategy measure keys (sufficiency.plan.linked) -> DfE benchmark measures (reports.benchmarks).
BENCHMARK_OF = {
    "cla": "cla",
    "rate_per_10k": "rate_per_10k",
    "started": "started",
    "ceased": "ceased",
    "three_plus_placements": "three_plus_placements",
    "long_term_stability": "long_term_stability",
    "care_leavers_17_18_suitable": "care_leavers_suitable_17_18",
    "care_leavers_19_21_suitable": "care_leavers_suitable_19_21",
    "care_leavers_17_18_eet": "care_leavers_eet_17_18",
    "care_leavers_19_21_eet": "care_leavers_eet_19_21",
}
CARE_LEAVER_KEYS = {k for k in linked.LINKED_MEASURES if k.startswith("care_leavers")}


@dataclass
class Snapshot:
    """The cohort's figures at one date."""

    on: date
    measures: dict
    location: dict


def snapshot(la: LocalAuthority, data: selectors.Cohort, on: date, populations: tuple) -> Snapshot:
    """Headline measures and location at a date, memoised on the cohort (which is itself cached
    per council and import) and on the council's population figures
    (selectors.population_figures: the rate per 10,000 reads them), so the dashboard's many
    dates cost once per process."""

    def work_out() -> Snapshot:
        result = selectors.headline_measures(la=la, on=on, data=data)
        current = measures.current_episodes(data.episodes, on=on)
        return Snapshot(on=on, measures=result, location=analysis.location(current))

    return selectors.memoised(data, ("snapshot", on), populations, work_out)


def value_of(
    key: str, la: LocalAuthority, data: selectors.Cohort | None, on: date, populations: tuple
):
    """A strategy measure's value from the data at a date (care leavers: the last 31 March)."""
    if data is None:
        return None
    if key in CARE_LEAVER_KEYS:
        on = linked.reference_date(on)
    if on < data.first_day or on > data.last_day:
        return None
    return linked.extract(snapshot(la, data, on, populations).measures, key)


def hand_value(measure, on: date):
    values = [v for v in measure.values.all() if v.date <= on]
    latest = max(values, key=lambda v: (v.date, v.pk), default=None)
    return latest.value if latest else None


@dataclass
class ScorecardRow:
    name: str
    unit: str
    value: float | None
    target: float
    target_date: date
    direction: str
    rag: Rag
    last_quarter: float | None
    last_year: float | None
    series: list[tuple[date, float | None]]
    england: float | None
    neighbours: float | None
    key: str
    baseline: float | None = None  # the value the trajectory starts from
    baseline_date: date | None = None
    typed_baseline: float | None = None  # as typed into the plan
    baseline_differs: bool = False  # the typed baseline is not what the data says
    expected: float | None = None  # where the straight line to the target is on the date
    target_note: str = ""  # a target outside every forecast's likely range, in words
    before_baseline: bool = False  # the baseline date is after the report's: not rated yet


_BENCHMARKS: OrderedDict[tuple, tuple[tuple, dict[str, dict]]] = OrderedDict()
_BENCHMARKS_SIZE = 64


def benchmarks(la: LocalAuthority, on: date) -> dict[str, dict]:
    """For each benchmark measure, the latest year published by a date: the council's own
    published figure, England's, its region's and the mean of its statistical neighbours.

    A year counts as published on the date its imported file recorded, else on 30 November
    after it ends (`sufficiency.calendar.dfe_published_on`). Worked out once per version of
    the published figures (ADR 0017); shared, not to be changed."""
    key = (la.pk, la.code, la.old_la_code, on)
    version = versions.of(Benchmark, StatisticalNeighbour)
    kept = _BENCHMARKS.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    result = _benchmarks(la, on)
    _BENCHMARKS[key] = (version, result)
    _BENCHMARKS.move_to_end(key)
    while len(_BENCHMARKS) > _BENCHMARKS_SIZE:
        _BENCHMARKS.popitem(last=False)
    return result


def _benchmarks(la: LocalAuthority, on: date) -> dict[str, dict]:
    own_rows = Benchmark.objects.filter(level="la", area_code=la.code)
    region_code = own_rows.exclude(region_code="").values_list("region_code", flat=True).first()
    old_code = la.old_la_code or own_rows.values_list("old_la_code", flat=True).first() or ""
    neighbour_codes = list(
        StatisticalNeighbour.objects.filter(old_la_code=old_code).values_list(
            "neighbour_old_la_code", flat=True
        )
    )
    # Only the rows a council is compared with: England, its region, itself, its neighbours.
    rows = (
        Benchmark.objects.filter(year__lte=on.year)
        .filter(
            Q(level="national")
            | Q(level="regional", area_code=region_code or "")
            | Q(level="la", area_code=la.code)
            | Q(level="la", old_la_code__in=neighbour_codes)
        )
        .values(
            "measure", "year", "level", "area_code", "old_la_code", "region_code", "value",
            "published_on",
        )
    )  # fmt: skip
    frame = pd.DataFrame.from_records(list(rows))
    if frame.empty:
        return {}
    result = {}
    for measure_name, group in frame.groupby("measure"):
        recorded = {
            int(y): d for y, d in zip(group["year"], group["published_on"], strict=True) if d
        }
        years = [int(y) for y in group["year"].unique()]
        published = [y for y in years if dfe_published_on(y, recorded.get(y)) <= on]
        if not published:
            continue
        latest = max(published)
        group = group[group["year"] == latest]

        def pick(mask, group=group):
            values = group.loc[mask, "value"].dropna()
            return float(values.iloc[0]) if len(values) else None

        neighbours = group[(group["level"] == "la") & group["old_la_code"].isin(neighbour_codes)]
        neighbour_values = neighbours["value"].dropna().tolist()
        result[measure_name] = {
            "year": latest,
            "england": pick(group["level"] == "national"),
            "region": pick((group["level"] == "regional") & (group["area_code"] == region_code)),
            "neighbours": round(mean(neighbour_values), 1) if neighbour_values else None,
            "published": pick((group["level"] == "la") & (group["area_code"] == la.code)),
        }
    return result


def differs(typed: float, actual: float, unit: str) -> bool:
    """A typed baseline differs from the data's when it is off by more than rounding: half a
    child for a count, 0.05 for a rate or a percentage (they print to one decimal place)."""
    return abs(typed - actual) > (0.5 if unit == "number" else 0.05)


def scorecard(
    la: LocalAuthority,
    strategy: Strategy | None,
    data,
    on: date,
    published: dict,
    forecast: ForecastSection | None,
    populations: tuple,
) -> list[ScorecardRow]:
    if strategy is None:
        return []
    rows = []
    dates = quarter_ends_before(on, 8)
    for current in strategy.measures.prefetch_related("values").order_by("position", "pk"):
        measure = as_at.measure_as_set(current, on)

        def at(when: date, measure=measure):
            if measure.key:
                return value_of(measure.key, la, data, when, populations)
            return hand_value(measure, when)

        value = at(on)
        # Like with like: a count is never set against England's or the neighbours' counts.
        bench = (
            {} if measure.unit == "number" else published.get(BENCHMARK_OF.get(measure.key, ""), {})
        )
        # The baseline is the data's at the baseline date where the data reaches back to it;
        # a typed value that differs is flagged, and the line to the target starts from the data.
        # A baseline dated after the report is not known on its date: no baseline, no line, no
        # RAG, rather than a figure from the future.
        known = measure.baseline_date <= on
        from_data = at(measure.baseline_date) if measure.key and known else None
        baseline = from_data if from_data is not None else measure.baseline_value
        trajectory = Trajectory(
            baseline_value=baseline,
            baseline_date=measure.baseline_date,
            target_value=measure.target_value,
            target_date=measure.target_date,
            higher_is_better=measure.direction == "higher",
            tolerance=measure.tolerance,
        )
        target_note = ""
        if forecast is not None and measure.key == "cla" and forecast.projections:
            check = forecast.target_check(measure.name, measure.target_value, measure.target_date)
            if check.reachable is False:
                side = "below" if measure.target_value < check.readings[0].lower else "above"
                target_note = (
                    f"The target lies {side} the likely range of the forecast and of every "
                    f"scenario at {check.month_end:%-d %B %Y}."
                )
        rows.append(
            ScorecardRow(
                name=measure.name,
                unit=measure.unit,
                value=value,
                target=measure.target_value,
                target_date=measure.target_date,
                direction=measure.direction,
                rag=trajectory.rag(value, on if value is not None and known else None),
                last_quarter=at(dates[-2]) if len(dates) > 1 else None,
                last_year=at(on - relativedelta(years=1)),
                series=[(d, at(d)) for d in dates],
                england=bench.get("england"),
                neighbours=bench.get("neighbours"),
                key=measure.key,
                baseline=baseline if known else None,
                baseline_date=measure.baseline_date,
                typed_baseline=measure.baseline_value,
                baseline_differs=from_data is not None
                and differs(measure.baseline_value, from_data, measure.unit),
                expected=trajectory.expected_on(on) if known else None,
                target_note=target_note,
                before_baseline=not known,
            )
        )
    return rows


@dataclass
class PlanSummary:
    counts: dict
    overdue: list[as_at.ActionAt]
    updates: list[Update]
    actions: list[as_at.ActionAt] = field(default_factory=list)


def plan_summary(strategy: Strategy | None, on: date) -> PlanSummary | None:
    """The plan as it stood on the date: statuses from the dated updates and the history."""
    if strategy is None:
        return None
    start, end = quarter_bounds(on)
    actions = as_at.actions_at(strategy, on)
    return PlanSummary(
        actions=actions,
        counts=as_at.counts_at(actions),
        overdue=sorted((a for a in actions if a.overdue), key=lambda a: a.action.due or date.max),
        updates=list(
            Update.objects.filter(
                action__priority__strategy=strategy, date__gte=start, date__lte=end
            )
            .select_related("action", "author")
            .order_by("-date")
        ),
    )


@dataclass
class Dashboard:
    la: LocalAuthority
    on: date
    data: selectors.Cohort | None
    snapshots: list[Snapshot] = field(default_factory=list)
    year_ends: list[Snapshot] = field(default_factory=list)
    scorecard: list[ScorecardRow] = field(default_factory=list)
    benchmarks: dict = field(default_factory=dict)
    plan: PlanSummary | None = None
    strategy: Strategy | None = None
    commentary: dict[str, Commentary] = field(default_factory=dict)
    series: pd.DataFrame | None = None
    market: MarketAt | None = None
    forecast: ForecastSection | None = None
    # Each year's population (year, children), read once: with the cohort and the date, the
    # key of the figures kept for the dashboard (presenters.cohort_sections).
    populations: tuple[tuple[int, int], ...] = ()

    @property
    def data_ends_before(self) -> date | None:
        """The last day of the latest return when it ends before the report's date."""
        if self.data is not None and self.data.last_day < self.on:
            return self.data.last_day
        return None

    @property
    def now(self) -> Snapshot | None:
        return self.snapshots[-1] if self.snapshots else None

    @property
    def year_earlier(self) -> Snapshot | None:
        if self.now is None:
            return None
        wanted = self.now.on - relativedelta(years=1)
        return next((s for s in self.snapshots if s.on == wanted), None)


def dashboard(la: LocalAuthority, on: date) -> Dashboard:
    data = selectors.cohort(la=la)
    strategy = Strategy.objects.filter(la=la).first()
    published = benchmarks(la, on)
    result = Dashboard(la=la, on=on, data=data, strategy=strategy, benchmarks=published)
    if data is not None:
        result.populations = selectors.population_figures(la=la)
        # Only dates the returns cover: after the last return's end nothing is known yet.
        dates = [d for d in quarter_ends_before(on, 8) if data.first_day <= d <= data.last_day]
        result.snapshots = [snapshot(la, data, d, result.populations) for d in dates]
        result.year_ends = [
            snapshot(la, data, date(y, 3, 31), result.populations)
            for y in data.years
            if date(y, 3, 31) <= on
        ]
        result.series = selectors.quarterly_series(data, end=on)
        result.market = market_at(la=la, on=on)
        result.forecast = forecast_section(la=la, on=on)
    result.scorecard = scorecard(
        la, strategy, data, on, published, result.forecast, result.populations
    )
    result.plan = plan_summary(strategy, on)
    result.commentary = {
        c.section: c
        for c in Commentary.objects.filter(la=la, quarter_end=on).select_related("updated_by")
    }
    return result


def text_warnings(la: LocalAuthority, strategy: Strategy | None, on: date) -> list:
    """Where the words of either document contradict the data at `on`: the strategy's sections
    and the quarter's commentary (sufficiency.plan.text_checks)."""
    commentary = [
        (f"commentary-{c.section}", f"Commentary on {SECTIONS.get(c.section, c.section).lower()}",
         c.text)
        for c in Commentary.objects.filter(la=la, quarter_end=on).order_by("section")
    ]  # fmt: skip
    return text_checks.strategy_warnings(la, strategy, on) + text_checks.section_warnings(
        la, commentary, on
    )
