"""A commissioner checks how far the forecast can be trusted: the rolling backtest by horizon
and type, its chart with the data table, and the note on the horizon it supports."""

from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.forecast.conftest import load_simulated


def test_forecast_accuracy_against_simple_rules(page, cast, la):
    load_simulated(la)
    sign_in(page, "viewer", PASSWORD)
    page.goto(f"/{la.code}/forecast/")
    # Three years of data cannot hold 36 months of reference and anything after: it says so.
    assert page.get_by_test_id("rolling-needs").is_visible()
    # Learning from 12 months leaves quarter ends to check from.
    page.get_by_label("Learn rates from").select_option("12")
    page.get_by_role("button", name="Show forecast").click()
    page.wait_for_url("**reference_months=12**")
    table = page.get_by_test_id("accuracy-12")
    table.wait_for()
    assert table.locator("tr[data-category='total'] th").inner_text() == "All children in care"
    assert page.get_by_test_id("horizon-note").is_visible()
    page.locator("#forecast-accuracy .js-plotly-plot").wait_for()
    assert_accessible(page, "forecast-accuracy")
