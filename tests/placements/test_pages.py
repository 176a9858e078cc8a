"""The Data page (upload, progress, summary, CSV) and the Children in care page."""

import csv

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placements.cohort.models import Return
from placements.cohort.services import create_return, import_return
from sufficiency.councils import Population
from tests.html import attr, element, summary, text_of
from tests.placements.returns import episodes, header, uasc

HEADER = header(
    "1,M,01/06/2010,WBRI,,,",
    "2,F,15/01/2008,BAFR,,,",
    "3,M,09/09/2007,AIND,,,",
)
EPISODES = episodes(
    "1,01/05/2023,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "2,01/06/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,1234567",
    "3,01/07/2024,S,V2,N1,U4,PR4,,,,WV1 1AA,B1 1AA,",
    "3,01/07/2024,Z,C2,N1,U4,PR4,bad,,,WV1 1AA,B1 1AA,",
)


def upload(name_and_bytes):
    name, data = name_and_bytes
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_analyst_uploads_a_return_and_sees_the_summary(client_for, la):
    client = client_for("analyst")
    response = client.post(
        reverse("data:index", kwargs={"la_code": la.code}),
        {"year": 2025, "files": [upload(HEADER), upload(EPISODES)]},
    )
    return_obj = Return.objects.get(la=la)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "data:return", kwargs={"la_code": la.code, "pk": return_obj.pk}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Imported" in page
    # 3 header rows and 4 episode rows read; the last episode's DEC is not a date.
    figures = summary(page, "[data-testid=return-summary]")
    assert (figures["Rows read"], figures["Imported"], figures["Rejected"]) == ("7", "6", "1")
    assert "episodes.csv" in page and "not a valid date" in page

    download = client.get(
        reverse("data:return_problems", kwargs={"la_code": la.code, "pk": return_obj.pk})
    )
    assert download["Content-Type"].startswith("text/csv")
    table = list(csv.reader(download.content.decode().splitlines()))
    # The return's summary, a blank line, then each problem: row 5 of episodes.csv (the header
    # is row 1) is the fourth episode, whose DEC is "bad".
    assert table == [
        ["council", "year", "status", "rows read", "imported", "rejected", "warnings"],
        [la.code, "2024-25", "imported", "7", "6", "1", "0"],
        [],
        ["severity", "file", "row", "column", "value", "reason"],
        ["error", "episodes.csv", "5", "DEC", "bad",
         "not a valid date (expected DD/MM/YYYY or YYYY-MM-DD)"],
    ]  # fmt: skip


def test_progress_fragment_polls_until_done(client_for, la):
    return_obj = create_return(la=la, year=2025, uploads=[HEADER, EPISODES], user=None)
    url = reverse("data:return", kwargs={"la_code": la.code, "pk": return_obj.pk})
    waiting = client_for("viewer").get(url, headers={"HX-Request": "true"}).content.decode()
    assert attr(waiting, "#import-status", "hx-trigger") == "every 1s"
    assert element(waiting, "#import-status progress") is not None
    assert "<html" not in waiting  # only the fragment
    import_return(return_obj)
    done = client_for("viewer").get(url, headers={"HX-Request": "true"}).content.decode()
    assert element(done, "#import-status").get("hx-trigger") is None  # polling stops
    assert summary(done, "[data-testid=return-summary]")["Rows read"] == "7"


def test_missing_files_show_a_govuk_error(client_for, la):
    response = client_for("analyst").post(
        reverse("data:index", kwargs={"la_code": la.code}), {"year": 2025}
    )
    html = response.content.decode()
    assert "<title>Error: " in html and "govuk-error-summary" in html
    assert "Select the return&#x27;s files" in html
    assert not Return.objects.exists()


@pytest.mark.parametrize(
    "role,status", [("viewer", 403), ("editor", 403), ("analyst", 302), ("admin", 302)]
)
def test_only_analysts_and_admins_upload(client_for, la, role, status):
    response = client_for(role).post(
        reverse("data:index", kwargs={"la_code": la.code}),
        {"year": 2025, "files": [upload(HEADER)]},
    )
    assert response.status_code == status


@pytest.mark.parametrize("name", ["data:return", "data:return_problems"])
def test_another_councils_import_is_404(client_for, la, other_la, name):
    theirs = create_return(la=other_la, year=2025, uploads=[HEADER], user=None)
    response = client_for("admin").get(reverse(name, kwargs={"la_code": la.code, "pk": theirs.pk}))
    assert response.status_code == 404
    response = client_for("admin").get(
        reverse(name, kwargs={"la_code": other_la.code, "pk": theirs.pk})
    )
    assert response.status_code == 404


def test_rerun_imports_the_kept_files_again(client_for, la):
    first = import_return(create_return(la=la, year=2025, uploads=[HEADER, EPISODES], user=None))
    response = client_for("analyst").post(
        reverse("data:return_rerun", kwargs={"la_code": la.code, "pk": first.pk})
    )
    second = Return.objects.exclude(pk=first.pk).get()
    # The run again would replace the year, so it waits at its preview with nothing changed.
    assert response.status_code == 302 and second.status == Return.Status.PREVIEW
    first.refresh_from_db()
    assert first.status == Return.Status.IMPORTED
    page = client_for("analyst").get(response.url)
    assert page.context["preview_rows"]
    client_for("analyst").post(
        reverse("data:return_accept", kwargs={"la_code": la.code, "pk": second.pk})
    )
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == Return.Status.IMPORTED
    assert first.status == Return.Status.REPLACED


def test_population_can_be_filled_and_edited(client_for, db):
    from sufficiency.councils import LocalAuthority, Membership

    wolves = LocalAuthority.objects.create(name="Wolverhampton", code="E08000031")
    user = client_for("analyst")
    Membership.objects.create(user_id=user.session["_auth_user_id"], la=wolves, role="analyst")
    url = reverse("data:population", kwargs={"la_code": wolves.code})
    user.post(url, {"fill": "1"})
    assert Population.objects.get(la=wolves, year=2025).children == 68405
    user.post(url, {"population-year": 2026, "population-children": 70000})
    assert Population.objects.get(la=wolves, year=2026).children == 70000


def test_filling_from_ons_reports_when_nothing_was_recorded(client_for, la):
    # The test council's code (see conftest) has no ONS estimate in fixtures/: 0 years.
    response = client_for("analyst").post(
        reverse("data:population", kwargs={"la_code": la.code}), {"fill": "1"}, follow=True
    )
    shown = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert not Population.objects.filter(la=la).exists()
    assert shown and shown[0][0] == "error" and "nothing was recorded" in shown[0][1]


def test_data_page_has_one_element_per_id(client_for, la):
    import re

    html = (
        client_for("analyst")
        .get(reverse("data:index", kwargs={"la_code": la.code}))
        .content.decode()
    )
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'for="id_population-year"' in html


@pytest.fixture
def loaded(la):
    import_return(
        create_return(
            la=la, year=2025, uploads=[HEADER, EPISODES, uasc("3,M,09/09/2007,")], user=None
        )
    )
    Population.objects.create(la=la, year=2025, children=30000)
    return la


def test_children_page_shows_the_figures_without_personal_data(client_for, loaded):
    html = (
        client_for("viewer")
        .get(reverse("children:index", kwargs={"la_code": loaded.code}))
        .content.decode()
    )
    assert text_of(html, "#cohort > h2:first-of-type") == "On 31 March 2025"
    # 3 children in care; 3 / 30,000 x 10,000 = 1.0 per 10,000 children.
    assert text_of(html, "[data-testid=card-cla] .app-figure") == "3"
    assert text_of(html, "[data-testid=card-rate_per_10k] .app-figure") == "1.0"
    assert html.count("How is this calculated?") >= 10
    # England's published count at 31 March 2025 (DfE, children looked after 2024-25).
    assert text_of(html, "[data-testid=card-cla] .app-secondary-text") == "England 2024-25: 81,770"
    for private in ["2010-06-01", "01/06/2010", "1 June 2010", "WV1 1AA", "LS1 1AA", "B1 1AA"]:
        assert private not in html
    assert 'type="application/json"' in html  # the charts' figures


def test_children_page_filters_through_htmx(client_for, loaded):
    url = reverse("children:index", kwargs={"la_code": loaded.code})
    html = (
        client_for("viewer")
        .get(url, {"date": "2025-03-31", "uasc": "uasc"}, headers={"HX-Request": "true"})
        .content.decode()
    )
    assert html.lstrip().startswith('<div id="cohort"')
    assert text_of(html, "[data-testid=card-cla] .app-figure") == "1"  # only child 3 is UASC
    html = client_for("viewer").get(url, {"date": "2025-03-31", "age": "16_plus"}).content.decode()
    # Children 2 (born 15/01/2008) and 3 (born 09/09/2007) are both 17 on 31 March 2025; child 1
    # is 14. (The old regex on the whole page read "1" from a later card and passed.)
    assert text_of(html, "[data-testid=card-cla] .app-figure") == "2"
    assert "<html" in html


def test_children_page_without_data_says_what_to_do(client_for, la):
    html = (
        client_for("analyst")
        .get(reverse("children:index", kwargs={"la_code": la.code}))
        .content.decode()
    )
    assert "No SSDA903 return has been imported" in html
    assert reverse("data:index", kwargs={"la_code": la.code}) in html
