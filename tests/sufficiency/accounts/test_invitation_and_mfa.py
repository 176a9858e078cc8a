"""Joining by invitation: a one-time link that expires; then MFA before any council page."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sufficiency.accounts import services
from sufficiency.councils import Membership, User
from sufficiency.roles import Role
from tests.conftest import sign_in, totp_code

NEW_PASSWORD = "a long enough passphrase"


def _invite(la, admin, email="new.person@testshire.gov.uk", role=Role.EDITOR) -> str:
    services.invite(la=la, email=email, role=role, invited_by=admin)
    return re.search(r"https?://\S+(/accounts/invitation/\S+/)", mail.outbox[-1].body).group(1)


def _join(client, path, password=NEW_PASSWORD):
    return client.post(path, {"name": "New Person", "password1": password, "password2": password})


def test_the_link_works_once(client, cast, la):
    path = _invite(la, cast["admin"])
    assert client.get(path).status_code == 200
    response = _join(client, path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    user = User.objects.get(username="new.person@testshire.gov.uk")
    assert Membership.objects.get(user=user, la=la).role == Role.EDITOR
    client.post(reverse("logout"))
    again = client.get(path)
    assert again.status_code == 404
    assert _join(client, path).status_code == 404
    assert User.objects.filter(email="new.person@testshire.gov.uk").count() == 1


def test_the_link_expires(client, cast, la, settings):
    path = _invite(la, cast["admin"])
    later = timezone.now() + timedelta(days=settings.SUFFICIENCY_INVITATION_DAYS, minutes=1)
    with time_machine.travel(later):
        assert client.get(path).status_code == 404
        assert _join(client, path).status_code == 404
    assert not User.objects.filter(email="new.person@testshire.gov.uk").exists()


def test_a_short_password_is_refused_by_djangos_validators(client, cast, la):
    path = _invite(la, cast["admin"])
    response = _join(client, path, password="short pass")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    errors = re.findall(r'class="govuk-error-message">(.*?)</p>', html, re.S)
    assert any("at least 12 characters" in e for e in errors)


def test_a_newcomer_cannot_reach_a_council_page_before_setting_up_mfa(client, cast, la):
    _join(client, _invite(la, cast["admin"]))
    for url in [reverse("home"), reverse("overview:index", kwargs={"la_code": la.code})]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def _secret(client) -> str:
    html = client.get(reverse("mfa_activate_totp")).content.decode()
    return re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', html).group(1)


def test_a_wrong_totp_code_is_refused_and_the_right_one_accepted(client, cast, la):
    _join(client, _invite(la, cast["admin"]))
    secret = _secret(client)
    right = totp_code(secret)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    refused = client.post(reverse("mfa_activate_totp"), {"code": wrong})
    assert refused.status_code == 200
    assert "govuk-error-message" in refused.content.decode()
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")
    accepted = client.post(reverse("mfa_activate_totp"), {"code": right})
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert len(re.findall(r"<li><code>\w+</code></li>", codes)) == 10
    overview = client.get(reverse("overview:index", kwargs={"la_code": la.code}))
    assert overview.status_code == 200


def test_signing_in_asks_for_the_code_and_refuses_a_wrong_one(client, cast):
    client.post(reverse("login"), {"login": "editor", "password": "correct horse battery staple"})
    right = totp_code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": right})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast["editor"].pk)


def test_a_session_without_mfa_is_ended(client, cast, la):
    # Signed in some other way than the sign-in page (here force_login, as Django admin's own
    # form would have): the person has an app, so the session is ended and they sign in again.
    client.force_login(cast["viewer"])
    response = client.get(reverse("overview:index", kwargs={"la_code": la.code}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_an_admin_resets_a_persons_mfa(client_for, cast, la):
    from allauth.mfa.models import Authenticator

    viewer = Membership.objects.get(user=cast["viewer"], la=la)
    response = client_for("admin").post(
        reverse("overview:users_reset_mfa", kwargs={"la_code": la.code, "pk": viewer.pk})
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=cast["viewer"]).exists()


def test_resetting_mfa_ends_the_persons_open_sessions(client, client_for, cast, la):
    from django.test import Client

    viewer_browser = sign_in(Client(), cast["viewer"])
    overview = reverse("overview:index", kwargs={"la_code": la.code})
    assert viewer_browser.get(overview).status_code == 200
    viewer = Membership.objects.get(user=cast["viewer"], la=la)
    admin_browser = client_for("admin")
    admin_browser.post(
        reverse("overview:users_reset_mfa", kwargs={"la_code": la.code, "pk": viewer.pk})
    )
    response = viewer_browser.get(overview)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # The admin who did the reset is still signed in.
    assert admin_browser.get(overview).status_code == 200


def test_an_existing_account_signs_in_to_accept(client, client_for, cast, la, other_la):
    sent = services.invite(la=other_la, email="viewer@testshire.gov.uk", role=Role.ANALYST,
                           invited_by=cast["outsider"])  # fmt: skip
    cast["viewer"].email = "viewer@testshire.gov.uk"
    cast["viewer"].save()
    path = re.search(r"(/accounts/invitation/\S+/)", sent.link).group(1)
    assert b"Sign in to accept" in client.get(path).content
    signed_in = client_for("viewer")
    assert signed_in.post(path).status_code == 302
    assert Membership.objects.get(user=cast["viewer"], la=other_la).role == Role.ANALYST


@pytest.mark.parametrize("email", ["ghost@nowhere.example", "viewer@testshire.gov.uk"])
def test_password_reset_says_the_same_whether_or_not_the_address_exists(client, cast, email):
    cast["viewer"].email = "viewer@testshire.gov.uk"
    cast["viewer"].save()
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


def test_a_signed_in_person_cannot_take_someone_elses_invitation(client_for, cast, la):
    path = _invite(la, cast["admin"])
    client = client_for("viewer")
    assert client.get(path).status_code == 403
    assert _join(client, path).status_code == 403
    assert not User.objects.filter(username="new.person@testshire.gov.uk").exists()


def test_people_cannot_add_email_addresses_themselves(client_for):
    assert client_for("viewer").get("/accounts/email/").status_code == 404


def test_after_an_mfa_reset_signing_in_leads_straight_to_set_up(client, cast, la):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=cast["viewer"]).delete()
    response = client.post(
        reverse("login"), {"login": "viewer", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    response = client.get(reverse("overview:index", kwargs={"la_code": la.code}))
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200  # no second password prompt
    assert "Set up your authenticator app" in page.content.decode()
