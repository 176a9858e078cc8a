"""A council's admin invites someone; they follow the emailed link, choose a password, set up
their authenticator app and arrive at the overview. axe checks every new page."""

import re

from django.core import mail

from sufficiency.councils import Membership
from sufficiency.roles import Role
from tests.conftest import PASSWORD, totp_code
from tests.e2e.conftest import assert_accessible, sign_in

NEW_PASSWORD = "four words make a password"


def test_an_invitation_from_the_email_to_the_overview(page, browser, live_server, cast, la):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Enter the code from your authenticator app"
    )
    assert_accessible(page, "mfa-code")
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()

    page.goto(f"/{la.code}/users/")
    assert_accessible(page, "team")
    page.get_by_label("Email address").fill("robin.lee@testshire.gov.uk")
    page.get_by_label("Analyst").check()
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-notification-banner__heading").inner_text() == (
        "We have emailed an invitation to robin.lee@testshire.gov.uk as Analyst."
    )
    [email] = mail.outbox
    link = re.search(r"http://\S+/accounts/invitation/\S+/", email.body).group(0)

    newcomer = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    errors: list[str] = []
    newcomer.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    newcomer.goto(link)
    assert newcomer.get_by_test_id("invited-username").inner_text() == "robin.lee@testshire.gov.uk"
    assert_accessible(newcomer, "invitation")
    newcomer.get_by_label("Your full name").fill("Robin Lee")
    newcomer.get_by_label("Create a password").fill("too short")
    newcomer.get_by_label("Confirm your password").fill("too short")
    newcomer.get_by_role("button", name="Continue").click()
    newcomer.wait_for_load_state()
    assert newcomer.title().startswith("Error: ")
    assert_accessible(newcomer, "invitation-error")
    newcomer.get_by_label("Create a password").fill(NEW_PASSWORD)
    newcomer.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Continue").click()
    newcomer.wait_for_load_state()

    assert newcomer.get_by_role("heading", level=1).inner_text() == "Set up your authenticator app"
    assert_accessible(newcomer, "mfa-set-up")
    secret = newcomer.get_by_test_id("totp-secret").inner_text()
    newcomer.get_by_label("Authenticator code").fill(totp_code(secret))
    newcomer.get_by_role("button", name="Set up").click()
    newcomer.wait_for_load_state()

    assert newcomer.get_by_role("heading", level=1).inner_text() == "Your recovery codes"
    assert newcomer.get_by_test_id("recovery-codes").locator("li").count() == 10
    assert_accessible(newcomer, "recovery-codes")
    newcomer.get_by_role("link", name="Continue").click()
    newcomer.wait_for_load_state()

    assert newcomer.get_by_role("heading", level=1).inner_text() == "Overview"
    assert newcomer.get_by_test_id("current-council").inner_text() == la.name
    membership = Membership.objects.get(user__username="robin.lee@testshire.gov.uk")
    assert membership.role == Role.ANALYST
    assert errors == []

    # The link worked once.
    again = browser.new_context().new_page()
    response = again.goto(link)
    assert response.status == 404
    assert again.get_by_role("heading", level=1).inner_text() == "This link does not work"
    assert_accessible(again, "invitation-used")


def test_the_admins_audit_and_member_pages_are_accessible(page, cast, la):
    sign_in(page, "admin", PASSWORD)
    page.goto(f"/{la.code}/audit/")
    assert page.get_by_test_id("who").first.inner_text() == "admin"
    assert_accessible(page, "audit")
    page.goto(f"/{la.code}/users/")
    page.get_by_role("link", name="Change viewer").click()
    page.wait_for_load_state()
    assert_accessible(page, "member")
    page.goto("/accounts/password/reset/")
    assert_accessible(page, "password-reset")
    assert page.console_errors == []
