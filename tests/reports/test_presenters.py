"""Report presenters: the scorecard's cells, the sparkline, the tables, on literal rows."""

from datetime import date
from types import SimpleNamespace

import pytest

from reports import presenters
from reports.selectors import ScorecardRow
from sufficiency.calendar import quarter_label
from sufficiency.plan.rag import Rag
from tests.html import attr, element
from tests.placements.cohort.figures import measures, ratio


@pytest.mark.parametrize(
    "now,before,unit,text",
    [
        (None, 3, "number", "–"),
        (3, None, "number", "–"),
        (864, 811, "number", "+53"),
        (811, 864, "number", "−53"),  # a true minus sign
        (1234, 0, "number", "+1,234"),
        (2.5, 1, "number", "+1.5"),  # not whole: one place
        (12.0, 12.0, "percent", "No change"),
        (12.3, 11.0, "percent", "+1.3 points"),  # percentage points, not per cent
        (9.0, 11.0, "percent", "−2.0 points"),
        (93.7, 90.0, "rate", "+3.7"),
        (90.0, 93.7, "rate", "−3.7"),
    ],
)
def test_change(now, before, unit, text):
    assert presenters.change(now, before, unit) == text


def test_sparkline_svg_scales_the_values_into_the_box():
    svg = presenters.sparkline_svg([1.0, None, 3.0, 2.0], width=110, height=28)
    line = element(svg, "svg polyline")
    # x steps (110 - 6) / 3 = 34.667 from 3; y runs from 25 (lowest, 1.0) to 3 (highest, 3.0).
    # The missing second value leaves its step out.
    assert attr(svg, "polyline", "points") == "3.0,25.0 72.3,3.0 107.0,14.0"
    assert line.get("stroke") == "#1d70b8"
    assert (attr(svg, "circle", "cx"), attr(svg, "circle", "cy")) == ("107.0", "14.0")
    assert attr(svg, "svg", "aria-hidden") == "true"


def test_sparkline_needs_two_values_and_draws_equal_values_along_the_bottom():
    assert str(presenters.sparkline_svg([None, 5.0])) == "–"
    assert str(presenters.sparkline_svg([])) == "–"
    # All equal: no span, so every point sits on the bottom line.
    assert attr(
        presenters.sparkline_svg([2.0, 2.0], width=20, height=10), "polyline", "points"
    ) == ("3.0,7.0 17.0,7.0")


def row(**changes) -> ScorecardRow:
    fields = {
        "name": "Children looked after",
        "unit": "number",
        "value": 864,
        "target": 800,
        "target_date": date(2028, 3, 31),
        "direction": "lower",
        "rag": Rag.AMBER,
        "last_quarter": 850,
        "last_year": 811,
        "series": [(date(2024, 12, 31), 850), (date(2025, 3, 31), 864)],
        "england": 81770,
        "neighbours": 702.5,
        "key": "cla",
    }
    fields.update(changes)
    return ScorecardRow(**fields)


def test_scorecard_rows_format_each_cell():
    (cells,) = presenters.scorecard_rows([row()])
    assert {k: v for k, v in cells.items() if k not in ("sparkline", "cells")} == {
        "name": "Children looked after",
        "value": "864",
        "target": "800 by Mar 2028",
        "rag": "amber",
        "rag_label": "Amber",
        "rag_tag": "yellow",  # GOV.UK has no amber tag: yellow stands for it
        "rag_print": "amber",
        "last_quarter": "+14",
        "last_year": "+53",
        "trend": "Dec 2024: 850, Mar 2025: 864",
        "england": "81,770",
        "neighbours": "702.5",
        # Baseline, expected by now and target as the document prints them (none given here).
        "key": "cla",
        "baseline": "–",
        "baseline_date": None,
        "baseline_note": "",
        "expected": "–",
        "target_value": "800",
        "target_note": "",
        "before_baseline": False,
    }
    assert str(cells["sparkline"]).startswith('<svg class="app-sparkline"')


def test_scorecard_rows_flag_a_typed_baseline_the_data_contradicts():
    (cells,) = presenters.scorecard_rows(
        [row(baseline=706, baseline_date=date(2025, 3, 31), typed_baseline=640,
             baseline_differs=True, expected=684.0)]
    )  # fmt: skip
    assert (cells["baseline"], cells["expected"]) == ("706", "684")
    assert cells["baseline_note"] == (
        "Typed in as 640; the data gives 706 on 31 March 2025, used here."
    )


def test_scorecard_rows_for_a_percent_without_values():
    (cells,) = presenters.scorecard_rows(
        [
            row(
                name="Three or more placements",
                unit="percent",
                value=None,
                target=9,
                rag=Rag.NONE,
                last_quarter=None,
                last_year=None,
                series=[(date(2025, 3, 31), None)],
                england=10.0,
                neighbours=None,
            )
        ]
    )
    assert (cells["value"], cells["target"], cells["rag_label"], cells["rag_tag"]) == (
        "–", "9.0% by Mar 2028", "No data", "grey"
    )  # fmt: skip
    assert (cells["last_quarter"], cells["last_year"]) == ("–", "–")
    assert cells["trend"] == "Mar 2025: –"
    assert (cells["england"], cells["neighbours"]) == ("10.0%", "–")
    assert str(cells["sparkline"]) == "–"


def test_scorecard_table_has_one_row_per_measure():
    table = presenters.scorecard_table(presenters.scorecard_rows([row()]))
    assert table.headings == [
        "Measure", "Baseline", "Baseline date", "Expected by now", "Latest", "Target",
        "Target date", "RAG", "Since last quarter", "Since last year", "England",
        "Statistical neighbours",
    ]  # fmt: skip
    (cells,) = table.rows
    assert [str(c) for c in cells] == [
        "Children looked after", "–", "–", "–", "864", "800", "31 March 2028", "Amber", "+14",
        "+53", "81,770", "702.5",
    ]  # fmt: skip
    # Typed for downloads: numbers, a date, changes as signed numbers.
    assert [getattr(c, "kind", None) for c in cells] == [
        None, "number", "number", "number", "number", "number", "date", None, "change",
        "change", "number", "number",
    ]  # fmt: skip
    assert (cells[4].value, cells[6].value, cells[8].value, cells[9].value) == (
        864, date(2028, 3, 31), 14, 53,
    )  # fmt: skip


def test_quarter_label_and_list_items():
    assert quarter_label(date(2024, 12, 31)) == "Quarter ending 31 December 2024"
    assert quarter_label(date(2025, 3, 31)) == "Quarter ending 31 March 2025"
    items = presenters.list_items(["One", "<b>two</b>"])
    assert str(items) == "<li>One</li><li>&lt;b&gt;two&lt;/b&gt;</li>"  # text is escaped


def dashboard(benchmarks: dict):
    """The parts of a Dashboard that the benchmark table reads."""
    now = SimpleNamespace(
        on=date(2025, 3, 31),
        measures=measures(cla=864, rate_per_10k=93.7, started=310, ceased=290,
                          three_plus_placements=ratio(1, 10), long_term_stability=ratio(0, 0)),
    )  # fmt: skip
    return SimpleNamespace(benchmarks=benchmarks, now=now, on=date(2025, 3, 31))


def published(year, own, england, region, neighbours):
    return {"year": year, "published": own, "england": england, "region": region,
            "neighbours": neighbours}  # fmt: skip


def test_benchmark_table_rates_and_percentages_beside_the_published_figures():
    table = presenters.benchmark_table(
        dashboard(
            {
                "rate_per_10k": published(2024, 90.1, 70.0, 85.55, 88.0),
                "three_plus_placements": published(2024, 9.0, 10.0, None, 9.6),
                "long_term_stability": published(2024, 70.0, 71.0, 69.0, 70.5),
                "population": published(2024, 60000, 12_000_000, 1_000_000, 50000),
            }
        )
    )
    assert table.headings == [
        "Measure", "Ours on 31 Mar 2025", "Ours, published", "England", "Region",
        "Statistical neighbours (mean)",
    ]  # fmt: skip
    # Ours now: 93.7 per 10,000; 1 of 10 = 10.0% with 3+ placements; no long-term denominator.
    # The population is context, not a measure: no row.
    assert [[str(c) for c in r] for r in table.rows] == [
        ["Rate per 10,000 children (2023-24)", "93.7", "90.1", "70.0", "85.5", "88.0"],
        ["3 or more placements in the year (%) (2023-24)", "10.0", "9.0", "10.0", "–", "9.6"],
        ["Long-term stability (%) (2023-24)", "–", "70.0", "71.0", "69.0", "70.5"],
    ]
    # Typed for downloads: a rate as a rate, a percentage as a percentage, unknown empty.
    assert [(c.value, c.kind) for c in table.rows[0][1:3]] == [(93.7, "rate"), (90.1, "rate")]
    assert [(c.value, c.kind) for c in table.rows[1][1:5]] == [
        (10.0, "percent"), (9.0, "percent"), (10.0, "percent"), (None, "percent"),
    ]  # fmt: skip
    assert presenters.benchmark_table(dashboard({})) is None


def test_benchmark_table_never_sets_counts_against_england():
    # Like with like, as the DfE's LAIT does: 864 children against England's 81,770 says
    # nothing, so counts have no row; the table is empty and left out, and the difference
    # between our count and our published one is explained in one sentence instead.
    dash = dashboard({"cla": published(2024, 811, 81770, 9000, 700.4)})
    assert presenters.benchmark_table(dash) is None
    assert presenters.count_note(dash) == (
        "We count 864 children in care on 31 March 2025 from our own SSDA903 return; the DfE "
        "published 811 for 31 March 2024, a different date, counted from the return as it "
        "stood when it was submitted."
    )
