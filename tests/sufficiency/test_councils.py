import pytest
from django.urls import reverse

from sufficiency.councils import Membership
from sufficiency.roles import Role
from tests.conftest import give_totp, sign_in
from tests.html import texts


def test_home_sends_user_to_their_council(client_for, la):
    response = client_for("viewer").get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("overview:index", kwargs={"la_code": la.code})


def test_user_without_council_is_told_so(client, db, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password="x")
    give_totp(user)
    sign_in(client, user)
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert b"do not have access to a council" in response.content


def test_switching_council(client_for, cast, la, other_la):
    Membership.objects.create(user=cast["editor"], la=other_la, role=Role.VIEWER)
    client = client_for("editor")
    page = client.get(reverse("overview:index", kwargs={"la_code": la.code}))
    assert b"Switch council" in page.content
    response = client.post(reverse("switch_council"), {"la": other_la.code})
    assert response["Location"] == reverse("overview:index", kwargs={"la_code": other_la.code})
    # The choice is remembered: home now goes to the other council.
    assert client.get(reverse("home"))["Location"].endswith(f"/{other_la.code}/")


def test_cannot_switch_to_a_council_you_do_not_belong_to(client_for, other_la):
    response = client_for("editor").post(reverse("switch_council"), {"la": other_la.code})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


def test_page_shows_the_current_council_and_navigation(client_for, la):
    response = client_for("viewer").get(reverse("children:index", kwargs={"la_code": la.code}))
    html = response.content.decode()
    assert la.name in html
    for text in ["Overview", "Children in care", "Market", "Action plan", "Reports", "Data"]:
        assert text in html
    assert 'aria-current="page"' in html


@pytest.mark.parametrize(
    ("name", "section"),
    [("children:index", "Children in care"), ("market:providers", "Market"),
     ("actions:strategy", "Action plan"), ("overview:users", "Overview"),
     ("overview:audit", "Overview"), ("data:index", "Data"),
     ("reports:dashboard", "Reports"), ("forecast:scenarios", "Forecast")],
)  # fmt: skip
def test_every_page_of_a_section_keeps_its_navigation_item_current(client_for, la, name, section):
    # The section is the URL's namespace (sufficiency/context_processors.py).
    html = client_for("admin").get(reverse(name, kwargs={"la_code": la.code})).content.decode()
    assert texts(html, ".govuk-service-navigation [aria-current=page]") == [section]


@pytest.mark.django_db
def test_security_headers(client_for, la):
    response = client_for("viewer").get(reverse("overview:index", kwargs={"la_code": la.code}))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    # Every script on the page carries the nonce.
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"')
    assert response["X-Frame-Options"] == "DENY"
