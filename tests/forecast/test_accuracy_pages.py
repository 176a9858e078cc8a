"""The rolling backtest, the horizon note and the targets on the forecast page, in the
`forecast` command's JSON and in the strategy's future-demand section."""

import json
from datetime import date
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from placements.forecast import accuracy, selectors, stock_flow
from placements.forecast.models import Adjustment, Scenario


class Cells(HTMLParser):
    """Text of each element carrying `attribute`, keyed by the value of `attribute` on it and
    by the nearest enclosing elements' `scope` attributes (e.g. table test id, row category)."""

    def __init__(self, scopes: tuple[str, ...], attribute: str):
        super().__init__()
        self.scopes, self.attribute = scopes, attribute
        self.stack: list[tuple[str, dict]] = []
        self.found: dict[tuple, str] = {}
        self.capturing: list[tuple[tuple, list[str], int]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if self.attribute in attrs:
            key = tuple(
                next((a[s] for _, a in reversed(self.stack[:-1]) if s in a), None)
                for s in self.scopes
            ) + (attrs[self.attribute],)
            self.capturing.append((key, [], len(self.stack)))

    def handle_endtag(self, tag):
        if self.capturing and self.capturing[-1][2] == len(self.stack):
            key, text, _ = self.capturing.pop()
            self.found[key] = "".join(text).strip()
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        for _, text, _ in self.capturing:
            text.append(data)


def cells(html: str, scopes: tuple[str, ...], attribute: str) -> dict[tuple, str]:
    parser = Cells(scopes, attribute)
    parser.feed(html)
    return parser.found


def url(la, **query):
    return reverse("forecast:index", kwargs={"la_code": la.code})


@pytest.fixture
def scenario(loaded):
    s = Scenario.objects.create(la=loaded, name="Edge of care")
    Adjustment.objects.create(scenario=s, kind="entries", start="2025-04-01", percent=-10)
    return s


def test_page_shows_the_rolling_backtest_against_both_rules(client_for, loaded):
    # Three returns (1 April 2022 to 31 March 2025) and 12 months of reference: origins from
    # 31 March 2023 to 30 September 2024.
    query = {"base_date": "2025-03-31", "reference_months": "12", "months": "36"}
    html = client_for("viewer").get(url(loaded), query).content.decode()
    data = selectors.cohort(la=loaded)
    result = selectors.forecast(
        data=data, options=selectors.Options(date(2025, 3, 31), 12, 36), chosen=[]
    )
    rolling = result.rolling
    assert rolling.origins[0] == date(2023, 3, 31) and rolling.origins[-1] == date(2024, 9, 30)
    found = cells(html, ("data-testid", "data-category"), "data-figure")
    twelve = rolling.accuracy(12)
    assert found[("accuracy-12", "total", "mape")] == f"{twelve.mape:.1f}%"
    assert found[("accuracy-12", "total", "naive")] == f"{twelve.naive_mape:.1f}%"
    assert found[("accuracy-12", "total", "trend")] == f"{twelve.trend_mape:.1f}%"
    assert found[("accuracy-12", "total", "verdict")] == accuracy.verdict(twelve)
    # 24 months ahead: only origins up to 31 March 2023 have a target in the data.
    assert rolling.compared(24) == [date(2023, 3, 31)]
    # The chart of error by type has its data table.
    assert 'id="forecast-accuracy"' in html
    # Fewer than 4 origins at 24 months: the 36-month forecast goes beyond what was checked.
    assert rolling.supported_horizon() == 12
    note = cells(html, (), "data-testid")[("horizon-note",)]
    assert note.startswith("Forecasts have been checked against what happened up to 12 months")
    assert "31 March 2026" in note


def test_page_says_what_the_check_needs_without_the_history(client_for, loaded):
    # Three years of data cannot hold a 36-month reference period and anything after it.
    html = client_for("viewer").get(url(loaded)).content.decode()
    found = cells(html, (), "data-testid")
    assert found[("rolling-needs",)].startswith(
        "Checking the forecast needs 36 months of data before a quarter end"
    )


def test_targets_and_scenarios_against_the_forecast(client_for, loaded, scenario):
    from sufficiency.plan.models import Measure, Strategy

    strategy = Strategy.objects.create(la=loaded, title="Strategy", period="2025-2028")
    Measure.objects.create(
        strategy=strategy, name="Children looked after", key="cla", direction="lower",
        baseline_value=100, baseline_date="2025-03-31", target_value=1,
        target_date="2026-03-31",
    )  # fmt: skip
    html = client_for("viewer").get(url(loaded)).content.decode()
    found = cells(html, ("data-testid",), "data-figure")
    # One child in care a year on is far below every likely range: flagged in words.
    assert found[("target-1", "flag")] == "Not reached in any scenario"
    assert found[("target-1", "words")].endswith("the plans as modelled do not reach this target.")
    assert 'data-testid="scenario-end-points"' in html


def test_command_json_adds_the_backtest_and_category_bands(loaded):
    out = StringIO()
    call_command("forecast", la=loaded.code, base_date="2025-03-31", months=12,
                 reference_months=12, format="json", stdout=out)  # fmt: skip
    result = json.loads(out.getvalue())
    assert {"base_date", "dates", "total", "by_category"} <= set(result)
    bands = result["by_category_band"]
    assert list(bands) == list(stock_flow.CATEGORIES)
    for category, band in bands.items():
        means = result["by_category"][category]
        assert len(band["lower"]) == len(band["upper"]) == 12
        assert all(
            lo <= m <= hi for lo, m, hi in zip(band["lower"], means, band["upper"], strict=True)
        )
    test = result["backtest"]
    # Quarter ends 31 Mar 2023 to 30 Sep 2024: 7 origins.
    assert test["origins"][0] == "2023-03-31" and len(test["origins"]) == 7
    assert set(test["by_horizon"]) == {"6", "12", "24"}
    twelve = test["by_horizon"]["12"]
    keys = {"mape", "bias", "coverage", "naive_mape", "trend_mape"}
    assert keys <= set(twelve["total"])
    assert set(twelve["by_category"]) == set(stock_flow.CATEGORIES)
    assert all(keys <= set(v) for v in twelve["by_category"].values())


def test_strategy_future_demand_says_how_close_year_ahead_forecasts_came(client_for, loaded):
    from placements.forecast.reporting import forecast_section

    section = forecast_section(la=loaded)
    # The default 36-month reference period leaves no origin in three years of data.
    assert section.accuracy is None and section.accuracy_by_type == {}
    # With the history (a 12-month reference), the same function gives the sentence.
    data = selectors.cohort(la=loaded)
    rolling = selectors.forecast(
        data=data, options=selectors.Options(date(2025, 3, 31), 12, 36), chosen=[]
    ).rolling
    sentence = accuracy.year_ahead_sentence(rolling)
    assert sentence.startswith("For all children in care, forecasts made a year ahead, from")
    assert "(31 March 2023 to 31 March 2024)" in sentence
