"""The demo's small region: the demo council and two generated neighbours, and a regional
commissioner who reads the region and no council's own pages."""

import io

from django.core.management import call_command
from django.urls import reverse

from demo import region
from demo.council import DEMO_LA_CODE
from demo.management.commands import setup_demo
from placements.cohort.models import Return
from sufficiency.councils import User
from sufficiency.regions.models import RegionMember
from sufficiency.roles import RegionalRole
from tests.conftest import sign_in


def test_the_demo_has_a_small_region_and_a_regional_commissioner(db, monkeypatch, client):
    # Only the region's loader, with small neighbours: the demo council's own data is not what
    # this test is about.
    monkeypatch.setattr(setup_demo, "DEMO_LOADERS", [region.load_demo])
    monkeypatch.setattr(region, "CHILDREN", 60)
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    members = RegionMember.objects.filter(region__code=region.REGION_CODE, shares=True)
    assert sorted(m.la.code for m in members) == sorted(
        [DEMO_LA_CODE, *[code for code, _, _ in region.NEIGHBOURS]]
    )
    # The demo council's own returns are not the region loader's to make.
    assert not Return.objects.filter(la__code=DEMO_LA_CODE).exists()
    assert Return.objects.filter(la__code="E08000030", status="imported").count() == 3
    user = User.objects.get(username=region.REGIONAL_USERNAME)
    assert user.regional_memberships.get().role == RegionalRole.REGIONAL_COMMISSIONER
    assert not user.memberships.exists()
    assert "The regional commissioner is 'regional', with the same password" in out.getvalue()
    sign_in(client, user)
    assert client.get(reverse("region:overview", args=[region.REGION_CODE])).status_code == 200
    assert client.get(reverse("overview:index", args=[DEMO_LA_CODE])).status_code == 404
