"""The referral pages: who may read and record, scoping to the council, the figures where they
are shown, recording a referral and its outcome, GOV.UK errors, import and export."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placements.market.models import Provider
from placements.referrals.models import ChildLink, Referral
from sufficiency.audit.models import AuditEvent
from tests.html import rows, text_of, texts
from tests.placements.referrals.records import VALID, as_bytes, record
from tests.placements.referrals.test_analysis import SET

pytestmark = pytest.mark.django_db


def card(page, figure: str) -> str:
    return text_of(page, f'[data-testid="card-{figure.removesuffix("-detail")}"] '
                         f'[data-figure="{figure}"]')  # fmt: skip


def url(name: str, la, **kwargs) -> str:
    return reverse(name, kwargs={"la_code": la.code, **kwargs})


@pytest.fixture
def referrals(la):
    for row in SET:
        Referral.objects.create(la=la, **row)


def test_everyone_reads_editors_record(la, cast, client_for, referrals):
    pk = Referral.objects.filter(la=la).first().pk
    client = client_for("viewer")
    assert client.get(url("referrals:index", la)).status_code == 200
    assert client.get(url("referrals:list", la)).status_code == 200
    for name, kwargs in [
        ("referrals:new", {}),
        ("referrals:import", {}),
        ("referrals:edit", {"pk": pk}),
        ("referrals:outcome", {"pk": pk}),
    ]:
        assert client.get(url(name, la, **kwargs)).status_code == 403, name  # fmt: skip
    assert client.get(url("referrals:export", la, fmt="json")).status_code == 403
    client = client_for("editor")
    assert client.get(url("referrals:new", la)).status_code == 200
    assert client.get(url("referrals:outcome", la, pk=pk)).status_code == 200
    # Another council's referral is not found; another council's pages do not exist for us.
    client = client_for("outsider")
    assert client.get(url("referrals:index", la)).status_code == 404


def test_the_figures_page(la, client_for, referrals):
    # SET is test_analysis's hand-made year (2025-26); see its docstring for the working.
    page = client_for("viewer").get(url("referrals:index", la), {"year": 2025})
    assert card(page, "referrals") == "6"
    assert card(page, "placed") == "3"
    assert card(page, "placed-detail") == "50.0%"
    assert card(page, "unmet") == "3"
    assert card(page, "unmet-detail") == "1 with no suitable home found"
    assert card(page, "late") == "1"
    assert card(page, "unsuitable") == "1"
    assert card(page, "outside") == "1"
    assert card(page, "unregistered") == "1"
    assert card(page, "median-days") == "10"
    assert rows(page, '[data-testid="types"]')[1:] == [
        ["Fostering", "3", "2", "1", "0"],
        ["Residential care", "2", "0", "0", "2"],
        ["Supported accommodation", "1", "0", "0", "1"],
    ]
    assert text_of(page, '[data-row="siblings"] [data-figure="referrals"]') == "2"
    assert text_of(page, '[data-row="siblings"] [data-figure="median-days"]') == "20"
    assert text_of(page, '[data-row="solo"] [data-figure="median-cost"]') == "£6,000"
    assert text_of(page, '[data-testid="days"] [data-row="Foster"] [data-figure="median"]') == (
        "10"
    )
    assert text_of(page, '[data-row="Residential:many"] [data-figure="mean"]') == "£6,000"
    assert text_of(page, '[data-figure="siblings-to-place"]') == "2"
    assert text_of(page, '[data-figure="siblings-together"]') == "1"
    # The year before holds only G.
    page = client_for("viewer").get(url("referrals:index", la), {"year": 2024})
    assert card(page, "referrals") == "1"


def test_an_htmx_request_gets_the_figures_only(la, client_for, referrals):
    page = client_for("viewer").get(
        url("referrals:index", la), {"year": 2025}, HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in page.content
    assert card(page, "referrals") == "6"


def test_record_a_referral_then_its_placement(la, cast, client_for):
    Provider.objects.create(urn="SC100001", name="Oak House")
    client = client_for("editor")
    form = {
        "child_id": "CMS-1", "ssda903_child": "1001", "referral_date": "2/3/2026",
        "needed_by": "Today", "sibling_count": "0", "communication_needs": "N",
        "specific_communication_requirements": ["None"], "home_adaptation": "no",
        "cultural_needs": "Not known", "living_companions": "No preference", "pets": "Yes - can",
        "foster_care_suitability": "Preferred",
        "residential_care_suitability": "Suitable but not preferred",
        "supported_accommodation_suitability": "Unsuitable", "child_risks": ["risk_missing"],
    }  # fmt: skip
    form["cultural_needs"] = "Not Known"
    response = client.post(url("referrals:new", la), form)
    referral = Referral.objects.get(la=la)
    assert response.status_code == 302
    assert response.url == url("referrals:outcome", la, pk=referral.pk)
    assert referral.referral_date == date(2026, 3, 2)
    assert referral.risk_missing == "Risk Present"
    assert referral.risk_self_harm == "No known risk"  # not ticked: no known risk
    assert referral.referral_officer_name == "editor"  # who recorded it
    assert referral.outcome == "Not yet placed"
    assert ChildLink.objects.get(la=la, child_id="CMS-1").ssda903_child == "1001"

    outcome = {
        "outcome": "Placed", "placement_date": "6/3/2026", "placement_type": "Foster",
        "provider_urn": "SC100001", "placement_location": "wv4", "total_weekly_cost": "950",
        "preferability_location": "yes", "education_continuity": "no",
        "siblings_placed_together": "0",
    }  # fmt: skip
    response = client.post(url("referrals:outcome", la, pk=referral.pk), outcome)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == "Placed"
    assert referral.outcome_date == date(2026, 3, 6)
    assert referral.provider.name == "Oak House"
    assert referral.placement_location == "WV4"
    assert referral.placement_officer_name == "editor"
    assert referral.cost_officer_name == "editor"
    assert referral.cost_date is not None


def test_govuk_errors(la, cast, client_for, referrals):
    client = client_for("editor")
    page = client.post(url("referrals:new", la), {"child_id": ""})
    assert page.status_code == 200
    assert texts(page, ".govuk-error-summary__list a")[:3] == [
        "Enter the child's ID",
        "Enter date the referral was received",
        "Select communication, language and learning needs",
    ]
    assert "Select yes or no for does the home need adapting?" in texts(
        page, ".govuk-error-summary__list a"
    )
    pk = Referral.objects.get(la=la, child_id="E").pk
    page = client.post(url("referrals:outcome", la, pk=pk),
                       {"outcome": "Placed", "placement_location": "WV4 4QF"})  # fmt: skip
    assert texts(page, ".govuk-error-summary__list a") == [
        "Enter the date the placement started",
        "Select the placement type",
        "Enter the provider's URN, or Unregistered",
        "Enter the first part of the postcode only, for example WV4 or B15",
        "Enter the total weekly cost",
        "Select yes or no for whether the placement was in a preferred location",
        "Select yes or no for whether the child's education was disrupted",
        "Enter how many siblings were placed together, or 0",
    ]
    page = client.post(url("referrals:outcome", la, pk=pk), {"outcome": "No suitable home found"})
    assert texts(page, ".govuk-error-summary__list a") == [
        "Enter the date no suitable home was found"
    ]


def test_import_and_export_in_the_browser(la, cast, client_for):
    client = client_for("editor")
    bad = SimpleUploadedFile("bad.json", as_bytes(record(Risks__riskMissing="Often")))
    page = client.post(url("referrals:import", la), {"file": bad})
    assert page.status_code == 400
    assert texts(page, '[data-testid="import-problems"] li') == [
        'bad.json, record 1, Risks.riskMissing: "Often" is not allowed: use one of '
        '"No known risk", "Risk Present"'
    ]
    assert Referral.objects.count() == 0
    good = SimpleUploadedFile("good.json", as_bytes(VALID))
    assert client.post(url("referrals:import", la), {"file": good}).status_code == 302
    assert Referral.objects.filter(la=la).count() == 1
    response = client.get(url("referrals:export", la, fmt="json"))
    assert json.loads(response.content)[0]["PlacementAvailability"]["childId"] == 100234
    response = client.get(url("referrals:export", la, fmt="xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    events = AuditEvent.objects.filter(la=la, action__in=["import", "export"]).order_by("at")
    assert list(events.values_list("action", flat=True)) == ["import", "export", "export"]


def test_the_list_shows_unregistered_placements(la, client_for, referrals):
    page = client_for("viewer").get(url("referrals:list", la), {"child": "B"})
    assert text_of(page, '[data-figure="total"]') == "1 referral"
    assert text_of(page, '[data-referral] [data-figure="unregistered"]') == "Unregistered"
    assert text_of(page, '[data-figure="outcome"]') == "Placed"
