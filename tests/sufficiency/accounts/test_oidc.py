"""Signing in through a council's identity provider (OpenID Connect), against a stand-in
provider served on loopback by the test itself."""

from urllib.error import HTTPError
from urllib.parse import parse_qs, urlparse
from urllib.request import HTTPRedirectHandler, build_opener

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.urls import reverse

from sufficiency.accounts import services
from sufficiency.accounts.models import CouncilSignIn
from sufficiency.audit.models import AuditEvent
from sufficiency.councils import Membership, User
from sufficiency.roles import Role
from tests.sufficiency.accounts.oidc_standin import IdentityProvider

PROVIDER_ID = "testshire"


@pytest.fixture
def idp(la):
    with IdentityProvider(client_id="sufficiency-test", client_secret="s3cret") as provider:
        SocialApp.objects.create(
            provider="openid_connect",
            provider_id=PROVIDER_ID,
            name="Testshire County Council",
            client_id=provider.client_id,
            secret=provider.client_secret,
            settings={"server_url": provider.url},
        )
        CouncilSignIn.objects.create(
            la=la, provider_id=PROVIDER_ID, email_domains="testshire.gov.uk"
        )
        yield provider


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _sign_in_at_the_council(client, idp, person: dict):
    """The browser's journey: our sign-in button, the provider's page, back to our callback."""
    idp.person = person
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID}))
    assert start.status_code == 302
    assert start["Location"].startswith(f"{idp.url}/authorize?")
    with pytest.raises(HTTPError) as redirect:  # the provider's 302, not followed
        build_opener(_NoRedirects).open(start["Location"])
    url = urlparse(redirect.value.headers["Location"])
    return client.get(url.path, {k: v[0] for k, v in parse_qs(url.query).items()})


def test_the_sign_in_page_offers_the_councils_provider(client, idp, la):
    html = client.get(reverse("login")).content.decode()
    action = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    assert f'action="{action}"' in html
    # The button's redirect to the provider is allowed by the page's form-action.
    form_action = next(
        d
        for d in client.get(reverse("login"))["Content-Security-Policy"].split("; ")
        if d.startswith("form-action")
    )
    assert form_action == f"form-action 'self' {idp.url}"


def test_an_invited_person_signs_in_and_gets_their_council_and_role(client, idp, la, cast):
    services.invite(la=la, email="sam.jones@testshire.gov.uk", role=Role.ANALYST,
                    invited_by=cast["admin"])  # fmt: skip
    response = _sign_in_at_the_council(
        client, idp, {"sub": "entra-123", "email": "Sam.Jones@testshire.gov.uk",
                      "email_verified": True, "name": "Sam Jones"},
    )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(username="sam.jones@testshire.gov.uk")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Membership.objects.get(user=user, la=la).role == Role.ANALYST
    assert SocialAccount.objects.get(user=user).uid == "entra-123"
    assert idp.token_requests[0]["client_id"] == "sufficiency-test"
    # MFA is the council's provider's: the person reaches the council's pages at once.
    overview = client.get(reverse("overview:index", kwargs={"la_code": la.code}))
    assert overview.status_code == 200
    sign_in = AuditEvent.objects.get(action="sign_in", user=user)
    assert sign_in.what == "Signed in with their council's identity provider"
    assert sign_in.la == la


def test_a_person_from_the_councils_domain_gets_its_default_role(client, idp, la):
    CouncilSignIn.objects.filter(la=la).update(default_role=Role.VIEWER)
    _sign_in_at_the_council(
        client, idp, {"sub": "entra-9", "email": "pat@testshire.gov.uk", "email_verified": True}
    )
    user = User.objects.get(username="pat@testshire.gov.uk")
    assert Membership.objects.get(user=user, la=la).role == Role.VIEWER


def test_a_person_with_no_invitation_is_refused(client, idp, la):
    response = _sign_in_at_the_council(
        client, idp, {"sub": "entra-7", "email": "stranger@elsewhere.example"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="stranger@elsewhere.example").exists()
    assert AuditEvent.objects.filter(action="sign_in_failed", la=la).count() == 1


def test_a_member_signs_in_again_through_the_provider(client, idp, la, cast):
    services.invite(la=la, email="sam@testshire.gov.uk", role=Role.EDITOR, invited_by=None)
    person = {"sub": "entra-5", "email": "sam@testshire.gov.uk"}
    _sign_in_at_the_council(client, idp, person)
    client.post(reverse("logout"))
    response = _sign_in_at_the_council(client, idp, person)
    assert response.status_code == 302
    user = User.objects.get(username="sam@testshire.gov.uk")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Membership.objects.get(user=user, la=la).role == Role.EDITOR
