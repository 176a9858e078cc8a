"""The quarterly board report's referrals section on hand-made referrals.

Quarter ending 30 June 2025:

    child  referred  needed by   preferred    outcome at 30 June                     needs
    A      1 May     Today       Foster       placed in foster care 1 May (0 days)   none
    B      1 Jun     <5 days     Foster       placed residential 11 Jun (10 days):   solo
                                 (residential   late, unsuitable, outside the
                                  Unsuitable)   preferred location, unregistered
    D      1 Jun     Today       Residential  no suitable home found 20 Jun          DoL
    E      15 Jun    <5 days     Supported    not yet placed                         siblings
    F      20 Jun    Today       Residential  placed 5 Jul: after the quarter end    none
    G      1 Mar     (before the quarter: not counted)
"""

from datetime import date

import pytest
from django.template.loader import render_to_string

from placements.cohort.types_of_home import CHAPTERS
from placements.referrals.models import Referral
from placements.referrals.selectors import referral_summary
from reports.chapters import unmet_sentence
from reports.referrals_section import quarter_referrals
from tests.html import element, text_of
from tests.placements.referrals.test_analysis import placed, referral

SET = [
    referral(child_id="A", referral_date=date(2025, 5, 1), needed_by="Today",
             foster_care_suitability="Preferred", **placed("Foster", date(2025, 5, 1), 900)),
    referral(child_id="B", referral_date=date(2025, 6, 1), needed_by="in less than 5 days",
             foster_care_suitability="Preferred", residential_care_suitability="Unsuitable",
             living_companions="Solo placement recommended",
             **{**placed("Residential", date(2025, 6, 11), 6000),
                "preferability_location": False, "provider_urn": "Unregistered"}),
    referral(child_id="D", referral_date=date(2025, 6, 1), needed_by="Today",
             residential_care_suitability="Preferred", deprivation_of_liberty=True,
             outcome="No suitable home found", outcome_date=date(2025, 6, 20)),
    referral(child_id="E", referral_date=date(2025, 6, 15), needed_by="in less than 5 days",
             supported_accommodation_suitability="Preferred", sibling_count=1),
    referral(child_id="F", referral_date=date(2025, 6, 20), needed_by="Today",
             residential_care_suitability="Preferred",
             **placed("Residential", date(2025, 7, 5), 5000)),
    referral(child_id="G", referral_date=date(2025, 3, 1), needed_by="Today",
             foster_care_suitability="Preferred", **placed("Foster", date(2025, 3, 2), 900)),
]  # fmt: skip


@pytest.fixture
def referrals(la):
    for row in SET:
        Referral.objects.create(la=la, **row)


def test_the_quarters_referrals(la, referrals):
    section = quarter_referrals(la, date(2025, 6, 30))
    html = render_to_string("reports/print/_referrals.html", {"referrals": section})
    figures = {
        "referrals": "5",
        "placed": "2 (40.0%)",  # A and B
        "not_placed": "3 (60.0%)",  # D, E, and F (placed only after the quarter end)
        "no_suitable_home": "1",  # D
        "median_days": "5",  # A 0 days, B 10 days
        "late": "1",  # B: needed within 5 days (from day 4 late), placed on day 10
        "unsuitable": "1",  # B: residential was marked unsuitable
        "outside_preferred": "1",  # B
        "unregistered": "1",  # B
    }
    for key, expected in figures.items():
        assert text_of(html, f"[data-figure={key}]") == expected, key
    assert text_of(html, "[data-figure=referrals-lead]") == (
        "5 referrals for a home came in during the quarter; 2 found one by 30 June 2025 and 3 "
        "had not."
    )
    # Needs: asked for, and of them with no home at the end.
    assert text_of(html, "[data-need=solo] [data-figure=asked]") == "1"
    assert text_of(html, "[data-need=solo] [data-figure=unmet]") == "0"  # B was placed
    assert text_of(html, "[data-need=dol] [data-figure=unmet]") == "1"  # D
    assert text_of(html, "[data-need=siblings] [data-figure=unmet]") == "1"  # E


def test_a_quarter_without_referrals(la, referrals):
    section = quarter_referrals(la, date(2024, 12, 31))
    html = render_to_string("reports/print/_referrals.html", {"referrals": section})
    assert text_of(html, "[data-figure=referrals-lead]") == (
        "No referral for a home was recorded in the quarter to 31 December 2024."
    )
    assert 'data-figure="placed"' not in html


def test_the_fostering_chapter_says_which_needs_went_unmet(la, referrals):
    summary = referral_summary(la=la, start=date(2024, 7, 1), end=date(2025, 6, 30))
    fostering, homes, supported = CHAPTERS[0], CHAPTERS[1], CHAPTERS[2]
    # Foster first: G (2 Mar, 1 day), A (0 days) placed in foster care; B placed residential.
    # Days to a foster home: G 1 day, A 0 days; the median of 0 and 1 is 0.5.
    assert unmet_sentence(fostering, summary) == (
        "Of 3 referrals in the year that asked first for this type of home, 2 were placed in "
        "one, 1 was placed in another type of home and 0 were still without a home at 30 June "
        "2025. Homes took a median of 0.5 days to find."
    )
    # Residential first: D (no suitable home) and F (placed after the end); B's residential
    # home took 10 days.
    assert unmet_sentence(homes, summary) == (
        "Of 2 referrals in the year that asked first for this type of home, 0 were placed in "
        "one, 0 were placed in another type of home and 2 were still without a home at 30 June "
        "2025. Homes took a median of 10 days to find."
    )
    assert unmet_sentence(supported, summary).startswith(
        "Of 1 referral in the year that asked first for this type of home, 0 were placed"
    )


def test_the_quarters_referrals_on_the_web_dashboard(client_for, la, referrals):
    page = (
        client_for("viewer")
        .get(f"/{la.code}/reports/dashboard/", {"date": "2025-06-30"})
        .content.decode()
    )
    section = str(element(page, "#section-referrals"))
    # The same figures as the PDF's section (worked by hand above): A and B placed of five.
    assert text_of(section, "[data-figure=referrals]") == "5"
    assert text_of(section, "[data-figure=placed]") == "2 (40.0%)"
    assert text_of(section, "[data-need=dol] [data-figure=unmet]") == "1"
