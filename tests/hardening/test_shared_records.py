"""National provider records, council views (issue 15, findings 4 and 5).

Ofsted's list is national; who imported it, with what problems, and who changed a record are the
importing council's. A council's demo never rewrites a provider that is already recorded.
"""

import io
from datetime import date

import pytest
from django.urls import reverse

from demo.market import load_demo
from placements.market.models import Provider
from placements.market.services import import_providers
from sufficiency.councils import LocalAuthority
from tests.conftest import make_user, sign_in

OAK = (
    "URN,Provider type,Sector,Registration status,Setting name,Places,"
    "Organisation which owns the provider,Local authority,Region,Setting address postcode\n"
    "SC100001,Children's home,Private,Active,{name},4,Horizon Care Group Ltd,Wolverhampton,"
    "West Midlands,WV4 4QF\n"
)


def url(name: str, la, **kwargs) -> str:
    return reverse(name, kwargs={"la_code": la.code, **kwargs})


@pytest.fixture
def imports(la, other_la, cast):
    """Our analyst imported the list; then the other council's admin imported a changed one."""
    ours = import_providers(name="ours.csv", data=OAK.format(name="Oak House").encode(),
                            user=cast["analyst"], la=la)  # fmt: skip
    theirs = import_providers(name="their-secret-list.csv",
                              data=OAK.format(name="Oak House Renamed").encode(),
                              user=cast["outsider"], la=other_la)  # fmt: skip
    return {"ours": ours, "theirs": theirs}


def test_import_history_lists_only_our_imports(client_for, la, imports):
    response = client_for("viewer").get(url("market:import", la))
    assert response.status_code == 200
    listed = [i.pk for i in response.context["imports"]]
    assert listed == [imports["ours"].pk]
    assert b"their-secret-list.csv" not in response.content
    assert b"outsider" not in response.content


def test_another_councils_import_is_404(client_for, la, imports):
    client = client_for("viewer")
    theirs = client.get(url("market:import", la) + f"?shown={imports['theirs'].pk}")
    assert theirs.status_code == 404
    ours = client.get(url("market:import", la) + f"?shown={imports['ours'].pk}")
    assert ours.status_code == 200
    assert ours.context["shown"] == imports["ours"]


def test_provider_history_names_only_our_people(client_for, la, imports):
    response = client_for("viewer").get(url("market:provider", la, urn="SC100001"))
    who = [entry.who for entry in response.context["history"]]
    # Our analyst's import is named; the other council's change shows no username.
    assert "analyst" in who
    assert "outsider" not in who
    assert "Ofsted list update" in who
    assert b"outsider" not in response.content


def test_another_councils_demo_never_rewrites_a_national_record(db, la):
    # The demo places providers on a real council's postcodes: Walsall's here.
    other_la = LocalAuthority.objects.create(name="Council B Secret", code="E08000030")
    # SC990001 is a URN the demo market uses for a local children's home; here it is already
    # recorded (by our council's own import of the Ofsted list).
    recorded = Provider.objects.create(
        urn="SC990001",
        name="Cedar Lodge",
        provider_type="childrens_home",
        local_authority=la.name,
        owner="Cedar Care Ltd",
        postcode="WV1 1LY",
        council_code=la.code,
        registration_date=date(2012, 5, 1),
    )
    before = {f.name: getattr(recorded, f.name) for f in Provider._meta.concrete_fields}
    load_demo(la=other_la, stdout=io.StringIO())
    recorded.refresh_from_db()
    after = {f.name: getattr(recorded, f.name) for f in Provider._meta.concrete_fields}
    assert after == before
    assert other_la.name not in str(after.values())


def test_a_councils_own_record_of_a_provider_is_its_own(client_for, la, other_la, cast, imports):
    oak = Provider.objects.get(urn="SC100001")
    national = {f.name: getattr(oak, f.name) for f in Provider._meta.concrete_fields}
    # The other council's editor records a local name, an area and notes for Oak House.
    from django.test import Client

    theirs = Client()
    editor_b = make_user("editor_b", other_la, "editor")
    sign_in(theirs, editor_b)
    response = theirs.post(
        url("market:provider_local", other_la, urn="SC100001"),
        {"local_name": "Council B Secret", "area": "Council B Secret", "notes": "B only"},
    )
    assert response.status_code == 302
    # Ofsted's national fields are untouched.
    oak.refresh_from_db()
    after = {f.name: getattr(oak, f.name) for f in Provider._meta.concrete_fields}
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in national.items() if k != "updated_at"
    }
    # Our page shows none of it: no record of ours, and no trace in the page or its history.
    page = client_for("viewer").get(url("market:provider", la, urn="SC100001"))
    assert page.context["local"] is None
    assert b"Council B Secret" not in page.content
    assert b"editor_b" not in page.content
    # Our editor's record is ours alone.
    client_for("editor").post(
        url("market:provider_local", la, urn="SC100001"),
        {"local_name": "Oak", "area": "North locality", "notes": ""},
    )
    page = client_for("viewer").get(url("market:provider", la, urn="SC100001"))
    area = page.content.decode().split('id="our-area">')[1].split("</dd>")[0]
    assert area == "North locality"
