"""The forecast pages: who may see and change what, the editor, costs, and the command."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.urls import reverse

from placements.forecast import presenters, stock_flow
from placements.forecast.models import Adjustment, Budget, Scenario, UnitCost
from placements.forecast.reporting import forecast_section
from placements.forecast.selectors import unit_costs
from tests.factories import ActionFactory, LocalAuthorityFactory
from tests.html import rows, text_of, texts


def url(name, la, **kwargs):
    return reverse(name, kwargs={"la_code": la.code, **kwargs})


@pytest.fixture
def scenario(loaded):
    s = Scenario.objects.create(la=loaded, name="Edge of care")
    Adjustment.objects.create(scenario=s, kind="entries", start="2026-04-01", percent=-10)
    return s


def test_forecast_page_shows_the_forecast_backtest_and_costs(client_for, loaded, scenario):
    response = client_for("viewer").get(url("forecast:index", loaded))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Forecast" in html and "Children in care: what happened and the forecast" in html
    assert 'data-testid="backtest-summary"' in html  # three years of data: a backtest shows
    assert "Children in care under each scenario" in html  # saved scenarios are compared
    assert "Edge of care" in html
    assert "indicative national weekly costs" in html
    assert 'data-testid="cost-table"' in html
    assert presenters.DEFINITIONS["forecast"] in texts(html, ".govuk-details__text")


def test_forecast_page_without_data_says_what_to_do(client_for, la):
    response = client_for("viewer").get(url("forecast:index", la))
    assert response.status_code == 200
    assert "No SSDA903 return has been imported" in response.content.decode()


def test_forecast_options_through_htmx(client_for, loaded, scenario):
    response = client_for("viewer").get(
        url("forecast:index", loaded),
        {"base_date": "2024-03-31", "reference_months": "12", "months": "12"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="forecast"' in html
    assert text_of(html, "#forecast h2:first-of-type") == "Children in care from 31 March 2024"
    # No scenario ticked: no comparison.
    assert "Children in care under each scenario" not in html


def test_an_invalid_option_shows_a_govuk_error(client_for, loaded):
    html = (
        client_for("viewer").get(url("forecast:index", loaded), {"base_date": "1999-03-31"}).content
    )
    assert b"Error: Forecast" in html and b"There is a problem" in html


def test_editor_creates_a_scenario_and_adds_a_change(client_for, loaded):
    editor = client_for("editor")
    response = editor.post(url("forecast:scenarios", loaded), {"name": "Recruit carers"})
    scenario = Scenario.objects.get(la=loaded, name="Recruit carers")
    assert response.status_code == 302
    assert response["Location"] == url("forecast:scenario", loaded, pk=scenario.pk)
    response = editor.post(
        url("forecast:scenario", loaded, pk=scenario.pk),
        {"kind": "inhouse_share", "start": "2026-04-01", "percent": "15"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert texts(html, "[data-testid=adjustments] dt") == [
        "In-house share of fostering +15 percentage points from 1 April 2026"
    ]
    assert 'data-testid="scenario-difference"' in html
    assert scenario.adjustments.count() == 1
    assert scenario.history.count() >= 1  # django-simple-history keeps who and when


def test_a_bad_change_shows_the_error_summary(client_for, loaded):
    scenario = Scenario.objects.create(la=loaded, name="Bad")
    response = client_for("editor").post(
        url("forecast:scenario", loaded, pk=scenario.pk),
        {"kind": "entries", "start": "2040-01-01", "percent": "-500"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Bad" in html
    assert "There is a problem" in html
    # The forecast runs 60 months from the latest return, 31 March 2025, to 31 March 2030.
    assert texts(html, ".govuk-error-summary__list li") == [
        "The date must be inside the forecast: after 31 March 2025 and no later than 31 March 2030",
        "Enter a percentage between -100 and 200: a rate cannot go below zero",
    ]
    assert not scenario.adjustments.exists()


def test_duplicate_scenario_names_are_refused(client_for, loaded, scenario):
    response = client_for("editor").post(
        url("forecast:scenarios", loaded), {"name": "edge of CARE"}
    )
    assert response.status_code == 200
    assert "A scenario with this name already exists" in response.content.decode()


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_editors_and_admins_change_scenarios(client_for, loaded, scenario, role):
    user = client_for(role)
    assert user.get(url("forecast:scenario", loaded, pk=scenario.pk)).status_code == 200
    assert user.post(url("forecast:scenarios", loaded), {"name": "X"}).status_code == 403
    assert (
        user.post(
            url("forecast:scenario", loaded, pk=scenario.pk),
            {"kind": "entries", "start": "2026-04-01", "percent": "5"},
        ).status_code
        == 403
    )
    assert user.get(url("forecast:scenario_edit", loaded, pk=scenario.pk)).status_code == 403
    assert user.post(url("forecast:scenario_delete", loaded, pk=scenario.pk)).status_code == 403
    adjustment = scenario.adjustments.first()
    assert user.post(url("forecast:adjustment_delete", loaded, pk=adjustment.pk)).status_code == 403
    assert user.post(url("forecast:costs", loaded), {"save_budgets": "1"}).status_code == 403


def test_admin_edits_and_deletes(client_for, loaded, scenario):
    admin = client_for("admin")
    adjustment = scenario.adjustments.first()
    response = admin.post(url("forecast:adjustment_delete", loaded, pk=adjustment.pk))
    assert response.status_code == 302 and not scenario.adjustments.exists()
    admin.post(url("forecast:scenario_edit", loaded, pk=scenario.pk), {"name": "Renamed"})
    scenario.refresh_from_db()
    assert scenario.name == "Renamed"
    admin.post(url("forecast:scenario_delete", loaded, pk=scenario.pk))
    assert not Scenario.objects.filter(pk=scenario.pk).exists()


def test_another_councils_scenario_is_404(client_for, loaded, other_la, scenario):
    theirs = Scenario.objects.create(la=other_la, name="Theirs")
    change = Adjustment.objects.create(scenario=theirs, kind="exits", start="2026-04-01", percent=5)
    editor = client_for("editor")
    assert editor.get(url("forecast:scenario", loaded, pk=theirs.pk)).status_code == 404
    assert editor.post(url("forecast:scenario_delete", loaded, pk=theirs.pk)).status_code == 404
    assert editor.get(url("forecast:scenario_edit", loaded, pk=theirs.pk)).status_code == 404
    assert editor.post(url("forecast:adjustment_delete", loaded, pk=change.pk)).status_code == 404
    # And an outsider cannot reach this council's pages at all.
    outsider = client_for("outsider")
    assert outsider.get(url("forecast:index", loaded)).status_code == 404
    assert outsider.get(url("forecast:scenario", loaded, pk=scenario.pk)).status_code == 404


def test_scenarios_link_to_actions_in_the_plan(client_for, loaded, scenario):
    action = ActionFactory(priority__strategy__la=loaded, title="Extend the edge of care service")
    editor = client_for("editor")
    response = editor.post(
        url("forecast:scenario_edit", loaded, pk=scenario.pk),
        {"name": "Edge of care", "description": "", "actions": [action.pk]},
    )
    assert response.status_code == 302
    html = editor.get(url("forecast:scenario", loaded, pk=scenario.pk)).content.decode()
    assert "Extend the edge of care service" in html
    assert list(action.forecast_scenarios.all()) == [scenario]


def test_costs_page_saves_costs_and_budgets(client_for, loaded, scenario):
    editor = client_for("editor")
    response = editor.post(
        url("forecast:costs", loaded),
        {"save_costs": "1", "inflation_percent": "4", "cost_ifa_foster": "1100"},
    )
    assert response.status_code == 302
    assert UnitCost.objects.get(la=loaded, category="ifa_foster").weekly_cost == 1100
    costs = unit_costs(la=loaded)
    assert costs.weekly["ifa_foster"] == 1100 and costs.inflation_percent == 4
    assert costs.source == "council"
    response = editor.post(
        url("forecast:costs", loaded), {"save_budgets": "1", "budget_2025": "30000000"}
    )
    assert response.status_code == 302
    assert Budget.objects.get(la=loaded, year=2025).amount == 30_000_000
    html = editor.get(url("forecast:costs", loaded)).content.decode()
    table = rows(html, "[data-testid=cost-table]")
    assert presenters.DEFINITIONS["projected_spend"] in texts(html, ".govuk-details__text")
    assert table[0] == [
        "Financial year",
        "Current trends",
        "Edge of care",
        "Budget",
    ]
    # The budget of £30,000,000 for 2025-26, in millions to one place, beside that year only.
    assert [(r[0], r[-1]) for r in table[1:]] == [
        ("2025-26", "£30.0m"), ("2026-27", "–"), ("2027-28", "–")
    ]  # fmt: skip
    bad = editor.post(url("forecast:costs", loaded), {"save_costs": "1", "inflation_percent": "99"})
    assert bad.status_code == 200 and b"<title>Error: Costs" in bad.content


def test_costs_default_to_the_market_average_when_it_exists(loaded, monkeypatch):
    from placements.forecast import selectors as forecast_selectors

    monkeypatch.setattr(forecast_selectors, "average_weekly_costs", lambda la: {"secure": 9})
    costs = unit_costs(la=loaded)
    assert costs.weekly["secure"] == 9 and costs.source == "market"


def test_command_prints_the_json_forecast(loaded):
    out = StringIO()
    call_command("forecast", la=loaded.code, base_date="2025-03-31", months=24, format="json",
                 stdout=out)  # fmt: skip
    result = json.loads(out.getvalue())
    assert {"base_date", "dates", "total", "by_category"} <= set(result)
    assert result["base_date"] == "2025-03-31"
    assert len(result["dates"]) == 24 and result["dates"][0] == "2025-04-30"
    assert all(len(result["total"][k]) == 24 for k in ("mean", "lower", "upper"))
    assert list(result["by_category"]) == list(stock_flow.CATEGORIES)
    totals = [sum(v[i] for v in result["by_category"].values()) for i in range(24)]
    assert totals == pytest.approx(result["total"]["mean"], abs=0.6)  # 12 roundings
    total = result["total"]
    assert all(
        lo <= m <= hi
        for lo, m, hi in zip(total["lower"], total["mean"], total["upper"], strict=True)
    )


def test_command_uses_only_what_was_known(loaded):
    earlier = StringIO()
    call_command("forecast", la=loaded.code, base_date="2024-03-31", months=12, stdout=earlier)
    result = json.loads(earlier.getvalue())
    assert result["dates"][-1] == "2025-03-31"


def test_command_refuses_bad_input(loaded):
    with pytest.raises(CommandError, match="No council"):
        call_command("forecast", la="E99999999", base_date="2025-03-31")
    with pytest.raises(CommandError, match="inside the loaded data"):
        call_command("forecast", la=loaded.code, base_date="2030-03-31")
    with pytest.raises(CommandError, match="--months"):
        call_command("forecast", la=loaded.code, base_date="2025-03-31", months=61)


def test_the_report_section_renders(loaded, scenario):
    section = forecast_section(la=loaded)
    html = render_to_string("reports/_forecast_summary.html", {"forecast": section})
    assert "On current trends" in html
    assert section.scenario_chart.title.startswith("Children in care under each scenario")
    assert forecast_section(la=LocalAuthorityFactory(name="Empty", code="E06000001")) is None


def test_an_action_names_the_scenarios_it_is_expected_to_deliver(client_for, loaded, scenario):
    action = ActionFactory(priority__strategy__la=loaded, title="Edge of care team")
    scenario.actions.add(action)
    html = (
        client_for("viewer")
        .get(reverse("actions:action", kwargs={"la_code": loaded.code, "pk": action.pk}))
        .content.decode()
    )
    assert scenario.name in html
    assert reverse("forecast:scenario", kwargs={"la_code": loaded.code, "pk": scenario.pk}) in html
