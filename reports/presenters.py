"""Formatting for the dashboard and the strategy: scorecard cells, sparklines, tables."""

import dataclasses
from functools import partial

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from placements.cohort import selectors as cohort_selectors
from placements.cohort.analysis import AGE_BAND_LABELS
from placements.cohort.charts import age_chart, flows_chart, placement_mix_chart, series_chart
from placements.cohort.presenters import formatted
from placements.market import charts as market_charts
from reports import as_at, exceptions, figures, footnotes
from reports.benchmarks import MEASURE_LABELS
from reports.selectors import SECTIONS, Dashboard, ScorecardRow, value_of
from sufficiency import charts, exports
from sufficiency.calendar import collection_year_label, long_date
from sufficiency.charts import Table
from sufficiency.formatting import NOT_KNOWN, count
from sufficiency.plan.models import ActionStatus

RAG_TAG = {"green": "green", "amber": "yellow", "red": "red", "none": "grey"}
RAG_PRINT = {"green": "green", "amber": "amber", "red": "red", "none": "grey"}
STATUS_COLOURS: dict[str, str] = {
    ActionStatus.NOT_STARTED: "#b1b4b6",
    ActionStatus.ON_TRACK: "#00703c",
    ActionStatus.AT_RISK: "#ffdd00",
    ActionStatus.OFF_TRACK: "#d4351c",
    ActionStatus.COMPLETE: "#1d70b8",
    as_at.OVERDUE: "#942514",
}
STATUS_LABELS = {**dict(ActionStatus.choices), as_at.OVERDUE: as_at.OVERDUE_LABEL}


# A strategy measure's unit (number, percent, rate) formats as a cohort figure does.
value = formatted


def change(now: float | None, before: float | None, unit: str) -> str:
    if now is None or before is None:
        return "–"
    difference = now - before
    if abs(difference) < 1e-9:
        return "No change"
    sign = "+" if difference > 0 else "−"
    points = " points" if unit == "percent" else ""
    amount = abs(difference)
    text = (
        f"{amount:.1f}"
        if unit in ("percent", "rate") or not amount.is_integer()
        else f"{amount:,.0f}"
    )
    return f"{sign}{text}{points}"


def sparkline_svg(values: list[float | None], *, width: int = 110, height: int = 28) -> SafeString:
    """A small line of the last quarters, drawn here so the page and the PDF need no renderer."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return mark_safe("–")  # noqa: S308 - a constant
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span = (high - low) or 1
    step = (width - 6) / max(1, len(values) - 1)
    coords = [(3 + i * step, height - 3 - (v - low) / span * (height - 6)) for i, v in points]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    last_x, last_y = coords[-1]
    return format_html(
        '<svg class="app-sparkline" width="{}" height="{}" viewBox="0 0 {} {}" '
        'aria-hidden="true" focusable="false"><polyline points="{}" fill="none" '
        'stroke="#1d70b8" stroke-width="2"/><circle cx="{}" cy="{}" r="3" '
        'fill="#1d70b8"/></svg>',
        width, height, width, height, path, f"{last_x:.1f}", f"{last_y:.1f}",
    )  # fmt: skip


def difference(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def scorecard_cells(r: ScorecardRow) -> list:
    """A scorecard row for downloads: each figure typed by its unit, changes as numbers."""
    figure = partial(exports.unit_cell, unit=r.unit)
    baseline_on = (
        exports.date_cell(r.baseline_date, long_date(r.baseline_date))
        if (r.baseline_date)
        else exports.text_cell(NOT_KNOWN)
    )
    return [
        r.name,
        figure(r.baseline),
        baseline_on,
        figure(r.expected),
        figure(r.value),
        figure(r.target),
        exports.date_cell(r.target_date, long_date(r.target_date)),
        "Not yet rated" if r.before_baseline else r.rag.label,
        exports.change_cell(difference(r.value, r.last_quarter),
                            change(r.value, r.last_quarter, r.unit)),
        exports.change_cell(difference(r.value, r.last_year),
                            change(r.value, r.last_year, r.unit)),
        figure(r.england),
        figure(r.neighbours),
    ]  # fmt: skip


def scorecard_rows(rows: list[ScorecardRow]) -> list[dict]:
    return [
        {
            "cells": scorecard_cells(r),
            "name": r.name,
            "value": value(r.value, r.unit),
            "target": f"{value(r.target, r.unit)} by {r.target_date:%b %Y}",
            "rag": r.rag.value,
            "rag_label": "Not yet rated" if r.before_baseline else r.rag.label,
            "before_baseline": r.before_baseline,
            "rag_tag": RAG_TAG[r.rag.value],
            "rag_print": RAG_PRINT[r.rag.value],
            "last_quarter": change(r.value, r.last_quarter, r.unit),
            "last_year": change(r.value, r.last_year, r.unit),
            "sparkline": sparkline_svg([v for _, v in r.series]),
            "trend": ", ".join(f"{d:%b %Y}: {value(v, r.unit)}" for d, v in r.series),
            "england": value(r.england, r.unit),
            "neighbours": value(r.neighbours, r.unit),
            "key": r.key,
            "baseline": value(r.baseline, r.unit),
            "baseline_date": r.baseline_date,
            "baseline_note": (
                f"Typed in as {value(r.typed_baseline, r.unit)}; the data gives "
                f"{value(r.baseline, r.unit)} on {r.baseline_date:%-d %B %Y}, used here."
                if r.baseline_differs
                else ""
            ),
            "expected": value(r.expected, r.unit),
            "target_value": value(r.target, r.unit),
            "target_note": r.target_note,
        }
        for r in rows
    ]


RAG_RULE = (
    "RAG compares the latest value with where a straight line from the baseline to the target "
    "expects it to be by now: green on or ahead of that line; amber behind it by no more than "
    "the measure's tolerance; red further behind; grey where there is no value yet."
)


SCORECARD_HEADINGS = [
    "Measure", "Baseline", "Baseline date", "Expected by now", "Latest", "Target", "Target date",
    "RAG", "Since last quarter", "Since last year", "England", "Statistical neighbours",
]  # fmt: skip


def scorecard_table(rows: list[dict]) -> Table:
    """The scorecard for download: typed figures (scorecard_cells), one row per measure."""
    return Table(headings=SCORECARD_HEADINGS, rows=[r["cells"] for r in rows])


# Benchmarks compare like with like, as the DfE's LAIT does: rates and percentages only.
# Counts of children depend on a council's size, so they are never set against England's.
COMPARABLE = {
    "rate_per_10k": ("rate_per_10k", "rate"),
    "three_plus_placements": ("three_plus_placements", "percent"),
    "long_term_stability": ("long_term_stability", "percent"),
    "care_leavers_suitable_17_18": ("care_leavers_17_18_suitable", "percent"),
    "care_leavers_suitable_19_21": ("care_leavers_19_21_suitable", "percent"),
    "care_leavers_eet_17_18": ("care_leavers_17_18_eet", "percent"),
    "care_leavers_eet_19_21": ("care_leavers_19_21_eet", "percent"),
}


def our_benchmark_values(dash: Dashboard) -> dict[str, float | None]:
    """Our own figure for each comparable benchmark measure at the report's date, from the same
    computation as the scorecard's (care leavers at the last 31 March, as the DfE counts them)."""
    if dash.now is None:
        return {}
    now = dash.now.measures
    ours = {
        "rate_per_10k": now["rate_per_10k"],
        "three_plus_placements": now["three_plus_placements"]["percent"],
        "long_term_stability": now["long_term_stability"]["percent"],
    }
    data = getattr(dash, "data", None)
    for key, (linked_key, _) in COMPARABLE.items():
        if key not in ours and data is not None:
            ours[key] = value_of(linked_key, dash.la, data, dash.on, dash.populations)
    return ours


def benchmark_cell(figure: float | None, unit: str) -> exports.Cell:
    """A rate or a percentage in the benchmark table: printed to one place without a % sign
    (the measure's label says "(%)"), typed by its unit for downloads."""
    return dataclasses.replace(exports.unit_cell(figure, unit), text=value(figure, "rate"))


def benchmark_table(dash: Dashboard) -> Table | None:
    if not dash.benchmarks or dash.now is None:
        return None
    ours = our_benchmark_values(dash)
    rows = []
    for key in COMPARABLE:
        published = dash.benchmarks.get(key)
        if not published:
            continue
        unit = COMPARABLE[key][1]
        rows.append(
            [
                f"{MEASURE_LABELS[key]} ({collection_year_label(published['year'])})",
                benchmark_cell(ours.get(key), unit),
                benchmark_cell(published["published"], unit),
                benchmark_cell(published["england"], unit),
                benchmark_cell(published["region"], unit),
                benchmark_cell(published["neighbours"], unit),
            ]
        )
    if not rows:
        return None
    return Table(
        headings=["Measure", f"Ours on {dash.now.on:%-d %b %Y}", "Ours, published", "England",
                  "Region", "Statistical neighbours (mean)"],
        rows=rows,
        caption="Rates and percentages only: counts of children depend on a council's size. "
        "Ours are at the report's date, care leavers' at the last 31 March. "
        "Published figures are the DfE's for the latest year published by this date (each "
        "year's are published in the November after it ends).",
    )  # fmt: skip


def count_note(dash: Dashboard) -> str | None:
    """One plain sentence on why our count of children in care differs from our published one."""
    published = dash.benchmarks.get("cla", {}) if dash.benchmarks else {}
    if dash.now is None or published.get("published") is None:
        return None
    ours, theirs, year = dash.now.measures["cla"], published["published"], published["year"]
    if round(ours) == round(theirs):
        return None
    return (
        f"We count {count(ours)} children in care on {long_date(dash.now.on)} from our own SSDA903 "
        f"return; the DfE published {count(theirs)} for 31 March {year}, a different date, "
        "counted from the return as it stood when it was submitted."
    )


def cohort_sections(dash: Dashboard) -> dict[str, list[charts.Chart]]:
    """The dashboard's charts drawn from the returns alone, by section, with the age chart
    (its table downloads; the strategy shows it). They are kept with the cohort (so per data
    version) per date and per population figures, so the page only presents them; they are
    shared between requests and must not be changed."""
    if dash.now is None or dash.data is None:
        return {}
    return cohort_selectors.memoised(
        dash.data, ("dashboard-charts", dash.on), dash.populations, lambda: _cohort_sections(dash)
    )


def _cohort_sections(dash: Dashboard) -> dict[str, list[charts.Chart]]:
    assert dash.now is not None
    return {
        "children": [
            series_chart(dash.series, id="children-series"),
            flows_chart(dash.series, id="children-flows"),
        ],
        "placements": [
            placement_mix_chart(dash.now.measures["placement_mix"], id="mix-now"),
            charts.mix_over_time(dash.snapshots),
        ],
        "distance": [charts.distance_over_time(dash.snapshots)],
        "stability": [charts.stability_over_time(dash.snapshots)],
        "care_leavers": [charts.care_leavers_chart(dash.year_ends)] if dash.year_ends else [],
        "uasc": [charts.uasc_over_time(dash.snapshots)],
        "age": [age_chart(dash.now.measures["age_bands"], AGE_BAND_LABELS)],
    }


def dashboard_context(dash: Dashboard) -> dict:
    kept = cohort_sections(dash)
    # Fresh lists: the kept ones are shared.
    sections: dict[str, list] = {key: list(kept.get(key, [])) for key in SECTIONS}
    if dash.market is not None and dash.market.children:
        sections["market"] += [
            market_charts.rating_chart(dash.market.ratings["ratings"], id="market-ratings"),
            market_charts.gap_chart(dash.market.gap, id="market-gap"),
        ]
        if not dash.market.costs.empty:
            sections["market"].append(
                market_charts.cost_chart(dash.market.costs, id="market-costs")
            )
    if dash.forecast is not None:
        sections["forecast"] += [
            chart
            for chart in (dash.forecast.total_chart, dash.forecast.scenario_chart)
            if chart is not None
        ]
    if dash.plan is not None:
        sections["plan"].append(
            charts.plan_status_chart(dash.plan.counts, STATUS_LABELS, STATUS_COLOURS)
        )
    rows = scorecard_rows(dash.scorecard)
    tables = {"scorecard": scorecard_table(rows)}
    if dash.forecast is not None:
        tables["forecast-costs"] = Table(
            headings=dash.forecast.cost_headings, rows=dash.forecast.cost_rows,
            caption="Projected placement spend by financial year",
        )  # fmt: skip
    bench = benchmark_table(dash)
    if bench is not None:
        tables["benchmarks"] = bench
    for chart_list in sections.values():
        for chart in chart_list:
            tables[chart.id] = chart.table
    if "age" in kept:
        # The strategy shows children by age; its table downloads like the dashboard's.
        tables["age"] = kept["age"][0].table
    note_on_counts = count_note(dash)
    registry = figures.collect(dash)
    return {
        "dash": dash,
        "notice": footnotes.data_notice(dash),
        "footnotes": footnotes.notes(dash, note_on_counts),
        "count_note": note_on_counts,
        "rag_rule": RAG_RULE,
        "baseline_notice": baseline_notice(dash.scorecard, dash.on),
        "target_notes": [r["target_note"] for r in rows if r["target_note"]],
        "baseline_notes": [r["baseline_note"] for r in rows if r["baseline_note"]],
        "figures": registry,
        **board_summary(dash, registry),
        "sections": sections,
        "section_titles": SECTIONS,
        "scorecard": rows,
        "benchmark_table": bench,
        "tables": tables,
        "rag_counts": _rag_counts(rows),
    }


def board_summary(
    dash: Dashboard, registry: figures.Figures, recommendations: list[str] | None = None
) -> dict:
    """What a board reads first: the exceptions (reports.exceptions), the actions needing its
    decision, and what it is asked to do (the council's `recommendations`, else a default)."""
    lines = exceptions.action_lines(dash.plan.actions if dash.plan else [], registry)
    findings = exceptions.board_exceptions(registry, scorecard=dash.scorecard, actions=lines)
    decisions = exceptions.flagged_actions(lines, exceptions.DECISION_STATUSES)
    return {
        "exceptions": findings,
        "decisions": decisions,
        "at_risk": exceptions.flagged_actions(lines, (ActionStatus.AT_RISK,)),
        "board_asks": exceptions.board_asked_to(
            on=dash.on, findings=findings, decisions=decisions, recommendations=recommendations
        ),
    }


def _rag_counts(rows: list[dict]) -> dict[str, int]:
    """RAG counts; a measure whose baseline is after the date counts as not yet rated, not as
    one without a value."""
    counts = {"green": 0, "amber": 0, "red": 0, "none": 0, "before_baseline": 0}
    for row in rows:
        counts["before_baseline" if row.get("before_baseline") else row["rag"]] += 1
    return counts


def baseline_notice(rows: list[ScorecardRow], on) -> str | None:
    """When the strategy's measures start after the report's date, say so once."""
    later = sorted({r.baseline_date for r in rows if r.before_baseline and r.baseline_date})
    if not later:
        return None
    return (
        f"The strategy's measures start from baselines on {long_date(later[0])}, after this "
        f"report's date of {long_date(on)}: their latest values and targets are shown, but they "
        "are not rated against a baseline that was not yet known."
    )


def list_items(items) -> SafeString:
    return format_html_join("", "<li>{}</li>", ((i,) for i in items))
