"""A commissioner reads the forecast, builds a scenario in the editor and compares it."""

from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.forecast.conftest import load_simulated


def test_forecast_scenario_editor_and_comparison(page, cast, la):
    load_simulated(la)
    sign_in(page, "editor", PASSWORD)
    page.goto(f"/{la.code}/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Forecast").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Forecast"
    page.locator(".js-plotly-plot").first.wait_for()  # the charts are drawn
    assert page.get_by_test_id("backtest-summary").is_visible()
    assert_accessible(page, "forecast")

    # A shorter look ahead, through htmx: the address follows, the page is not reloaded.
    page.get_by_label("Look ahead").select_option("12")
    page.get_by_role("button", name="Show forecast").click()
    page.wait_for_url("**months=12**")
    page.get_by_test_id("forecast-1").get_by_text("By 31 Mar 2026").wait_for()

    page.get_by_role("link", name="Scenarios").click()
    page.get_by_label("Name").fill("Edge of care: 10% fewer entries")
    page.get_by_role("button", name="Create scenario").click()
    page.wait_for_url("**/forecast/scenarios/*/")

    # A mistake first: the error summary comes back in the editor. (axe leaves style=""
    # on the inputs it inspects, which htmx would copy onto the swapped-in inputs and the CSP
    # would refuse, so each check runs after the swaps on a page, and the page is reloaded.)
    page.get_by_label("Change how many children come into care").check()
    enter_date(page, "From", "1", "4", "2040")
    page.get_by_label("Change (%)").fill("-10")
    page.get_by_role("button", name="Add change").click()
    page.get_by_text("The date must be inside the forecast").first.wait_for()
    assert_accessible(page, "forecast-scenario-error")

    page.reload()
    page.get_by_label("Change how many children come into care").check()
    enter_date(page, "From", "1", "4", "2026")
    page.get_by_label("Change (%)").fill("-10")
    page.get_by_role("button", name="Add change").click()
    page.get_by_test_id("adjustments").locator(
        "dt", has_text="Children coming into care -10% from 1 April 2026"
    ).wait_for()
    difference = page.get_by_test_id("scenario-difference")
    assert "Total" in difference.inner_text()
    page.locator("#scenario-comparison .js-plotly-plot").wait_for()
    assert_accessible(page, "forecast-scenario")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Forecast").click()
    page.get_by_text("Children in care under each scenario", exact=True).wait_for()
    assert "Edge of care: 10% fewer entries" in page.locator("#forecast-scenarios").inner_text()

    page.get_by_role("navigation", name="Forecast pages").get_by_role(
        "link", name="Costs and budget"
    ).click()
    page.get_by_label("Placements budget 2025-26 (£)").fill("30000000")
    page.get_by_role("button", name="Save budgets").click()
    page.get_by_text("Budgets saved.").wait_for()
    assert_accessible(page, "forecast-costs")
    assert page.console_errors == [], page.console_errors[:3]


def enter_date(page, legend: str, day: str, month: str, year: str) -> None:
    """Type a date into GOV.UK's date input: the day, month and year boxes under a legend."""
    group = page.get_by_role("group", name=legend, exact=True)
    for box, value in (("Day", day), ("Month", month), ("Year", year)):
        group.get_by_label(box).fill(value)
