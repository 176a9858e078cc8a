"""The page-or-fragment rule: htmx gets the partial, everything else (history restore too) the
page, and every answer varies on HX-Request."""

import pytest
from django.urls import reverse


@pytest.fixture
def plan_url(la):
    return reverse("market:providers", kwargs={"la_code": la.code})


def test_a_plain_request_gets_the_whole_page(client_for, plan_url):
    response = client_for("viewer").get(plan_url)
    assert response.status_code == 200
    assert b"<html" in response.content
    assert "HX-Request" in response["Vary"]


def test_htmx_gets_only_the_fragment(client_for, plan_url):
    response = client_for("viewer").get(plan_url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_request_gets_the_whole_page(client_for, plan_url):
    # After a swap, the back button asks htmx to restore the page from the server: it must get
    # the page, not a fragment that would replace the whole body.
    response = client_for("viewer").get(
        plan_url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in response.content
