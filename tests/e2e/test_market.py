"""The market in a browser: the overview, filtering and sorting the provider list with htmx,
a provider's page, and the same filters without JavaScript."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from placements.cohort.services import create_return, import_return
from placements.market.models import Contract, Cost, Provider
from placements.market.services import import_providers
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.placements.market.test_pages import EPISODES, HEADER

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "market"


@pytest.fixture
def market(la):
    import_providers(name="list.csv", data=(FIXTURES / "ofsted_providers_2024.csv").read_bytes())
    import_return(create_return(la=la, year=2025, uploads=[HEADER, EPISODES], user=None))
    oak = Provider.objects.get(urn="SC100001")
    Cost.objects.create(
        la=la, provider=oak, category="childrens_home", weekly_cost=6000, start=date(2024, 4, 1)
    )
    Contract.objects.create(
        la=la, provider=oak, kind="block", places=2, start=date(2024, 4, 1),
        category="childrens_home", weekly_price=5000,
    )  # fmt: skip


def rows(page) -> list[str]:
    return page.get_by_test_id("provider-table").locator("tbody th a").all_inner_texts()


def test_filter_the_provider_list_and_open_a_provider(page, cast, la, market):
    sign_in(page, "editor", PASSWORD)
    page.goto(f"/{la.code}/market/")
    assert page.get_by_role("heading", level=1).inner_text() == "Market"
    page.locator(".app-chart .main-svg").first.wait_for()
    assert_accessible(page, "market-overview")

    page.get_by_role("link", name="Providers", exact=True).click()
    page.wait_for_load_state()
    assert len(rows(page)) == 6
    assert_accessible(page, "market-providers")

    # Choosing a type swaps in the results without reloading the page.
    marker = page.get_by_test_id("current-council").element_handle()
    page.get_by_label("Type").select_option(label="Children's home")
    expect(page.locator("#results")).not_to_contain_text("Meadow")
    assert rows(page) == ["Oak House", "Willow Lodge, Tettenhall"]
    assert marker.evaluate("e => e.isConnected")  # the same page: not reloaded
    assert "provider_type=childrens_home" in page.url  # the address can be shared

    page.get_by_label("Rating").select_option(label="Inadequate")
    expect(page.locator("#results")).not_to_contain_text("Oak House")
    assert rows(page) == ["Willow Lodge, Tettenhall"]

    page.get_by_label("Rating").select_option(label="All ratings")
    page.get_by_label("Type").select_option(label="All types")
    expect(page.locator("#results tbody tr")).to_have_count(6)
    page.get_by_role("link", name="Registered places").click()
    expect(page.locator("#results tbody th a").first).to_have_text("Meadow View School")
    assert rows(page)[0] == "Meadow View School"  # 30 places
    assert "sort=places" in page.url

    page.get_by_role("link", name="Oak House").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Oak House"
    assert page.get_by_test_id("placed-here").is_visible()
    assert_accessible(page, "market-provider")

    page.get_by_role("link", name="Add a weekly cost").click()
    page.get_by_role("button", name="Save").click()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "market-cost-error")
    assert page.console_errors == []


def test_the_filters_work_without_javascript(browser, live_server, cast, la, market):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "viewer", PASSWORD)
    page.goto(f"/{la.code}/market/providers/")
    page.get_by_label("Type").select_option(label="Children's home")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert rows(page) == ["Oak House", "Willow Lodge, Tettenhall"]
    context.close()
