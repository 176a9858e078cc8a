"""create_council fills a council from the DfE and ONS files shipped in fixtures/dfe/."""

import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from reports.models import Benchmark
from sufficiency.accounts.models import Invitation
from sufficiency.audit.models import AuditEvent
from sufficiency.councils import LocalAuthority, User
from sufficiency.roles import Role


@pytest.fixture
def created(db):
    out = io.StringIO()
    call_command(
        "create_council",
        "--code",
        "E08000031",
        "--admin-email",
        "Lead@Wolverhampton.gov.uk",
        "--site-url",
        "https://sufficiency.example.gov.uk",
        stdout=out,
    )
    return out.getvalue()


def test_name_number_and_region_come_from_dfe_tables(created):
    la = LocalAuthority.objects.get(code="E08000031")
    # cla_number_and_rate_per_10k_children.csv: "336,Wolverhampton,E08000031" in E12000005.
    assert la.name == "Wolverhampton"
    assert la.old_la_code == "336"
    assert la.region_code == "E12000005"
    assert la.region_name == "West Midlands"
    assert "Created Wolverhampton (E08000031), DfE number 336, region West Midlands" in created


def test_population_comes_from_ons_estimates(created):
    la = LocalAuthority.objects.get(code="E08000031")
    populations = dict(la.populations.values_list("year", "children"))
    # ONS mid-2012 to mid-2024 estimates serve collection years 2013 to 2025; mid-2024 gave
    # 68,405 children aged 0 to 17 in Wolverhampton.
    assert sorted(populations) == list(range(2013, 2026))
    assert populations[2025] == 68405
    assert "13 years (2013 to 2025), 68,405 children in 2025" in created


def test_statistical_neighbours_come_from_dfe_groupings(created):
    # New_Statistical_Neighbour_Groupings_April_2021.csv, LA 336: SN1 333 (Sandwell),
    # SN2 892 (Nottingham), SN3 335 (Walsall).
    line = next(line for line in created.splitlines() if line.startswith("Statistical"))
    names = line.removeprefix("Statistical neighbours: ").split(", ")
    assert names[:3] == ["Sandwell", "Nottingham", "Walsall"]
    assert len(names) == 10


def test_benchmarks_are_loaded_for_the_council(created):
    figure = Benchmark.objects.get(measure="cla", year=2025, area_code="E08000031")
    rate = Benchmark.objects.get(measure="rate_per_10k", year=2025, area_code="E08000031")
    assert (figure.value, rate.value) == (501, 73)
    count = Benchmark.objects.filter(area_code="E08000031").count()
    assert f"Published benchmarks: {count:,} figures for this council" in created


def test_first_admin_gets_a_one_time_link_by_email(created):
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("lead@wolverhampton.gov.uk", Role.ADMIN)
    [email] = mail.outbox
    assert email.to == ["lead@wolverhampton.gov.uk"]
    link = re.search(r"https://sufficiency\.example\.gov\.uk/accounts/invitation/\S+/", email.body)
    assert link is not None
    assert link.group(0) in created
    assert AuditEvent.objects.filter(action="council_created", la_code="E08000031").count() == 1


def test_an_unknown_code_is_refused(db):
    with pytest.raises(CommandError, match="E99999999 is not a council"):
        call_command("create_council", "--code", "E99999999", stdout=io.StringIO())
    assert not LocalAuthority.objects.filter(code="E99999999").exists()


def test_a_new_council_gets_a_guided_first_page(created, client):
    from tests.conftest import make_user, sign_in

    la = LocalAuthority.objects.get(code="E08000031")
    html = sign_in(client, make_user("lead", la, Role.ADMIN)).get(f"/{la.code}/").content.decode()
    items = re.findall(r'<li class="govuk-task-list__item.*?</li>', html, re.S)
    todo = {
        re.search(r'govuk-task-list__link"[^>]*>([^<]+)</a>', item).group(1)
        for item in items
        if "To do" in item
    }
    assert {"SSDA903 returns", "Providers, contracts and costs", "Strategy and action plan"} <= todo
    guide = re.search(r'data-testid="get-started">(.*?)</div>', html, re.S).group(1)
    steps = re.findall(r'<a class="govuk-link"\s+href="([^"]+)">([^<]+)</a>', guide)
    assert steps == [
        (f"/{la.code}/data/", "Load your SSDA903 returns"),
        (f"/{la.code}/market/providers/import/", "Import Ofsted's social care providers list"),
        (f"/{la.code}/actions/", "Set up your sufficiency strategy"),
    ]


def test_staff_create_a_council_in_django_admin(client, db):
    from django.urls import reverse

    from tests.conftest import give_totp, sign_in

    staff = User.objects.create_superuser(username="staff", password="a long staff password")
    give_totp(staff)
    sign_in(client, staff)
    page = reverse("admin:accounts_create_council")
    assert client.get(reverse("admin:sufficiency_localauthority_changelist")).status_code == 200
    response = client.post(page, {"code": "E08000031", "name": "", "admin_email": ""}, follow=True)
    la = LocalAuthority.objects.get(code="E08000031")
    assert (la.name, la.region_name) == ("Wolverhampton", "West Midlands")
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0] == "Created Wolverhampton (E08000031), DfE number 336, region West Midlands"
    assert any(m.startswith("Statistical neighbours: Sandwell, Nottingham") for m in shown)
