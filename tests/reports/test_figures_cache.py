"""Figures worked out once per data version (ADR 0017): the market, the forecast section and the
published benchmarks are kept until the data they read changes, and equal what working them
out afresh gives."""

from dataclasses import fields, is_dataclass
from datetime import date

import numpy as np
import pandas as pd
import pytest

from placements.cohort import selectors as cohort_selectors
from placements.cohort.services import create_return, import_return
from placements.forecast import services as forecast_services
from placements.forecast.reporting import _forecast_section, forecast_section
from placements.market.models import Cost
from placements.market.selectors import _market_at, market_at
from reports import presenters, selectors
from reports.models import Benchmark
from sufficiency.councils import Population
from tests.factories import CostFactory, ProviderFactory
from tests.placements.returns import episodes, header

ON = date(2025, 3, 31)


def same(a, b) -> None:
    """Two figures hold the same values, however nested (frames compared as frames)."""
    assert type(a) is type(b)
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b)
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b)
    elif is_dataclass(a):
        for item in fields(a):
            same(getattr(a, item.name), getattr(b, item.name))
    elif isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            same(a[key], b[key])
    elif isinstance(a, list | tuple):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            same(x, y)
    elif hasattr(a, "figure"):  # a chart: its figure and table
        assert a.figure.to_json() == b.figure.to_json()
    elif hasattr(a, "__dict__"):
        same(vars(a), vars(b))
    else:
        assert a == b


def test_market_is_kept_until_a_cost_changes(council):
    first = market_at(la=council, on=ON)
    assert market_at(la=council, on=ON) is first
    same(first, _market_at(la=council, on=ON))
    cost = CostFactory(la=council, provider=ProviderFactory(), weekly_cost=1000)
    added = market_at(la=council, on=ON)
    assert added is not first
    same(added, _market_at(la=council, on=ON))
    cost.weekly_cost = 2000
    cost.save()
    assert market_at(la=council, on=ON) is not added
    changed = market_at(la=council, on=ON)
    Cost.objects.filter(pk=cost.pk).delete()
    assert market_at(la=council, on=ON) is not changed


def test_market_is_worked_out_again_for_a_new_return(council):
    first = market_at(la=council, on=ON)
    assert first.children == 3
    # The 2025 return again without children 2 and 3: a new data version of the cohort.
    files = [
        header("1,M,01/06/2010,WBRI,,,"),
        episodes("1,01/05/2022,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,"),
    ]
    replacing = import_return(create_return(la=council, year=2025, uploads=files, user=None))
    import_return(replacing, accept=True)
    after = market_at(la=council, on=ON)
    assert after is not first
    # Hand-worked: child 3 is gone; child 2 stays in care from the 2024 return (its episode
    # open on 31 March 2024, and the 2025 return no longer speaks for that child): 2 children.
    assert after.children == 2
    same(after, _market_at(la=council, on=ON))


def test_forecast_section_is_kept_until_a_scenario_changes(council):
    first = forecast_section(la=council, on=ON)
    assert first is not None
    assert forecast_section(la=council, on=ON) is first
    data = cohort_selectors.cohort(la=council)
    same(first, _forecast_section(council, data, ON))
    forecast_services.create_scenario(la=council, name="Fewer entries", description="", user=None)
    assert forecast_section(la=council, on=ON) is not first


def test_forecast_section_is_per_date(council):
    assert forecast_section(la=council, on=ON) is not forecast_section(
        la=council, on=date(2024, 12, 31)
    )


@pytest.mark.parametrize("year", [2024])
def test_benchmarks_are_kept_until_published_figures_change(council, year):
    on = date(2026, 1, 1)  # 2024-25's figures were published on 30 November 2025
    first = selectors.benchmarks(council, on)
    assert selectors.benchmarks(council, on) is first
    Benchmark.objects.create(
        measure="cla", year=year, level="la", area_code=council.code, value=123.0
    )
    after = selectors.benchmarks(council, on)
    assert after is not first
    assert after["cla"]["published"] == 123.0
    assert after == selectors._benchmarks(council, on)


def chart_figures(context: dict) -> dict[str, dict]:
    return {chart.id: chart.figure for charts in context["sections"].values() for chart in charts}


def test_dashboard_charts_from_the_returns_are_kept_per_date_and_equal_fresh_ones(council):
    first = presenters.cohort_sections(selectors.dashboard(council, ON))
    dash = selectors.dashboard(council, ON)
    assert presenters.cohort_sections(dash) is first
    # The same figures as drawing them afresh from the same dashboard.
    same(first, presenters._cohort_sections(dash))
    context = presenters.dashboard_context(dash)
    assert context["sections"]["children"][0] is first["children"][0]
    # The page's lists are its own: adding to them leaves the kept ones as they were.
    assert context["sections"]["children"] is not first["children"]
    assert len(first["children"]) == 2
    earlier = presenters.cohort_sections(selectors.dashboard(council, date(2024, 12, 31)))
    assert earlier is not first
    assert earlier["children"][0].table.rows != first["children"][0].table.rows


def test_dashboard_charts_are_drawn_again_for_new_population_figures_and_a_new_return(council):
    first = presenters.cohort_sections(selectors.dashboard(council, ON))
    Population.objects.filter(la=council, year=2025).update(children=31000)
    again = presenters.cohort_sections(selectors.dashboard(council, ON))
    assert again is not first
    files = [
        header("1,M,01/06/2010,WBRI,,,"),
        episodes("1,01/05/2022,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,"),
    ]
    replacing = import_return(create_return(la=council, year=2025, uploads=files, user=None))
    import_return(replacing, accept=True)
    dash = selectors.dashboard(council, ON)
    after = presenters.cohort_sections(dash)
    assert after is not again
    # Hand-worked as for the market above: 2 children in care on 31 March 2025.
    assert after["children"][0].figure["data"][0]["y"][-1] == 2
    same(after, presenters._cohort_sections(dash))


def test_the_rate_per_10000_follows_a_corrected_population(council):
    # 3 children in care on 31 March 2025 among 30,000 children: 1.0 per 10,000.
    assert selectors.dashboard(council, ON).now.measures["rate_per_10k"] == 1.0
    Population.objects.filter(la=council, year=2025).update(children=60000)
    dash = selectors.dashboard(council, ON)
    assert dash.now.measures["rate_per_10k"] == 0.5
    assert selectors.value_of("rate_per_10k", council, dash.data, ON, dash.populations) == 0.5
