"""A commissioner keeps the action plan up to date in the browser, in place, with htmx."""

import re
from datetime import date

from playwright.sync_api import expect

from sufficiency.plan import services
from sufficiency.plan.models import Action, ActionStatus
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in


def make_plan(la, cast):
    admin = cast["admin"]
    strategy = services.create_strategy(
        la=la,
        user=admin,
        title="Sufficiency strategy",
        period="2025-2028",
        vision="Every child lives close to home.\n\n- stable homes\n- near school",
    )
    first = services.add_priority(
        strategy=strategy, user=admin, title="Fewer children need to come into care"
    )
    second = services.add_priority(strategy=strategy, user=admin, title="More stable homes")
    edge = services.add_action(
        priority=first,
        user=admin,
        title="Edge of care team at weekends",
        owner="Early help",
        lead=cast["editor"],
        due=date(2030, 3, 31),
        status=ActionStatus.ON_TRACK,
    )
    services.add_action(
        priority=first,
        user=admin,
        title="Family group conferences",
        owner="Social care",
        due=date(2020, 1, 31),
        status=ActionStatus.AT_RISK,
    )
    services.add_action(
        priority=second,
        user=admin,
        title="Support for foster carers",
        owner="Fostering",
        status=ActionStatus.COMPLETE,
    )
    return edge


def test_edit_in_place_filter_and_conflict(page, la, cast):
    edge = make_plan(la, cast)
    sign_in(page, "editor", PASSWORD)
    page.goto(f"/{la.code}/actions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Action plan")
    assert_accessible(page, "action-plan")
    row = page.get_by_test_id(f"action-{edge.pk}")

    # Status, in place: the row becomes a small form, and saving swaps the row back.
    row.get_by_role("link", name="Change status of Edge of care team at weekends").click()
    status = row.get_by_label("Status of Edge of care team at weekends")
    expect(status).to_be_focused()
    assert_accessible(page, "action-plan-editing-status")
    status.select_option(label="At risk")
    row.get_by_role("button", name="Save status").click()
    expect(row.get_by_test_id("status")).to_have_text("At risk")
    expect(
        row.get_by_role("link", name="Change status of Edge of care team at weekends")
    ).to_be_focused()
    expect(page.get_by_test_id("count-at_risk")).to_have_text("2 at risk")
    expect(page.locator("#plan-announcer")).to_contain_text(
        "Status of “Edge of care team at weekends” saved."
    )

    # Due date, in place.
    row.get_by_role("link", name="Change due date of Edge of care team at weekends").click()
    due = row.get_by_role("group", name="Due date of Edge of care team at weekends")
    for box, value in (("Day", "15"), ("Month", "1"), ("Year", "2031")):
        due.get_by_label(box).fill(value)
    row.get_by_role("button", name="Save due date").click()
    expect(row.get_by_test_id("due")).to_have_text("15 Jan 2031")

    # An update from the row.
    row.get_by_role("link", name="Add an update to Edge of care team at weekends").click()
    row.get_by_label("Update", exact=True).fill("Weekend rota running in two localities.")
    row.get_by_label("Status now").select_option(label="On track")
    assert_accessible(page, "action-plan-adding-update")
    row.get_by_role("button", name="Save update").click()
    expect(row.get_by_test_id("latest-update")).to_contain_text("Weekend rota running")
    expect(row.get_by_test_id("status")).to_have_text("On track")
    assert page.url.endswith(f"/{la.code}/actions/")  # edits never navigate away

    # Filter: only overdue actions, and the address follows so it can be shared.
    page.get_by_label("Overdue").check()
    expect(page.get_by_test_id("shown")).to_contain_text("Showing 1 of 3 actions")
    expect(page.get_by_role("link", name="1.2 Family group conferences")).to_be_visible()
    expect(page.get_by_role("link", name="1.1 Edge of care team at weekends")).to_have_count(0)
    assert re.search(r"overdue=on", page.url)
    page.get_by_label("Status", exact=True).select_option(label="Complete")
    expect(page.get_by_test_id("shown")).to_contain_text("Showing 0 of 3 actions")
    page.reload()
    expect(page.get_by_test_id("shown")).to_contain_text("Showing 0 of 3 actions")
    page.get_by_role("link", name="Clear filters").first.click()
    expect(page.get_by_test_id("shown")).to_contain_text("Showing 3 of 3 actions")

    # Someone else saves the action while this person has it open: their save is refused.
    row = page.get_by_test_id(f"action-{edge.pk}")
    row.get_by_role("link", name="Change status of Edge of care team at weekends").click()
    row.get_by_label("Status of Edge of care team at weekends").select_option(label="Complete")
    current = Action.objects.get(pk=edge.pk)
    services.save_action(
        current,
        seen_version=current.version,
        changes={"status": ActionStatus.OFF_TRACK, "owner": "Edge of care service"},
        user=cast["admin"],
    )
    row.get_by_role("button", name="Save status").click()
    alert = row.get_by_role("alert")
    expect(alert).to_contain_text("admin changed this action while you were editing it")
    expect(alert).to_contain_text("Off track")
    expect(alert).to_contain_text("Edge of care service")
    expect(row.get_by_label("Status of Edge of care team at weekends")).to_have_value("complete")
    assert_accessible(page, "action-plan-conflict")
    assert Action.objects.get(pk=edge.pk).status == ActionStatus.OFF_TRACK
    # Saving again, having seen their change, replaces it.
    row.get_by_role("button", name="Save status").click()
    expect(row.get_by_test_id("status")).to_have_text("Complete")

    assert page.console_errors == []


def test_other_plan_pages_are_accessible(page, la, cast):
    edge = make_plan(la, cast)
    sign_in(page, "admin", PASSWORD)
    for path, name in [
        (f"/{la.code}/actions/{edge.pk}/", "action-page"),
        (f"/{la.code}/actions/strategy/", "strategy"),
        (f"/{la.code}/actions/strategy/edit/", "strategy-edit"),
        (f"/{la.code}/actions/measures/", "measures"),
        (f"/{la.code}/actions/history/", "plan-history"),
        (f"/{la.code}/actions/priorities/{edge.priority_id}/", "priority"),
        (f"/{la.code}/actions/import/", "import"),
        (f"/{la.code}/actions/{edge.pk}/edit/?field=due", "change-due-no-js"),
    ]:
        page.goto(path)
        assert_accessible(page, name)
    assert page.console_errors == []
