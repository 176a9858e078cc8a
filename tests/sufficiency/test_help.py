"""Help pages, the glossary (one definition, on the web and in the documents), the support
contact and the protective marking set per deployment."""

import pytest
from django.urls import reverse

from sufficiency import deployment, glossary, help
from tests.html import attr, element, text_of, texts


def test_every_area_has_a_help_page_with_the_three_sections(client, db):
    for area in help.AREAS:
        response = client.get(reverse("help:area", args=[area.slug]))
        assert response.status_code == 200
        html = response.content.decode()
        assert text_of(html, "h1") == area.title
        assert text_of(html, "[data-testid=help-shows]") == area.shows
        assert text_of(html, "[data-testid=help-data-from]") == area.data_from
        assert texts(html, "[data-testid=help-next] li") == list(area.next_steps)
    assert client.get(reverse("help:area", args=["nowhere"])).status_code == 404


def test_the_help_index_lists_every_area(client, db):
    html = client.get(reverse("help:index")).content.decode()
    assert texts(html, "[data-testid=help-areas] a") == [a.title for a in help.AREAS]


def test_the_glossary_page_shows_each_term_once(client, db):
    html = client.get(reverse("help:glossary")).content.decode()
    slugs = [t.slug for t in glossary.terms()]
    assert len(slugs) == len(set(slugs))
    for term in glossary.terms():
        assert text_of(html, f"[data-term={term.slug}]") == term.definition
    assert "unaccompanied-asylum-seeking-children" in slugs
    assert "statistical-neighbours" in slugs and "staying-put" in slugs


@pytest.mark.parametrize(
    ("name", "area"),
    [("children", "children"), ("market", "market"), ("forecast", "forecast"),
     ("actions", "actions"), ("reports", "reports"), ("data", "data"), ("overview", "overview"),
     ("referrals", "referrals")],
)  # fmt: skip
def test_each_area_page_links_to_its_help(client_for, la, name, area):
    html = client_for("viewer").get(reverse(f"{name}:index", args=[la.code])).content.decode()
    assert attr(html, "[data-testid=help-link] a", "href") == reverse("help:area", args=[area])


def test_support_contact_and_marking_come_from_settings(client, db, settings):
    settings.PROTECTIVE_MARKING = "OFFICIAL"
    settings.SUPPORT_NAME = "the Sufficiency team"
    settings.SUPPORT_EMAIL = "sufficiency@testshire.gov.uk"
    html = client.get(reverse("help:index")).content.decode()
    footer = element(html, "footer")
    assert text_of(footer, "[data-testid=protective-marking] strong") == "OFFICIAL"
    assert attr(footer, "[data-testid=support-contact] a", "href") == (
        "mailto:sufficiency@testshire.gov.uk"
    )
    assert text_of(html, "main [data-testid=support-contact]") == (
        "For help, contact the Sufficiency team at sufficiency@testshire.gov.uk."
    )


def test_the_defaults_mark_data_official_sensitive(settings):
    assert deployment.current().marking == "OFFICIAL-SENSITIVE"
    settings.SUPPORT_EMAIL = ""
    assert deployment.current().support_mailto == ""
