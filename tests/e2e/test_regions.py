"""The region's pages in a browser: a regional analyst signs in, lands on the region, moves
between its pages and picks another date; axe finds nothing on each page, at 375 px too."""

import pytest

from sufficiency.regions.models import RegionalMembership
from sufficiency.roles import RegionalRole
from tests.conftest import PASSWORD, give_totp
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory
from tests.reports.regions import region as region3


@pytest.fixture
def regional(db):
    three = region3.build()
    user = UserFactory(username="regional")
    give_totp(user)
    RegionalMembership.objects.create(
        user=user, region=three.region, role=RegionalRole.REGIONAL_ANALYST
    )
    return three


def test_the_regions_pages(page, regional):
    sign_in(page, "regional", PASSWORD)
    page.goto("/")
    page.wait_for_load_state()
    assert page.url.endswith("/regions/bcb/")
    assert page.get_by_role("heading", level=1).inner_text() == "Members side by side"
    region_cell = page.locator(
        'table[data-table="headline"] tr[data-row="Children in care"] td[data-column="4"]'
    )
    assert region_cell.inner_text() == "25"
    assert "Dudley" not in page.content()
    assert_accessible(page, "region-overview")

    page.get_by_role("link", name="Placements across borders").click()
    page.wait_for_load_state()
    cell = page.locator(
        'table[data-table="crossborder"] tr[data-row="Walsall"] td[data-column="1"]'
    )
    assert cell.inner_text() == "low"
    assert_accessible(page, "region-placements")

    page.get_by_role("link", name="Shared market").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Providers used by several members").is_visible()
    assert_accessible(page, "region-market")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/regions/bcb/")
    assert_accessible(page, "region-overview-375")

    page.get_by_label("Figures at").select_option("2024-12-31")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert "date=2024-12-31" in page.url
