"""Every page of the plan renders for the people who may see it."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.html import text_of


def urls(la, plan):
    a = plan["actions"]["edge"].pk
    p = plan["priorities"][0].pk
    m = plan["measures"]["hand"].pk
    ml = plan["measures"]["linked"].pk
    code = la.code
    return [
        reverse("actions:index", args=[code]),
        reverse("actions:index", args=[code]) + "?status=at_risk&sort=due&overdue=on",
        reverse("actions:index", args=[code]) + "?due_this_quarter=on&sort=status&owner=Early+help",
        reverse("actions:strategy", args=[code]),
        reverse("actions:strategy_edit", args=[code]),
        reverse("actions:measures", args=[code]),
        reverse("actions:measure", args=[code, m]),
        reverse("actions:measure", args=[code, ml]),
        reverse("actions:measure_edit", args=[code, m]),
        reverse("actions:measure_new", args=[code]),
        reverse("actions:history", args=[code]),
        reverse("actions:import", args=[code]),
        reverse("actions:action", args=[code, a]),
        reverse("actions:edit", args=[code, a]) + "?field=status",
        reverse("actions:edit", args=[code, a]) + "?field=due",
        reverse("actions:priority", args=[code, p]),
        reverse("actions:priority_edit", args=[code, p]),
        reverse("actions:priority_new", args=[code]),
        reverse("actions:new", args=[code]),
        reverse("actions:delete", args=[code, a]),
        reverse("actions:priority_delete", args=[code, p]),
        reverse("actions:measure_delete", args=[code, m]),
        reverse("overview:index", args=[code]),
    ]


@pytest.mark.django_db
def test_every_page_renders_for_an_admin(client_for, la, plan):
    client = client_for("admin")
    for url in urls(la, plan):
        response = client.get(url)
        assert response.status_code == 200, url


@time_machine.travel(date(2026, 6, 30))
def test_the_plan_shows_priorities_actions_and_counts(client_for, la, plan):
    html = client_for("viewer").get(reverse("actions:index", args=[la.code])).content.decode()
    first, second = plan["priorities"]
    assert text_of(html, f"#priority-{first.pk}") == "1. Fewer children need to come into care"
    assert text_of(html, f"#priority-{second.pk}") == "2. More stable homes"
    assert "Edge of care team at weekends" in html
    # Three actions: one of each status; on 30 June 2026 only "Family group conferences"
    # (due 31 January 2020, at risk) is overdue.
    assert text_of(html, "#status-counts caption") == "All 3 actions by status"
    assert text_of(html, "[data-testid=count-on_track]") == "1 on track"
    assert text_of(html, "[data-testid=count-at_risk]") == "1 at risk"
    assert text_of(html, "[data-testid=count-complete]") == "1 complete"
    assert text_of(html, "[data-testid=count-overdue]") == "1 overdue"
    assert "Change<span" not in html  # a viewer reads only


@time_machine.travel(date(2030, 4, 1))
def test_an_action_is_overdue_the_day_after_it_is_due(client_for, la, plan):
    # Edge of care is due 31 March 2030 and on track: on 1 April 2030 it is overdue too.
    html = client_for("viewer").get(reverse("actions:index", args=[la.code])).content.decode()
    assert text_of(html, "[data-testid=count-overdue]") == "2 overdue"


@time_machine.travel(date(2026, 6, 30))
def test_filters_and_sorting(client_for, la, plan):
    client = client_for("viewer")
    url = reverse("actions:index", args=[la.code])
    html = client.get(url + "?overdue=on").content.decode()
    assert "Family group conferences" in html
    assert "Edge of care team at weekends" not in html
    assert text_of(html, "[data-testid=shown]") == (
        "Showing 1 of 3 actions that match the filters."
    )
    html = client.get(url + "?owner=Fostering").content.decode()
    assert "Support for foster carers" in html and "Family group" not in html
    priority = plan["priorities"][1].pk
    html = client.get(url + f"?priority={priority}").content.decode()
    assert "Support for foster carers" in html and "Edge of care" not in html
    html = client.get(url + "?sort=due").content.decode()
    assert html.index("Family group conferences") < html.index("Edge of care team")


def test_filtering_with_htmx_returns_only_the_results(client_for, la, plan):
    response = client_for("viewer").get(
        reverse("actions:index", args=[la.code]) + "?status=complete", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="plan-results">')
    assert "Support for foster carers" in html and "Edge of care" not in html
    assert "<html" not in html


def test_no_strategy_yet(client_for, la):
    response = client_for("admin").get(reverse("actions:index", args=[la.code]))
    assert response.status_code == 200
    assert "Set up the strategy" in response.content.decode()


def test_placeholder_links_in_the_strategy_are_refused(client_for, la, plan):
    client = client_for("admin")
    url = reverse("actions:strategy_edit", args=[la.code])
    response = client.post(
        url,
        {
            "title": "Strategy",
            "period": "2025-2028",
            "status": "draft",
            "vision": "Homes close to home.",
            "context": "Read the [needs assessment](http://example.com) behind it.",
            "version": plan["strategy"].version,
        },
    )
    assert response.status_code == 400  # an invalid form, shown again with its errors
    message = (
        "Enter the real web address for the link ‘needs assessment’ instead of "
        "‘http://example.com’, or remove the link"
    )
    assert text_of(response.content.decode(), ".govuk-error-summary__list") == message
    plan["strategy"].refresh_from_db()
    assert "example.com" not in plan["strategy"].context


def test_strategy_narrative_is_sanitised(client_for, la, plan):
    client = client_for("admin")
    url = reverse("actions:strategy_edit", args=[la.code])
    response = client.post(
        url,
        {
            "title": "Strategy",
            "period": "2025-2028",
            "status": "draft",
            "vision": '<p>Homes <script>alert(1)</script><a href="javascript:x">x</a></p>',
            "context": "First paragraph\n\n- one\n- two\n\nSee [the report](https://www.gov.uk/r)",
            "version": plan["strategy"].version,
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("actions:strategy", args=[la.code])).content.decode()
    assert "<script>alert" not in html and "javascript:" not in html
    assert '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two</li></ul>' in html
    assert 'href="https://www.gov.uk/r"' in html
