"""The figures a report prints, as data: one registry per document.

Every figure is computed once, from the same Dashboard the document's sections read (its
snapshots, benchmarks, forecast, market and plan as at the report's date), and added here under
one key. Adding a key a second time with another value is a bug and raises, so a document cannot
say two things about one figure. `render_report --format json` writes the registry.

Each figure says what date it describes (`as_at`: a stock's date or a period's last day), where
it comes from (`source`), and for a forecast the date it was made from (`base_date`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from placements.cohort import selectors as cohort_selectors
from placements.cohort.measures import CATEGORY_LABELS
from placements.forecast.targets import FORECAST_FIGURES
from reports.selectors import CARE_LEAVER_KEYS, Dashboard, ScorecardRow, value_of
from sufficiency import formatting
from sufficiency.calendar import (
    collection_year,
    collection_year_end,
    collection_year_label,
    financial_year_label,
    long_date,
)
from sufficiency.plan import linked

SOURCES = {"measures", "benchmark", "forecast", "market", "plan", "population"}
# What a benchmark figure may be: like with like, never a count (reports.presenters.COMPARABLE).
BENCHMARK_KINDS = {"rate", "percent"}


class FigureClash(ValueError):
    pass


@dataclass(frozen=True)
class Figure:
    key: str
    value: float | int | str | None
    text: str
    as_at: date
    source: str
    base_date: date | None = None
    period: str | None = None
    kind: str = "count"  # count, rate, percent, money

    def as_json(self) -> dict:
        row = {
            "key": self.key,
            "value": self.value,
            "text": self.text,
            "as_at": self.as_at.isoformat(),
            "source": self.source,
            "kind": self.kind,
        }
        if self.base_date is not None:
            row["base_date"] = self.base_date.isoformat()
        if self.period is not None:
            row["period"] = self.period
        return row


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, abs_tol=1e-9)
    return a == b


class Figures:
    def __init__(self) -> None:
        self._figures: dict[str, Figure] = {}

    def add(self, key: str, value, text: str, on: date, source: str, **extra) -> Figure:
        if source not in SOURCES:
            raise ValueError(f"{key}: unknown source {source}")
        if isinstance(value, float) and math.isnan(value):
            value = None
        figure = Figure(key, value, text, on, source, **extra)
        existing = self._figures.get(key)
        if existing is not None:
            if not _same(existing.value, value) or existing.as_at != on:
                raise FigureClash(
                    f"{key} has two values: {existing.value} at {existing.as_at} and "
                    f"{value} at {on}"
                )
            return existing
        self._figures[key] = figure
        return figure

    def __getitem__(self, key: str) -> Figure:
        return self._figures[key]

    def get(self, key: str) -> Figure | None:
        return self._figures.get(key)

    def __iter__(self):
        return iter(self._figures.values())

    def __len__(self) -> int:
        return len(self._figures)


def _text(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "percent":
        return formatting.percent(value)
    if kind == "rate":
        return formatting.rate(value)
    if kind == "money":
        return formatting.money(value)
    return formatting.count(value)


def collect(dash: Dashboard, scorecard: list[ScorecardRow] | None = None) -> Figures:
    """Every figure the dashboard and the strategy print, from the Dashboard as at its date."""
    figures = Figures()
    on = dash.on

    def add(key, value, kind, when, source, **extra):
        figures.add(key, value, _text(value, kind), when, source, kind=kind, **extra)

    if dash.now is not None:
        now, on_now = dash.now.measures, dash.now.on
        year_period = f"12 months to {long_date(on_now)}"
        add("cla", now["cla"], "count", on_now, "measures")
        add("rate_per_10k", now["rate_per_10k"], "rate", on_now, "measures")
        add("started", now["started"], "count", on_now, "measures", period=year_period)
        add("ceased", now["ceased"], "count", on_now, "measures", period=year_period)
        add("uasc", now["uasc"], "count", on_now, "measures")
        for key in ("three_plus_placements", "long_term_stability", "over_20_miles"):
            add(key, now[key]["percent"], "percent", on_now, "measures")
        for category, children in now["placement_mix"].items():
            if category in CATEGORY_LABELS:
                add(f"placement_mix.{category}", children, "count", on_now, "measures")
        if dash.year_earlier is not None:
            before = dash.year_earlier
            add("cla_year_earlier", before.measures["cla"], "count", before.on, "measures")
            add("rate_per_10k_year_earlier", before.measures["rate_per_10k"], "rate", before.on,
                "measures")  # fmt: skip
        # The denominator of the rate: the estimate of children aged 0 to 17 for the year.
        children = cohort_selectors.population(la=dash.la, year=collection_year(on_now))
        if children:
            add("population", children, "count", on_now, "population",
                period=collection_year_label(collection_year(on_now)))  # fmt: skip
        # Care leavers are counted at the last 31 March (sufficiency.plan.linked), read by the
        # same function the scorecard and the benchmark table use.
        leavers_on = linked.reference_date(on_now)
        for key in sorted(CARE_LEAVER_KEYS):
            value = value_of(key, dash.la, dash.data, on_now, dash.populations)
            add(key, value, "percent", leavers_on, "measures")
    for measure, published in sorted((dash.benchmarks or {}).items()):
        kind = BENCHMARK_MEASURES.get(measure)
        if kind is None:
            continue  # counts are never benchmarked
        year = published["year"]
        for level in ("published", "england", "region", "neighbours"):
            add(f"benchmark.{measure}.{level}", published.get(level), kind,
                collection_year_end(year), "benchmark",
                period=collection_year_label(year))  # fmt: skip
    if dash.forecast is not None:
        forecast = dash.forecast
        extra = {"base_date": forecast.base_date}
        add("forecast.cla_at_base", forecast.now_value, "count", forecast.base_date, "forecast",
            **extra)  # fmt: skip
        mean = None if forecast.mean_value is None else round(forecast.mean_value)
        add("forecast.cla_mean", mean, "count", forecast.end, "forecast", **extra)
        for bound in ("lower", "upper"):
            number = int(getattr(forecast, bound).replace(",", ""))
            add(f"forecast.cla_{bound}", number, "count", forecast.end, "forecast", **extra)
    if dash.market is not None and not dash.market.costs.empty:
        totals: dict[str, list[float]] = {}
        for row in dash.market.costs.to_dict("records"):
            entry = totals.setdefault(row["CATEGORY"], [0.0, 0.0])
            entry[0] += row["COSTED"]
            entry[1] += (row["AVERAGE"] or 0) * row["COSTED"]
        for category, (children, total) in totals.items():
            if children:
                add(f"market.weekly_cost.{category}", round(total / children), "money", on,
                    "market")  # fmt: skip
    if dash.plan is not None:
        counts = dash.plan.counts
        add("plan.actions", counts["total"], "count", on, "plan")
        add("plan.overdue", counts["overdue"], "count", on, "plan")
        for status, number in sorted(counts["by_status"].items()):
            add(f"plan.status.{status}", number, "count", on, "plan")
        for item in dash.plan.actions:
            figures.add(f"plan.action.{item.action.pk}.status", item.shown_status, item.label, on,
                        "plan", kind="status")  # fmt: skip
    for number, row in enumerate(scorecard if scorecard is not None else dash.scorecard, 1):
        kind = {"number": "count"}.get(row.unit, row.unit)
        prefix = f"plan.measure.{row.key or number}"
        if row.baseline is not None and row.baseline_date is not None:
            add(f"{prefix}.baseline", row.baseline, kind, row.baseline_date, "plan")
        if row.expected is not None:
            add(f"{prefix}.expected", round(row.expected, 1), kind, on, "plan")
        # A target is a figure set on the report's date for a later one: it describes the plan
        # as it stood, so its as_at is the report's date and its own date is its period.
        add(f"{prefix}.target", row.target, kind, on, "plan",
            period=f"by {long_date(row.target_date)}")  # fmt: skip
        figures.add(f"{prefix}.rag", row.rag.value, row.rag.label, on, "plan", kind="status")
    board_figures(figures, dash, scorecard if scorecard is not None else dash.scorecard)
    return figures


def board_figures(figures: Figures, dash: Dashboard, scorecard: list[ScorecardRow]) -> None:
    """The figures behind the board's exceptions (reports.exceptions): spend against budget by
    financial year, children by their provider's Ofsted rating, children more than 20 miles
    from home by type of home, and the forecast at each forecast measure's target date."""
    on = dash.on

    def add(key, value, kind, when, source, **extra):
        figures.add(key, value, _text(value, kind), when, source, kind=kind, **extra)

    forecast = dash.forecast
    if forecast is not None:
        extra = {"base_date": forecast.base_date}
        for n, (name, spend) in enumerate(forecast.annual_spend.items()):
            for year, total in spend.items():
                label = financial_year_label(year)
                key = (
                    f"forecast.spend.{label}" if n == 0 else f"forecast.scenario.{n}.spend.{label}"
                )
                add(key, total, "money", collection_year_end(year + 1), "forecast", period=name,
                    **extra)  # fmt: skip
        for year, months in forecast.months.items():
            add(f"forecast.months.{financial_year_label(year)}", months, "count",
                collection_year_end(year + 1), "forecast", **extra)  # fmt: skip
        for year, amount in forecast.budgets.items():
            add(f"forecast.budget.{financial_year_label(year)}", amount, "money",
                collection_year_end(year + 1), "forecast", **extra)  # fmt: skip
        for row in scorecard:
            if row.key not in FORECAST_FIGURES or not forecast.projections:
                continue
            check = forecast.target_check(row.name, row.target, row.target_date)
            reading = check.baseline
            if reading is None or check.month_end is None:
                continue
            prefix = f"plan.measure.{row.key}.forecast"
            for part in ("mean", "lower", "upper"):
                add(f"{prefix}_{part}", round(getattr(reading, part)), "count", check.month_end,
                    "forecast", **extra)  # fmt: skip
            reachable = "yes" if check.reachable else "no"
            figures.add(f"{prefix}_reachable", reachable, reachable, check.month_end, "forecast",
                        kind="status", base_date=forecast.base_date)  # fmt: skip
    market = dash.market
    if market is not None and market.children:
        for rating, children in market.ratings["ratings"].items():
            add(f"market.rating.{rating}", children, "count", on, "market")
        add("market.rated_children", market.ratings["good_or_outstanding"]["denominator"],
            "count", on, "market")  # fmt: skip
        for row in market.gap.to_dict("records"):
            add(f"market.placed.{row['CATEGORY']}", row["CHILDREN"], "count", on, "market")
            add(f"market.far.{row['CATEGORY']}", row["FAR"], "count", on, "market")


# Benchmark measures (reports.benchmarks) that are rates or percentages, and which.
BENCHMARK_MEASURES = {
    "rate_per_10k": "rate",
    "three_plus_placements": "percent",
    "long_term_stability": "percent",
    "care_leavers_suitable_17_18": "percent",
    "care_leavers_suitable_19_21": "percent",
    "care_leavers_eet_17_18": "percent",
    "care_leavers_eet_19_21": "percent",
}


def as_json(kind: str, la_code: str, on: date, figures: Figures) -> dict:
    return {
        "kind": kind,
        "la": la_code,
        "as_at": on.isoformat(),
        "figures": [f.as_json() for f in figures],
    }
