import pytest
from django.urls import reverse

from sufficiency.councils import Membership
from sufficiency.roles import Role


def test_home_sends_user_to_their_council(client_for, la):
    response = client_for("viewer").get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("overview", kwargs={"la_code": la.code})


def test_user_without_council_is_told_so(client, db, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password="x")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert b"do not have access to a council" in response.content


def test_switching_council(client_for, cast, la, other_la):
    Membership.objects.create(user=cast["editor"], la=other_la, role=Role.VIEWER)
    client = client_for("editor")
    page = client.get(reverse("overview", kwargs={"la_code": la.code}))
    assert b"Switch council" in page.content
    response = client.post(reverse("switch_council"), {"la": other_la.code})
    assert response["Location"] == reverse("overview", kwargs={"la_code": other_la.code})
    # The choice is remembered: home now goes to the other council.
    assert client.get(reverse("home"))["Location"].endswith(f"/{other_la.code}/")


def test_cannot_switch_to_a_council_you_do_not_belong_to(client_for, other_la):
    response = client_for("editor").post(reverse("switch_council"), {"la": other_la.code})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


def test_page_shows_the_current_council_and_navigation(client_for, la):
    response = client_for("viewer").get(reverse("children", kwargs={"la_code": la.code}))
    html = response.content.decode()
    assert la.name in html
    for text in ["Overview", "Children in care", "Market", "Action plan", "Reports", "Data"]:
        assert text in html
    assert 'aria-current="page"' in html


def test_admin_changes_a_members_role_and_removes_them(client_for, cast, la):
    client = client_for("admin")
    url = reverse("overview_users", kwargs={"la_code": la.code})
    response = client.post(url, {"username": "viewer", "role": "editor"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=cast["viewer"], la=la)
    assert membership.role == "editor"
    client.post(url, {"remove": membership.pk})
    assert not Membership.objects.filter(user=cast["viewer"], la=la).exists()


def test_admin_cannot_add_any_account_and_learns_nothing_about_it(
    client_for, cast, la, django_user_model
):
    # "outsider" exists (an admin of another council), "ghost" does not: the team form must
    # neither give the existing account a role here nor answer differently for the two.
    client = client_for("admin")
    url = reverse("overview_users", kwargs={"la_code": la.code})
    answers = []
    for username in ("outsider", "ghost"):
        response = client.post(url, {"username": username, "role": "admin"})
        assert response.status_code == 200
        html = response.content.decode()
        error = html.split('id="id_username-error"')[1].split("</p>")[0]
        answers.append(error)
    assert answers[0] == answers[1]
    assert "already in this council" in answers[0]
    assert not Membership.objects.filter(user=cast["outsider"], la=la).exists()


def test_admin_cannot_touch_another_councils_membership(client_for, cast, other_la):
    theirs = Membership.objects.get(user=cast["outsider"], la=other_la)
    la_code = cast["admin"].memberships.get().la.code
    response = client_for("admin").post(
        reverse("overview_users", kwargs={"la_code": la_code}), {"remove": theirs.pk}
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_granting_unknown_user_shows_govuk_error(client_for, la):
    response = client_for("admin").post(
        reverse("overview_users", kwargs={"la_code": la.code}),
        {"username": "ghost", "role": "viewer"},
    )
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html
    assert "Enter the username of someone already in this council" in html


@pytest.mark.django_db
def test_security_headers(client_for, la):
    response = client_for("viewer").get(reverse("overview", kwargs={"la_code": la.code}))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    # Every script on the page carries the nonce.
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"')
    assert response["X-Frame-Options"] == "DENY"
