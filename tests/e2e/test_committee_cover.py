"""A commissioner writes the committee cover in the browser, with the keyboard only."""

from playwright.sync_api import expect

from reports.cover_models import CoverReport
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in


def test_edit_a_cover_field_with_the_keyboard(page, la, cast):
    sign_in(page, "editor", PASSWORD)
    page.goto(f"/{la.code}/reports/paper/quarterly/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Committee paper: quarterly board report"
    )
    assert_accessible(page, "committee-cover")
    expect(page.locator("#value-classification")).to_have_text("OFFICIAL-SENSITIVE")

    change = page.get_by_role("link", name="Change meeting", exact=True)
    change.focus()
    page.keyboard.press("Enter")
    field = page.get_by_label("Meeting", exact=True)
    expect(field).to_be_focused()
    expect(page.locator("#row-meeting")).to_contain_text("The board or committee")  # the prompt
    assert_accessible(page, "committee-cover-editing")
    page.keyboard.type("Corporate Parenting Board")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save meeting")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#value-meeting")).to_have_text("Corporate Parenting Board")
    expect(page.get_by_role("link", name="Change meeting", exact=True)).to_be_focused()
    expect(page.locator("#row-meeting [role=status]")).to_have_text("Meeting saved.")
    assert page.url.endswith(f"/{la.code}/reports/paper/quarterly/")  # never navigated away
    assert CoverReport.objects.get(la=la, kind="quarterly").meeting == "Corporate Parenting Board"
    assert_accessible(page, "committee-cover-saved")
    assert not page.console_errors  # type: ignore[attr-defined]
