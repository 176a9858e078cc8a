"""Who can reach what: sign-in everywhere, each role exactly its permissions, no other council."""

import pytest
from django.urls import reverse

from sufficiency.roles import PERMISSIONS, Role
from tests.urls import all_patterns, council_patterns

PUBLIC = {"login", "accessibility", "privacy"}
COUNCIL_URLS = sorted(council_patterns())


def test_the_walk_finds_the_navigation_pages():
    names = {name for _, name, _ in COUNCIL_URLS}
    assert {
        f"{section}:index"
        for section in ("overview", "children", "market", "actions", "reports", "data")
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize("route,pattern,name", list(all_patterns()), ids=lambda v: str(v))
def test_every_url_needs_sign_in(client, la, route, pattern, name):
    if name in PUBLIC or route.startswith("admin/") or route == "favicon.ico":
        return
    if getattr(pattern.callback, "login_required", True) is False:
        return  # marked public on purpose: sign-in, password reset, an invitation's link
    url = "/" + route.replace("<la:la_code>", la.code)
    url = url.replace("<int:pk>", "1").replace("<str:token>", "x")
    url = url.replace("<slug:region_code>", "x").replace("<slug:table_id>.<str:fmt>", "t.csv")
    url = url.replace("<str:urn>", "SC000001").replace("<slug:kind>", "quarterly")
    url = url.replace("<slug:name>", "meeting").replace("<slug:chapter>", "fostering")
    url = url.replace("export.<str:fmt>", "export.json")
    if "<" in url:
        pytest.skip(f"no example argument for {route}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_admin_needs_staff_sign_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    # ...which is the product's own sign-in, with MFA.
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("route,name,permission", COUNCIL_URLS)
def test_each_role_reaches_exactly_what_it_may(client_for, la, role, route, name, permission):
    response = client_for(role).get(reverse(name, kwargs={"la_code": la.code}))
    if permission in PERMISSIONS[role]:
        assert response.status_code not in (403, 404), f"{role} refused {name}"
    else:
        assert response.status_code == 403, f"{role} allowed {name}"


@pytest.mark.parametrize("route,name,permission", COUNCIL_URLS)
def test_another_councils_user_gets_404(client_for, la, route, name, permission):
    response = client_for("outsider").get(reverse(name, kwargs={"la_code": la.code}))
    assert response.status_code == 404


def test_unknown_council_is_404(client_for):
    assert client_for("admin").get("/E99999999/").status_code == 404


def test_roles_table():
    # The table every page reads: a board member only reads, an analyst loads data but does not
    # edit the plan, a commissioner edits the plan and market but does not load data.
    assert PERMISSIONS[Role.VIEWER] == {"view"}
    assert "load_data" in PERMISSIONS[Role.ANALYST]
    assert "edit_plan" not in PERMISSIONS[Role.ANALYST]
    assert {"edit_plan", "edit_market"} <= PERMISSIONS[Role.EDITOR]
    assert "load_data" not in PERMISSIONS[Role.EDITOR]
    assert {"manage_users", "manage_strategy"} <= PERMISSIONS[Role.ADMIN]


POSTING_URLS = [
    (route, name, pattern.callback.council_post_permission)
    for route, pattern, name in all_patterns()
    if getattr(pattern.callback, "council_post_permission", None) and route.count("<") == 1 and name
]


def test_the_walk_finds_pages_that_read_for_all_and_write_for_some():
    assert {"data:index", "forecast:scenarios", "forecast:costs", "market:import"} <= {
        name for _, name, _ in POSTING_URLS
    }


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("route,name,posting", POSTING_URLS)
def test_a_post_needs_the_write_permission_declared_on_the_view(
    client_for, la, role, route, name, posting
):
    # The roles table decides: a role without any of the declared write permissions is refused
    # before the view runs, whatever the form would have said.
    response = client_for(role).post(reverse(name, kwargs={"la_code": la.code}), {})
    if any(p in PERMISSIONS[role] for p in posting):
        assert response.status_code != 403, f"{role} refused a post to {name}"
    else:
        assert response.status_code == 403, f"{role} allowed a post to {name}"
