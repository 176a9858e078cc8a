"""Who may do what in the plan, and nobody reaches another council's items by their number."""

import pytest
from django.urls import reverse

from sufficiency.roles import PERMISSIONS, Role

# (url name, which object's pk, method, permission needed)
PK_URLS = [
    ("actions:action", "action", "get", "view"),
    ("actions:row", "action", "get", "view"),
    ("actions:edit", "action", "get", "edit_plan"),
    ("actions:edit", "action", "post", "edit_plan"),
    ("actions:update", "action", "get", "edit_plan"),
    ("actions:update", "action", "post", "edit_plan"),
    ("actions:move", "action", "post", "edit_plan"),
    ("actions:delete", "action", "get", "edit_plan"),
    ("actions:delete", "action", "post", "edit_plan"),
    ("actions:priority", "priority", "get", "view"),
    ("actions:priority_edit", "priority", "get", "manage_strategy"),
    ("actions:priority_edit", "priority", "post", "manage_strategy"),
    ("actions:priority_move", "priority", "post", "manage_strategy"),
    ("actions:priority_delete", "priority", "post", "manage_strategy"),
    ("actions:measure", "measure", "get", "view"),
    ("actions:measure_edit", "measure", "post", "manage_strategy"),
    ("actions:measure_value", "measure", "post", "manage_strategy"),
    ("actions:measure_delete", "measure", "post", "manage_strategy"),
]
POST_ONLY_URLS = [
    ("actions:new", "post", "edit_plan"),
    ("actions:strategy_edit", "post", "manage_strategy"),
    ("actions:priority_new", "post", "manage_strategy"),
    ("actions:measure_new", "post", "manage_strategy"),
    ("actions:import", "post", "manage_strategy"),
]


def _pk(plan, which):
    return {
        "action": plan["actions"]["edge"].pk,
        "priority": plan["priorities"][0].pk,
        "measure": plan["measures"]["hand"].pk,
    }[which]


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name,which,method,permission", PK_URLS)
def test_each_role_reaches_exactly_what_it_may(
    client_for, la, plan, role, name, which, method, permission
):
    url = reverse(name, args=[la.code, _pk(plan, which)])
    response = getattr(client_for(role), method)(url)
    if permission in PERMISSIONS[role]:
        assert response.status_code not in (403, 404), f"{role} refused {method} {name}"
    else:
        assert response.status_code == 403, f"{role} allowed {method} {name}"


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name,method,permission", POST_ONLY_URLS)
def test_each_role_may_post_only_what_it_may(client_for, la, plan, role, name, method, permission):
    response = client_for(role).post(reverse(name, args=[la.code]), {})
    if permission in PERMISSIONS[role]:
        assert response.status_code not in (403, 404)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name,which,method,permission", PK_URLS)
def test_another_councils_item_is_404_even_to_an_admin(
    client_for, la, plan, other_plan, name, which, method, permission
):
    """An admin of `la` asking for the other council's item through their own council's URL."""
    other_pk = {
        "action": other_plan["action"].pk,
        "priority": other_plan["priority"].pk,
        "measure": other_plan["measure"].pk,
    }[which]
    url = reverse(name, args=[la.code, other_pk])
    response = getattr(client_for("admin"), method)(url)
    assert response.status_code == 404


@pytest.mark.parametrize("name,which,method,permission", PK_URLS)
def test_an_outsider_gets_404_for_this_councils_items(
    client_for, la, plan, name, which, method, permission
):
    url = reverse(name, args=[la.code, _pk(plan, which)])
    assert getattr(client_for("outsider"), method)(url).status_code == 404


def test_another_councils_item_is_left_unchanged(client_for, la, plan, other_plan):
    action = other_plan["action"]
    client_for("admin").post(
        reverse("actions:edit", args=[la.code, action.pk]),
        {
            "field": "status",
            f"action-{action.pk}-status": "complete",
            f"action-{action.pk}-version": 1,
        },
    )
    action.refresh_from_db()
    assert action.status == "not_started"


def test_a_viewer_sees_no_edit_controls_and_an_editor_does(client_for, la, plan):
    url = reverse("actions:index", args=[la.code])
    assert "Add an update" not in client_for("viewer").get(url).content.decode()
    html = client_for("editor").get(url).content.decode()
    assert "Add an update" in html and "Change<span" in html
    assert "Add a priority" not in html  # priorities are the admin's
    assert "Add a priority" in client_for("admin").get(url).content.decode()
