"""The board's exception sentences, each on hand-worked figures: present when its condition
holds, absent when it does not."""

from datetime import date

from reports import exceptions
from reports.exceptions import ActionLine
from reports.figures import Figures
from reports.selectors import ScorecardRow
from sufficiency.formatting import count, money, percent, rate
from sufficiency.plan.rag import Rag

ON = date(2025, 3, 31)
BASE = {"base_date": ON}


def registry(*rows) -> Figures:
    """A hand-made registry: (key, value, kind[, as_at, source, extra])."""
    figures = Figures()
    text = {"money": money, "count": count, "rate": rate, "percent": percent}
    for row in rows:
        key, value, kind, *rest = row
        on = rest[0] if rest else ON
        source = rest[1] if len(rest) > 1 else "forecast"
        extra = rest[2] if len(rest) > 2 else {}
        shown = text[kind](value) if kind in text else str(value)
        figures.add(key, value, shown, on, source, kind=kind, **extra)
    return figures


def spend(total, budget, *scenarios, months=12, year="2025-26"):
    end = date(2026, 3, 31)
    rows = [
        (f"forecast.months.{year}", months, "count", end),
        (f"forecast.spend.{year}", total, "money", end, "forecast", {"period": "Current trends"}),
        (f"forecast.budget.{year}", budget, "money", end),
    ]
    for n, (name, value) in enumerate(scenarios, 1):
        key = f"forecast.scenario.{n}.spend.{year}"
        rows.append((key, value, "money", end, "forecast", {"period": name}))
    return registry(*rows)


# Spend against budget -------------------------------------------------------------------------


def test_spend_over_budget_and_no_scenario_closes_the_gap():
    # £56.3m against £38.0m: a gap of £18.3m, 18.3 / 38.0 = 48.16% -> "48.2%". The closest
    # scenario, £54.4m, still leaves 54.4 - 38.0 = £16.4m.
    figures = spend(56.3e6, 38.0e6, ("Edge of care", 55.2e6), ("Step down", 54.4e6))
    finding = exceptions.spend_against_budget(figures)
    assert finding is not None
    assert finding.text == (
        "Projected placement spend in 2025-26 of £56.3m is £18.3m (48.2%) over the £38.0m "
        "budget; no scenario closes the gap: the closest, “Step down”, still leaves £16.4m."
    )


def test_spend_over_budget_a_scenario_closes_it():
    figures = spend(40e6, 38e6, ("Big change", 37.5e6))
    finding = exceptions.spend_against_budget(figures)
    assert finding is not None
    # 2 / 38 = 5.26% -> "5.3%"
    assert finding.text == (
        "Projected placement spend in 2025-26 of £40.0m is £2.0m (5.3%) over the £38.0m "
        "budget; the scenario “Big change” would bring it within the budget."
    )


def test_spend_over_budget_without_scenarios():
    finding = exceptions.spend_against_budget(spend(40e6, 38e6))
    assert finding is not None
    assert finding.text.endswith("over the £38.0m budget.")


def test_spend_within_budget_or_without_a_budget_says_nothing():
    assert exceptions.spend_against_budget(spend(37e6, 38e6)) is None
    assert exceptions.spend_against_budget(spend(38e6, 38e6)) is None
    figures = registry(("forecast.months.2025-26", 12, "count"), ("forecast.spend.2025-26",
                        40e6, "money"))  # fmt: skip
    assert exceptions.spend_against_budget(figures) is None


def test_spend_reads_the_first_year_the_forecast_covers_in_full():
    # Six months of 2025-26 set against a year's budget would read as under budget: skipped.
    figures = spend(20e6, 38e6, months=6)
    assert exceptions.spend_against_budget(figures) is None
    end = date(2027, 3, 31)
    figures.add("forecast.months.2026-27", 12, "12", end, "forecast", kind="count")
    figures.add("forecast.spend.2026-27", 42e6, "£42.0m", end, "forecast", kind="money")
    figures.add("forecast.budget.2026-27", 40e6, "£40.0m", end, "forecast", kind="money")
    finding = exceptions.spend_against_budget(figures)
    assert finding is not None
    assert finding.text.startswith("Projected placement spend in 2026-27 of £42.0m is £2.0m (5.0%)")


# Rate against comparators ---------------------------------------------------------------------


def rates(ours, neighbours=None, region=None, england=None) -> Figures:
    rows = [("rate_per_10k", ours, "rate", ON, "measures")]
    extra = {"period": "2023-24"}
    for level, value in (("neighbours", neighbours), ("region", region), ("england", england)):
        if value is not None:
            key = f"benchmark.rate_per_10k.{level}"
            rows.append((key, value, "rate", date(2024, 3, 31), "benchmark", extra))
    return registry(*rows)


def test_rate_above_neighbours_region_and_england():
    finding = exceptions.rate_against_benchmarks(rates(103.2, 90.1, 89, 69))
    assert finding is not None
    assert finding.text == (
        "The rate of children in care was 103.2 per 10,000 children on 31 March 2025, above the "
        "statistical neighbours' average (90.1), the region's (89.0) and England's (69.0) for "
        "2023-24."
    )


def test_rate_above_some_below_others():
    finding = exceptions.rate_against_benchmarks(rates(80.0, 90.1, 89, 69))
    assert finding is not None
    assert finding.text.endswith(
        "above England's (69.0), though below the statistical neighbours' average (90.1) and "
        "the region's (89.0) for 2023-24."
    )


def test_rate_below_every_comparator_or_none_published_says_nothing():
    assert exceptions.rate_against_benchmarks(rates(60.0, 90.1, 89, 69)) is None
    assert exceptions.rate_against_benchmarks(rates(103.2)) is None
    assert exceptions.rate_against_benchmarks(Figures()) is None


# Providers' ratings ---------------------------------------------------------------------------


def ratings(inadequate, requires_improvement, rated=347) -> Figures:
    return registry(
        ("market.rating.inadequate", inadequate, "count", ON, "market"),
        ("market.rating.requires_improvement", requires_improvement, "count", ON, "market"),
        ("market.rated_children", rated, "count", ON, "market"),
    )


def test_children_with_inadequate_and_requires_improvement_providers():
    # 29 / 347 = 8.36% -> "8.4%"; 64 / 347 = 18.44% -> "18.4%"
    finding = exceptions.provider_ratings(ratings(29, 64))
    assert finding is not None
    assert finding.text == (
        "Of the 347 children living with Ofsted-registered providers, 29 (8.4%) live with "
        "providers rated Inadequate and 64 (18.4%) with providers rated Requires improvement."
    )


def test_one_child_with_an_inadequate_provider_only():
    # 1 / 40 = 2.5%
    finding = exceptions.provider_ratings(ratings(1, 0, rated=40))
    assert finding is not None
    assert finding.text == (
        "Of the 40 children living with Ofsted-registered providers, 1 (2.5%) lives with "
        "providers rated Inadequate."
    )


def test_no_child_with_a_poorly_rated_provider_says_nothing():
    assert exceptions.provider_ratings(ratings(0, 0)) is None
    assert exceptions.provider_ratings(Figures()) is None


# Distance by type of home ---------------------------------------------------------------------


def distances(**by_type) -> Figures:
    rows = []
    for category, (far, placed) in by_type.items():
        rows.append((f"market.far.{category}", far, "count", ON, "market"))
        rows.append((f"market.placed.{category}", placed, "count", ON, "market"))
    return registry(*rows)


def test_types_of_home_where_over_a_quarter_live_far_away_widest_first():
    # 48 / 88 = 54.5%; 54 / 196 = 27.55% -> "27.6%"; 9 / 61 = 14.8% is under a quarter;
    # 4 / 4 = 100% but fewer than 5 children: not named.
    figures = distances(
        ifa_foster=(54, 196),
        childrens_home=(48, 88),
        supported_accommodation=(9, 61),
        secure=(4, 4),
    )
    texts = [f.text for f in exceptions.distance_by_type(figures)]
    assert texts == [
        "48 of 88 children in children's homes (54.5%) live more than 20 miles from home.",
        "54 of 196 children with independent fostering agency carers (27.6%) live more than "
        "20 miles from home.",
    ]


def test_distance_says_nothing_when_no_type_is_far():
    assert exceptions.distance_by_type(distances(childrens_home=(10, 88))) == []
    assert exceptions.distance_by_type(distances(childrens_home=(0, 0))) == []


# Actions --------------------------------------------------------------------------------------


def line(pk, status, **extra) -> ActionLine:
    return ActionLine(pk=pk, number=f"1.{pk}", title=f"Action {pk}", status=status, **extra)


def test_actions_off_track_at_risk_and_overdue_by_name_with_their_latest_update():
    actions = [
        line(1, "on_track"),
        line(2, "at_risk", due=date(2025, 9, 30), lead="Sam Ahmed"),
        line(3, "off_track", update_date=date(2025, 3, 14), update_text="Planning refused."),
        line(4, "overdue", due=date(2025, 1, 31)),
        line(5, "complete"),
    ]
    finding = exceptions.actions_needing_attention(actions)
    assert finding is not None
    assert finding.text == (
        "3 of the 5 actions in the plan need attention (1 overdue, 1 off track and 1 at risk):"
    )
    assert finding.items == (
        "1.4 Action 4: overdue (due 31 January 2025). No update has been recorded.",
        "1.3 Action 3: off track. Latest update, 14 March 2025: Planning refused.",
        "1.2 Action 2: at risk (due 30 September 2025; lead Sam Ahmed). No update has been "
        "recorded.",
    )
    decisions = exceptions.flagged_actions(actions, exceptions.DECISION_STATUSES)
    assert [a.pk for a in decisions] == [4, 3]


def test_no_action_needing_attention_says_nothing():
    assert exceptions.actions_needing_attention([line(1, "on_track"), line(2, "complete")]) is None
    assert exceptions.actions_needing_attention([]) is None


# Measures behind their trajectory ------------------------------------------------------------


def row(key, rag, value, *, unit="number", direction="lower", target=590.0, **extra):
    return ScorecardRow(
        name=f"Measure {key}", unit=unit, value=value, target=target,
        target_date=date(2028, 3, 31), direction=direction, rag=rag, last_quarter=None,
        last_year=None, series=[], england=None, neighbours=None, key=key, **extra,
    )  # fmt: skip


def test_measures_behind_the_line_to_their_target():
    scorecard = [
        row("cla", Rag.RED, 730.0),
        row("over_20_miles", Rag.GREEN, 12.0, unit="percent"),
        row("three_plus_placements", Rag.AMBER, 10.4, unit="percent", target=9.0),
        row("later", Rag.RED, 5.0, before_baseline=True),
    ]
    figures = registry(
        ("plan.measure.cla.expected", 700.0, "count", ON, "plan"),
        ("plan.measure.cla.target", 590.0, "count", ON, "plan"),
        ("plan.measure.three_plus_placements.expected", 9.8, "percent", ON, "plan"),
        ("plan.measure.three_plus_placements.target", 9.0, "percent", ON, "plan"),
    )
    finding = exceptions.measures_behind(figures, scorecard)
    assert finding is not None
    assert finding.text == "2 of the strategy's 4 measures are behind the line to their target:"
    assert finding.items == (
        "Measure cla: 730 against 700 expected by now, on the way to 590 by 31 March 2028 (red).",
        "Measure three_plus_placements: 10.4% against 9.8% expected by now, on the way to 9.0% "
        "by 31 March 2028 (amber).",
    )


def test_no_measure_behind_says_nothing():
    scorecard = [row("cla", Rag.GREEN, 700.0), row("x", Rag.NONE, None)]
    assert exceptions.measures_behind(Figures(), scorecard) is None


# The forecast against the target -------------------------------------------------------------


def forecast_at_target(mean, lower, upper, reachable="no") -> Figures:
    end = date(2028, 3, 31)
    figures = registry(
        ("plan.measure.cla.target", 590.0, "count", ON, "plan"),
        ("plan.measure.cla.forecast_mean", mean, "count", end, "forecast", BASE),
        ("plan.measure.cla.forecast_lower", lower, "count", end, "forecast", BASE),
        ("plan.measure.cla.forecast_upper", upper, "count", end, "forecast", BASE),
    )
    figures.add("plan.measure.cla.forecast_reachable", reachable, reachable, end, "forecast",
                kind="status")  # fmt: skip
    return figures


def test_forecast_misses_a_target_no_scenario_reaches():
    finding = exceptions.forecast_against_target(
        forecast_at_target(714, 643, 785), [row("cla", Rag.GREEN, 706.0)]
    )
    assert finding is not None
    assert finding.text == (
        "On current trends, 714 children (likely range 643 to 785) will be in care on 31 March "
        "2028, against the strategy's target of 590; the target is below the likely range of "
        "current trends and of every scenario."
    )


def test_forecast_misses_a_target_a_scenario_reaches():
    finding = exceptions.forecast_against_target(
        forecast_at_target(650, 580, 720, reachable="yes"), [row("cla", Rag.GREEN, 706.0)]
    )
    assert finding is not None
    assert finding.text.endswith("against the strategy's target of 590.")


def test_forecast_meeting_its_target_says_nothing():
    # A target of 590 for fewer children, forecast 580: met.
    assert (
        exceptions.forecast_against_target(
            forecast_at_target(580, 520, 640, reachable="yes"), [row("cla", Rag.GREEN, 600.0)]
        )
        is None
    )
    assert exceptions.forecast_against_target(Figures(), [row("cla", Rag.GREEN, 600.0)]) is None


# Together, and what the board is asked to do -------------------------------------------------


def test_board_exceptions_in_reading_order_and_none_when_all_is_well():
    figures = spend(56.3e6, 38.0e6)
    for key, value, kind in (
        ("rate_per_10k", 103.2, "rate"),
        ("market.rating.inadequate", 29, "count"),
        ("market.rated_children", 347, "count"),
        ("market.far.childrens_home", 48, "count"),
        ("market.placed.childrens_home", 88, "count"),
    ):
        figures.add(key, value, count(value) if kind == "count" else rate(value), ON, "market",
                    kind=kind)  # fmt: skip
    figures.add("benchmark.rate_per_10k.england", 69.0, "69.0", date(2024, 3, 31), "benchmark",
                kind="rate", period="2023-24")  # fmt: skip
    findings = exceptions.board_exceptions(figures, scorecard=[], actions=[line(3, "off_track")])
    assert [f.key for f in findings] == [
        "spend", "rate", "ratings", "distance.childrens_home", "actions",
    ]  # fmt: skip
    assert exceptions.board_exceptions(Figures(), scorecard=[], actions=[]) == []


def test_board_is_asked_to_a_default_list_or_the_councils_own():
    decisions = [line(3, "off_track"), line(4, "overdue")]
    findings = [exceptions.Finding("spend", "…")]
    assert exceptions.board_asked_to(on=ON, findings=findings, decisions=decisions) == [
        "Note the sufficiency position at 31 March 2025.",
        "Comment on the exceptions set out in this summary.",
        "Decide what should happen with the 2 actions that are off track or overdue, listed below.",
        "Agree that the action plan continues to be monitored each quarter.",
    ]
    assert exceptions.board_asked_to(on=ON, findings=[], decisions=[]) == [
        "Note the sufficiency position at 31 March 2025.",
        "Agree that the action plan continues to be monitored each quarter.",
    ]
    own = ["Approve the strategy.", " ", "Note the action plan."]
    assert exceptions.board_asked_to(
        on=ON, findings=findings, decisions=decisions, recommendations=own
    ) == ["Approve the strategy.", "Note the action plan."]


# In the documents ------------------------------------------------------------------------------


def test_the_strategy_states_its_exceptions_with_the_registrys_figures(council):
    import json

    from reports.models import Benchmark
    from reports.rendering import render_report
    from tests.html import text_of

    # Nothing to report: the fixture's council has no budget, benchmarks or market data.
    html, _ = render_report(la=council, kind="strategy", on=ON, fmt="html")
    assert text_of(html, "#summary [data-testid=no-exceptions]").startswith("Nothing in")
    # England's rate for 2023-24 at 0.5 per 10,000; ours is 1.0 (3 children of 30,000).
    Benchmark.objects.create(
        measure="rate_per_10k", year=2024, level="national", area_code="E92000001",
        area_name="England", value=0.5, source="test.csv",
    )  # fmt: skip
    text, _ = render_report(la=council, kind="strategy", on=ON, fmt="json")
    registry = {f["key"]: f["text"] for f in json.loads(text)["figures"]}
    html, _ = render_report(la=council, kind="strategy", on=ON, fmt="html")
    assert text_of(html, "#summary [data-exception=rate]") == (
        f"The rate of children in care was {registry['rate_per_10k']} per 10,000 children on "
        f"31 March 2025, above England's ({registry['benchmark.rate_per_10k.england']}) for "
        "2023-24."
    )
    assert registry["rate_per_10k"] == "1.0" and registry["benchmark.rate_per_10k.england"] == "0.5"
