"""Formatting for the dashboard and the strategy: scorecard cells, sparklines, tables."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from placements.cohort.analysis import AGE_BAND_LABELS
from placements.cohort.charts import age_chart, placement_mix_chart, series_chart
from placements.cohort.presenters import formatted
from placements.market import charts as market_charts
from reports.benchmarks import MEASURE_LABELS
from reports.selectors import SECTIONS, Dashboard, ScorecardRow
from sufficiency import charts
from sufficiency.calendar import collection_year_label
from sufficiency.charts import Table
from sufficiency.plan.models import ActionStatus

RAG_TAG = {"green": "green", "amber": "yellow", "red": "red", "none": "grey"}
RAG_PRINT = {"green": "green", "amber": "amber", "red": "red", "none": "grey"}
STATUS_COLOURS: dict[str, str] = {
    ActionStatus.NOT_STARTED: "#b1b4b6",
    ActionStatus.ON_TRACK: "#00703c",
    ActionStatus.AT_RISK: "#ffdd00",
    ActionStatus.OFF_TRACK: "#d4351c",
    ActionStatus.COMPLETE: "#1d70b8",
}


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


def scorecard_rows(rows: list[ScorecardRow]) -> list[dict]:
    return [
        {
            "name": r.name,
            "value": value(r.value, r.unit),
            "target": f"{value(r.target, r.unit)} by {r.target_date:%b %Y}",
            "rag": r.rag.value,
            "rag_label": r.rag.label,
            "rag_tag": RAG_TAG[r.rag.value],
            "rag_print": RAG_PRINT[r.rag.value],
            "last_quarter": change(r.value, r.last_quarter, r.unit),
            "last_year": change(r.value, r.last_year, r.unit),
            "sparkline": sparkline_svg([v for _, v in r.series]),
            "trend": ", ".join(f"{d:%b %Y}: {value(v, r.unit)}" for d, v in r.series),
            "england": value(r.england, r.unit),
            "neighbours": value(r.neighbours, r.unit),
        }
        for r in rows
    ]


def scorecard_table(rows: list[dict]) -> Table:
    return Table(
        headings=["Measure", "Value", "Target", "RAG", "Since last quarter", "Since last year",
                  "England", "Statistical neighbours"],
        rows=[[r["name"], r["value"], r["target"], r["rag_label"], r["last_quarter"],
               r["last_year"], r["england"], r["neighbours"]] for r in rows],
    )  # fmt: skip


def benchmark_table(dash: Dashboard) -> Table | None:

    if not dash.benchmarks or dash.now is None:
        return None
    now = dash.now.measures
    ours = {
        "cla": now["cla"],
        "rate_per_10k": now["rate_per_10k"],
        "started": now["started"],
        "ceased": now["ceased"],
        "three_plus_placements": now["three_plus_placements"]["percent"],
        "long_term_stability": now["long_term_stability"]["percent"],
    }
    rows = []
    for key, label in MEASURE_LABELS.items():
        published = dash.benchmarks.get(key)
        if not published or key == "population":
            continue
        rows.append(
            [
                f"{label} ({collection_year_label(published['year'])})",
                value(ours.get(key), "rate") if key in ours and ours[key] is not None else "–",
                value(published["published"], "rate"),
                value(published["england"], "rate"),
                value(published["region"], "rate"),
                value(published["neighbours"], "rate"),
            ]
        )
    return Table(
        headings=["Measure", f"Ours on {dash.on:%-d %b %Y}", "Ours, published", "England",
                  "Region", "Statistical neighbours (mean)"],
        rows=rows,
        caption="Published figures are the DfE's for the latest year up to this date.",
    )  # fmt: skip


def dashboard_context(dash: Dashboard) -> dict:

    sections: dict[str, list] = {key: [] for key in SECTIONS}
    if dash.now is not None:
        sections["children"].append(series_chart(dash.series, id="children-series"))
        sections["placements"] += [
            placement_mix_chart(dash.now.measures["placement_mix"], id="mix-now"),
            charts.mix_over_time(dash.snapshots),
        ]
        sections["distance"].append(charts.distance_over_time(dash.snapshots))
        sections["stability"].append(charts.stability_over_time(dash.snapshots))
        if dash.year_ends:
            sections["care_leavers"].append(charts.care_leavers_chart(dash.year_ends))
        sections["uasc"].append(charts.uasc_over_time(dash.snapshots))
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
            charts.plan_status_chart(dash.plan.counts, dict(ActionStatus.choices), STATUS_COLOURS)
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
    if dash.now is not None:
        # The strategy shows children by age; its table downloads like the dashboard's.
        tables["age"] = age_chart(dash.now.measures["age_bands"], AGE_BAND_LABELS).table
    return {
        "dash": dash,
        "sections": sections,
        "section_titles": SECTIONS,
        "scorecard": rows,
        "benchmark_table": bench,
        "tables": tables,
        "rag_counts": _rag_counts(rows),
    }


def _rag_counts(rows: list[dict]) -> dict[str, int]:
    counts = {"green": 0, "amber": 0, "red": 0, "none": 0}
    for row in rows:
        counts[row["rag"]] += 1
    return counts


def list_items(items) -> SafeString:
    return format_html_join("", "<li>{}</li>", ((i,) for i in items))
