"""The market pages: who may read and edit, scoping to the council, and what the pages show."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placements.cohort.services import create_return, import_return
from placements.market import presenters
from placements.market.analysis import TOP_OWNERS
from placements.market.models import Contract, Cost, Provider
from placements.market.services import import_providers
from tests.factories import ContractFactory, CostFactory, VacancyFactory
from tests.html import rows, text_of, texts
from tests.placements.returns import episodes, header

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "market"

HEADER = header("1,M,01/06/2010,WBRI,,,", "2,F,15/01/2008,BAFR,,,", "3,M,09/09/2007,AIND,,,")
# Child 1 with Oak House, child 2 with Willow Lodge (both Horizon Care Group), child 3 in
# kinship care (no URN).
EPISODES = episodes(
    "1,01/05/2024,S,C2,N1,K2,PR4,,,,WV1 1LY,WV4 4QF,SC100001",
    "2,01/06/2024,S,C2,N1,K2,PR4,,,,WV1 1LY,WV14 7NX,SC100010",
    "3,01/07/2024,S,C2,N1,U1,PR1,,,,WV1 1LY,WV1 1LY,",
)


def url(name: str, la, **kwargs) -> str:
    return reverse(name, kwargs={"la_code": la.code, **kwargs})


@pytest.fixture
def providers(db):
    import_providers(name="list.csv", data=(FIXTURES / "ofsted_providers_2024.csv").read_bytes())
    return {p.urn: p for p in Provider.objects.all()}


@pytest.fixture
def cohort(la):
    import_return(create_return(la=la, year=2025, uploads=[HEADER, EPISODES], user=None))


@pytest.fixture
def theirs(other_la, providers):
    """The other council's contract, cost and vacancy with Oak House."""
    oak = providers["SC100001"]
    return {
        "contract": ContractFactory(la=other_la, provider=oak, weekly_price=9999),
        "cost": CostFactory(la=other_la, provider=oak, weekly_cost=9999),
        "vacancy": VacancyFactory(la=other_la, provider=oak, places_free=9),
    }


def test_viewer_reads_every_market_page(client_for, la, providers, cohort):
    client = client_for("viewer")
    for name in ("market:index", "market:providers", "market:contracts", "market:costs",
                 "market:vacancies", "market:import"):  # fmt: skip
        assert client.get(url(name, la)).status_code == 200, name
    page = client.get(url("market:provider", la, urn="SC100001")).content.decode()
    assert "Oak House" in page and "Add a contract" not in page


@pytest.mark.parametrize("name", ["market:contract_new", "market:cost_new", "market:vacancy_new",
                                  "market:costs_import", "market:vacancies_import"])  # fmt: skip
def test_only_editors_and_admins_edit(client_for, la, name):
    assert client_for("viewer").get(url(name, la)).status_code == 403
    assert client_for("analyst").get(url(name, la)).status_code == 403
    assert client_for("editor").get(url(name, la)).status_code == 200
    assert client_for("admin").get(url(name, la)).status_code == 200


def test_viewer_cannot_import_the_ofsted_list(client_for, la):
    upload = SimpleUploadedFile("list.csv", (FIXTURES / "ofsted_providers_2024.csv").read_bytes())
    response = client_for("viewer").post(url("market:import", la), {"file": upload})
    assert response.status_code == 403
    assert not Provider.objects.exists()


def test_analyst_imports_the_list_from_the_page(client_for, la):
    client = client_for("analyst")
    upload = SimpleUploadedFile("list.csv", (FIXTURES / "ofsted_providers_2024.csv").read_bytes())
    response = client.post(url("market:import", la), {"file": upload}, follow=True)
    page = response.content.decode()
    assert texts(page, ".govuk-notification-banner__heading") == [
        "6 providers added, 0 updated, 5 rows rejected."
    ]
    # The fixture's 11 rows: 6 good providers, rows 8 to 12 rejected.
    summary = texts(page, "[data-testid=import-summary] dd")
    assert (summary[0], summary[2:]) == ("list.csv", ["6", "0", "5"])  # added, updated, rejected
    assert [row[0] for row in rows(page, "[data-testid=import-problems]")[1:]] == [
        "8", "9", "10", "11", "12"
    ]  # fmt: skip
    assert "Places “four” is not a whole number" in page
    assert Provider.objects.count() == 6


def test_import_page_rejects_other_files(client_for, la):
    upload = SimpleUploadedFile("list.pdf", b"%PDF")
    page = client_for("editor").post(url("market:import", la), {"file": upload}).content.decode()
    assert "Error: " in page and "The selected file must be a CSV or XLSX" in page


@pytest.mark.parametrize("kind", ["contract", "cost", "vacancy"])
def test_another_councils_records_are_404(client_for, la, theirs, kind):
    client = client_for("admin")
    pk = theirs[kind].pk
    for name in (f"market:{kind}_edit", f"market:{kind}_delete"):
        assert client.get(url(name, la, pk=pk)).status_code == 404
        assert client.post(url(name, la, pk=pk)).status_code == 404
    assert type(theirs[kind]).objects.filter(pk=pk).exists()


def test_provider_page_shows_only_our_records(client_for, la, theirs, cohort):
    page = client_for("viewer").get(url("market:provider", la, urn="SC100001")).content.decode()
    assert "9999" not in page  # the other council's price, cost and vacancy
    assert "No contracts recorded" in page
    # Our child there, counted by category: never a child's identifier or birth date.
    assert rows(page, "[data-testid=placed-here]")[1:] == [["Children's home", "1"]]  # child 1
    assert "01/06/2010" not in page and "2010-06-01" not in page


def test_editor_adds_changes_and_deletes_a_contract_with_history(client_for, la, cast, providers):
    client = client_for("editor")
    response = client.post(
        url("market:contract_new", la),
        {"provider_urn": "sc100001", "kind": "block", "framework": "", "lot": "",
         "category": "childrens_home", "places": "", "start": "1/4/2024", "end": "",
         "weekly_price": "5500", "notes": ""},
    )  # fmt: skip
    page = response.content.decode()
    assert "Error: " in page and "Enter how many places the block contract buys" in page
    response = client.post(
        url("market:contract_new", la),
        {"provider_urn": "SC100001", "kind": "block", "category": "childrens_home",
         "places": "3", "start": "1/4/2024", "weekly_price": "5500"},
    )  # fmt: skip
    assert response.status_code == 302
    contract = Contract.objects.get(la=la)
    assert (contract.provider.urn, contract.places, contract.start) == (
        "SC100001", 3, date(2024, 4, 1),
    )  # fmt: skip
    response = client.post(
        url("market:contract_edit", la, pk=contract.pk),
        {"provider_urn": "SC100001", "kind": "block", "category": "childrens_home",
         "places": "4", "start": "01/04/2024", "weekly_price": "5500"},
    )  # fmt: skip
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.places == 4
    assert [h.history_user for h in contract.history.all()] == [cast["editor"]] * 2
    page = client.get(url("market:provider", la, urn="SC100001")).content.decode()
    assert "Places bought" in page and "Demo" not in page
    assert rows(page, "[data-testid=provider-contracts]")[1][5] == "£5,500.00"  # weekly price
    assert page.count("editor") >= 2  # who made each change
    client.post(url("market:contract_delete", la, pk=contract.pk))
    assert not Contract.objects.filter(pk=contract.pk).exists()
    assert Contract.history.filter(id=contract.pk, history_type="-").exists()


def test_unknown_urn_is_a_form_error(client_for, la, providers):
    page = client_for("editor").post(
        url("market:cost_new", la),
        {"provider_urn": "SC000000", "category": "ifa_foster", "weekly_cost": "900",
         "start": "1/4/2024"},
    ).content.decode()  # fmt: skip
    assert "There is no provider with that URN" in page


def test_editor_imports_costs_from_the_template(client_for, la, providers):
    client = client_for("editor")
    template = client.get(url("market:costs_template", la))
    assert template["Content-Type"].startswith("text/csv")
    data = b"".join(template.streaming_content)
    response = client.post(
        url("market:costs_import", la), {"file": SimpleUploadedFile("costs.csv", data)}
    )
    assert text_of(response, "[data-testid=csv-result]") == "2 added, 0 updated, 0 rows rejected."
    assert Cost.objects.filter(la=la).count() == 2


def test_overview_shows_the_market_at_the_date(client_for, la, providers, cohort):
    oak = providers["SC100001"]
    CostFactory(la=la, provider=oak, category="childrens_home", weekly_cost=6000)
    ContractFactory(la=la, provider=oak, kind="block", places=2, category="childrens_home",
                    weekly_price=5000)  # fmt: skip
    page = client_for("viewer").get(url("market:index", la)).content.decode()
    assert text_of(page, "#figures > h2:first-of-type") == "On 31 March 2025"
    assert text_of(page, "[data-testid=card-children] .app-figure") == "3"
    # Children placed with listed providers: Oak House (Good at D) and Willow Lodge (its
    # Inadequate judgement is from November 2024): 1 of 2 = 50.0%.
    assert text_of(page, "[data-testid=card-good] .app-figure") == "50.0%"
    assert text_of(page, "[data-testid=card-good] .govuk-body-s") == "1 of 2 with a listed provider"
    # Annual spend: 6,000 x 52 = £312,000 (Willow Lodge has no cost), all of it external.
    assert text_of(page, "[data-testid=card-spend] .app-figure") == "£312,000"
    # The block at Oak House: 2 places, 1 child, 50.0% used, 1 empty at £5,000 a week:
    # 5,000 x 52 = £260,000 a year for the empty place.
    assert rows(page, "[data-testid=block-table]")[1] == [
        "Oak House", "Children's home", "2", "1", "50.0%", "1", "£260,000"
    ]  # fmt: skip
    # Both homes are owned by Horizon Care Group: 2 of 2 external placements, 100%.
    assert rows(page, "[data-testid=concentration-table]")[1] == [
        "Horizon Care Group Ltd", "2", "100.0%", "£312,000", "100.0%"
    ]  # fmt: skip
    assert text_of(page, "[data-testid=concentration-summary]") == (
        f"The {TOP_OWNERS} largest owners have 100.0% of our external placements and 100.0% of "
        "external spend."
    )
    assert "How is this calculated?" in page
    fragment = (
        client_for("viewer")
        .get(url("market:index", la) + "?date=2024-12-31", headers={"HX-Request": "true"})
        .content.decode()
    )
    assert fragment.startswith('\n<div id="figures"') or fragment.lstrip().startswith(
        '<div id="figures"'
    )
    assert "<html" not in fragment


def test_provider_list_filters_and_sorts(client_for, la, providers, cohort):
    client = client_for("viewer")
    page = client.get(url("market:providers", la), {"provider_type": "childrens_home"})
    text = page.content.decode()
    assert "Oak House" in text and "Brighter Futures" not in text
    assert presenters.DEFINITIONS["distances"] in texts(page, ".govuk-details__text")
    assert "Beechwood" not in text  # a secure children's home is its own type
    text = client.get(url("market:providers", la), {"where": "placed"}).content.decode()
    assert "Oak House" in text and "Willow Lodge" in text and "Meadow View" not in text
    text = client.get(url("market:providers", la), {"rating": "inadequate"}).content.decode()
    assert "Willow Lodge" in text and "Oak House" not in text
    fragment = client.get(
        url("market:providers", la), {"sort": "places"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in fragment
    assert fragment.index("Meadow View") < fragment.index("Oak House")  # 30 places before 4
