import pytest
from django.urls import reverse

from tests.conftest import PASSWORD, totp_code


def _password(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"login": username, "password": password})


def test_sign_in_with_password_and_totp_code_and_out(client, cast):
    response = _password(client, "viewer")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in until the code is given
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
    assert client.session["_auth_user_id"] == str(cast["viewer"].pk)
    client.post(reverse("logout"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_wrong_password_shows_govuk_error(client, cast):
    response = _password(client, "viewer", "wrong")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in html
    assert "Enter a correct username and password" in html


def test_guessing_is_locked_out_even_with_the_right_password(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password(client, "viewer", "guess")
    response = _password(client, "viewer")
    assert response.status_code == 429
    assert b"Sign-in paused" in response.content
    assert "_auth_user_id" not in client.session


def test_password_spraying_from_one_address_is_throttled(client, cast, settings):
    # One wrong password for each of five different usernames from one address (the spraying
    # pattern: a few guesses per user, many users) used to pass, because the lockout counted
    # username and address together. Now the address's own count reaches the limit of 5, so the
    # sixth sign-in from that address is refused even with a right password for a fresh user.
    for i in range(settings.AXES_FAILURE_LIMIT):
        _password(client, f"user{i}", "Winter2025!")
    response = _password(client, "editor")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Someone signing in from another address is not affected.
    other = client.post(
        reverse("login"), {"login": "editor", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7"
    )
    assert other.status_code == 302
    assert other["Location"] == reverse("mfa_authenticate")


def test_sign_in_page_offers_password_reset(client, db):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("account_reset_password")}"' in html


@pytest.mark.django_db
def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
