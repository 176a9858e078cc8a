"""Recording a referral and its placement with the keyboard alone, and axe on every referral
page. Keys only: Tab to move, Space and the arrow keys to choose, typing, Enter to go."""

from __future__ import annotations

from playwright.sync_api import expect

from placements.referrals.models import Referral
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in


def tab_to(page, locator, limit: int = 400) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user moves through the page."""
    handle = locator.element_handle()
    for _ in range(limit):
        if handle.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def go(page) -> None:
    """Enter on the focused link or button, and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page, field_id: str, text: str) -> None:
    tab_to(page, page.locator(f"#{field_id}"))
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose(page, name: str, index: int) -> None:
    """The `index`th option of a radio group with nothing chosen: Tab reaches its first option;
    Space chooses that one, the down arrow moves to (and chooses) the next."""
    tab_to(page, page.locator(f'input[name="{name}"]').first)
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")


def tick(page, name: str, value: str) -> None:
    tab_to(page, page.locator(f'input[name="{name}"][value="{value}"]'))
    page.keyboard.press("Space")


def test_record_a_referral_and_its_placement_with_the_keyboard(page, cast, la):
    sign_in(page, "editor", PASSWORD)
    page.goto(f"/{la.code}/referrals/")
    assert page.get_by_role("heading", level=1).inner_text() == "Referrals"
    assert_accessible(page, "referrals-overview")

    tab_to(page, page.get_by_role("link", name="Record a referral"))
    go(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Record a referral"
    assert_accessible(page, "referrals-new")

    # Saving nothing gives GOV.UK's error summary, each error linked to its field.
    tab_to(page, page.get_by_role("button", name="Save referral"))
    go(page)
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "referrals-new-errors")

    type_into(page, "id_child_id", "CMS-9")
    choose(page, "needed_by", 0)  # Today
    choose(page, "communication_needs", 1)  # No
    tick(page, "specific_communication_requirements", "None")
    choose(page, "home_adaptation", 1)  # No
    choose(page, "cultural_needs", 2)  # Not Known
    choose(page, "living_companions", 4)  # No preference
    choose(page, "pets", 2)  # No
    choose(page, "foster_care_suitability", 2)  # Unsuitable
    choose(page, "residential_care_suitability", 0)  # Preferred
    choose(page, "supported_accommodation_suitability", 1)  # Suitable but not preferred
    tick(page, "child_risks", "risk_missing")
    tick(page, "others_risks", "risk_to_others_physical")
    tab_to(page, page.get_by_role("button", name="Save referral"))
    go(page)

    assert page.get_by_role("heading", level=1).inner_text() == "What happened to this referral?"
    assert_accessible(page, "referrals-outcome")
    referral = Referral.objects.get(la=la, child_id="CMS-9")
    assert (referral.cultural_needs, referral.residential_care_suitability) == (
        "Not Known", "Preferred")  # fmt: skip
    assert (referral.risk_missing, referral.risk_self_harm) == ("Risk Present", "No known risk")

    choose(page, "outcome", 0)  # Placed
    started = referral.referral_date  # GOV.UK's date input: day, month and year boxes
    for part, value in (("day", started.day), ("month", started.month), ("year", started.year)):
        type_into(page, f"id_placement_date_{part}", str(value))
    choose(page, "placement_type", 0)  # Residential
    type_into(page, "id_provider_urn", "Unregistered")
    type_into(page, "id_placement_location", "WV4")
    type_into(page, "id_total_weekly_cost", "7200")
    choose(page, "preferability_location", 1)  # No
    choose(page, "education_continuity", 1)  # No
    type_into(page, "id_siblings_placed_together", "0")
    tab_to(page, page.get_by_role("button", name="Save outcome"))
    go(page)

    row = page.locator("tr[data-referral]").first
    expect(row.locator('[data-figure="outcome"]')).to_have_text("Placed")
    expect(row.locator('[data-figure="unregistered"]')).to_have_text("Unregistered")
    assert_accessible(page, "referrals-list")
    referral.refresh_from_db()
    assert (referral.outcome, referral.total_weekly_cost, referral.provider_urn) == (
        "Placed", 7200, "Unregistered")  # fmt: skip

    page.goto(f"/{la.code}/referrals/")
    expect(page.locator('[data-testid="card-placed"] [data-figure="placed"]')).to_have_text("1")
    assert_accessible(page, "referrals-figures")
    page.goto(f"/{la.code}/referrals/import/")
    assert_accessible(page, "referrals-import")
    assert page.console_errors == []
