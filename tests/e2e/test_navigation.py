"""Sign in, move between the navigation pages, switch council: a person's first minute."""

from sufficiency.councils import Membership
from sufficiency.roles import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

PAGES = [
    "Overview", "Children in care", "Market", "Referrals", "Forecast", "Action plan", "Reports",
    "Data",
]  # fmt: skip


def test_sign_in_navigate_and_switch_council(page, cast, la, other_la):
    Membership.objects.create(user=cast["analyst"], la=other_la, role=Role.VIEWER)

    page.goto("/")
    assert page.url.endswith("/accounts/login/?next=/")
    assert_accessible(page, "sign-in")

    sign_in(page, "analyst", PASSWORD)
    # With no choice made yet, the first of the user's councils by name is current.
    assert page.get_by_test_id("current-council").inner_text() == other_la.name

    navigation = page.get_by_role("navigation", name="Menu")
    for name in PAGES:
        navigation.get_by_role("link", name=name).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == name
        current = navigation.locator("[aria-current=page]")
        assert current.inner_text().strip() == name
        assert_accessible(page, "page-" + name.lower().replace(" ", "-"))

    page.get_by_role("link", name="Switch council").click()
    assert_accessible(page, "switch-council")
    page.get_by_label("Council").select_option(label=la.name)
    page.get_by_role("button", name="Switch").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("current-council").inner_text() == la.name
    assert f"/{la.code}/" in page.url

    assert page.console_errors == []  # no CSP violations or script errors along the way

    # Guessing the first council's URL as someone else shows nothing of it.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "outsider", PASSWORD)
    response = page.goto(f"/{la.code}/children/")
    assert response.status == 404
    assert la.name not in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
