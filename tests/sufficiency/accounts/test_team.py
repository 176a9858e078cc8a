"""The team page: invite by email with a role, change a role, remove a person, last sign-in."""

import re

from django.core import mail
from django.urls import reverse

from sufficiency.accounts import services
from sufficiency.accounts.models import Invitation
from sufficiency.councils import Membership
from sufficiency.roles import Role


def _team(la):
    return reverse("overview:users", kwargs={"la_code": la.code})


def _member(la, membership, name="overview:users_member"):
    return reverse(name, kwargs={"la_code": la.code, "pk": membership.pk})


def _cell(html: str, username: str, testid: str) -> str:
    row = re.search(rf'data-testid="member-{re.escape(username)}">(.*?)</tr>', html, re.S)
    return re.search(rf'data-testid="{testid}">(.*?)</td>', row.group(1), re.S).group(1).strip()


def test_admin_invites_by_email_with_a_role(client_for, la):
    response = client_for("admin").post(
        _team(la), {"email": "Newcomer@Testshire.gov.uk", "role": "editor"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.la) == (
        "newcomer@testshire.gov.uk", Role.EDITOR, la)  # fmt: skip
    [email] = mail.outbox
    assert email.to == ["newcomer@testshire.gov.uk"]
    assert "/accounts/invitation/" in email.body
    assert invitation.token_hash not in email.body  # only the hash is kept


def test_admin_cancels_only_their_own_councils_open_invitation(client_for, la, other_la):
    admin = client_for("admin")
    admin.post(_team(la), {"email": "newcomer@testshire.gov.uk", "role": "viewer"})
    services.invite(la=other_la, email="someone@elsewhere.gov.uk", role=Role.VIEWER,
                    invited_by=None, base_url="http://testserver")  # fmt: skip
    ours = Invitation.objects.get(la=la)
    theirs = Invitation.objects.get(la=other_la)
    assert admin.post(_team(la), {"cancel": theirs.pk}).status_code == 404
    assert admin.post(_team(la), {"cancel": ours.pk}).status_code == 302
    assert list(Invitation.objects.open()) == [theirs]
    # Cancelled already: no longer open, so not found.
    assert admin.post(_team(la), {"cancel": ours.pk}).status_code == 404


def test_inviting_nobody_picks_from_existing_accounts(client_for, la, cast):
    # The same words whether or not an account exists elsewhere: an email is always sent.
    client = client_for("admin")
    client.post(_team(la), {"email": "outsider@elsewhere.gov.uk", "role": "viewer"})
    client.post(_team(la), {"email": "nobody@elsewhere.gov.uk", "role": "viewer"})
    assert len(mail.outbox) == 2
    assert not Membership.objects.filter(la=la, user=cast["outsider"]).exists()


def test_team_shows_role_and_last_sign_in(client_for, cast, la):
    cast["editor"].last_login = None
    cast["editor"].save()
    html = client_for("admin").get(_team(la)).content.decode()
    assert _cell(html, "editor", "role") == "Editor"
    assert _cell(html, "editor", "last-sign-in") == "Never"
    assert _cell(html, "admin", "last-sign-in") != "Never"


def test_admin_changes_a_role(client_for, cast, la):
    membership = Membership.objects.get(user=cast["viewer"], la=la)
    response = client_for("admin").post(_member(la, membership), {"role": "analyst"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.ANALYST


def test_the_last_admin_cannot_step_down(client_for, cast, la):
    membership = Membership.objects.get(user=cast["admin"], la=la)
    response = client_for("admin").post(_member(la, membership), {"role": "viewer"})
    assert response.status_code == 200
    assert "at least one admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_admin_removes_a_person(client_for, cast, la):
    membership = Membership.objects.get(user=cast["editor"], la=la)
    response = client_for("admin").post(_member(la, membership, "overview:users_remove"))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_another_councils_admin_cannot_see_or_change_this_team(client_for, cast, la):
    client = client_for("outsider")
    membership = Membership.objects.get(user=cast["viewer"], la=la)
    assert client.get(_team(la)).status_code == 404
    assert client.post(_team(la), {"email": "x@y.gov.uk", "role": "admin"}).status_code == 404
    assert client.get(_member(la, membership)).status_code == 404
    assert client.post(_member(la, membership), {"role": "admin"}).status_code == 404
    assert client.post(_member(la, membership, "overview:users_remove")).status_code == 404
    assert client.post(_member(la, membership, "overview:users_reset_mfa")).status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER
    assert not Invitation.objects.exists()


def test_an_admin_cannot_touch_another_councils_member_through_their_own_council(
    client_for, cast, la, other_la
):
    theirs = Membership.objects.get(user=cast["outsider"], la=other_la)
    client = client_for("admin")
    url = reverse("overview:users_remove", kwargs={"la_code": la.code, "pk": theirs.pk})
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_only_admins_manage_the_team(client_for, la):
    for role in ("viewer", "editor", "analyst"):
        assert client_for(role).get(_team(la)).status_code == 403
