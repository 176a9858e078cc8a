import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def test_sign_in_and_out(client, cast):
    response = client.post(reverse("login"), {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
    client.post(reverse("logout"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_wrong_password_shows_govuk_error(client, cast):
    response = client.post(reverse("login"), {"username": "viewer", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in html
    assert "Enter a correct username and password" in html


def test_guessing_is_locked_out_even_with_the_right_password(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "viewer", "password": "guess"})
    response = client.post(reverse("login"), {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Sign-in paused" in response.content
    assert "_auth_user_id" not in client.session


def test_password_spraying_from_one_address_is_throttled(client, cast, settings):
    # One wrong password for each of five different usernames from one address (the spraying
    # pattern: a few guesses per user, many users) used to pass, because the lockout counted
    # username and address together. Now the address's own count reaches the limit of 5, so the
    # sixth sign-in from that address is refused even with a right password for a fresh user.
    sprayed = [f"user{i}" for i in range(settings.AXES_FAILURE_LIMIT)]
    for username in sprayed:
        client.post(reverse("login"), {"username": username, "password": "Winter2025!"})
    response = client.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Someone signing in from another address is not affected.
    other = client.post(
        reverse("login"), {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7"
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
