"""The demo referrals: valid to the standard, linked to the demo cohort and providers, and never
loaded over a council's own referrals."""

import pytest

from demo import referrals as demo
from placements.cohort.services import create_return, import_return
from placements.market.models import Provider
from placements.referrals import formats, selectors, services
from placements.referrals.models import Referral
from tests.placements.market.test_pages import EPISODES, HEADER
from tests.placements.referrals.records import VALID, as_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(la):
    # Children 1 and 2 start in children's homes SC100001 and SC100010; child 3 in kinship care
    # (no referral: the standard records commissioned placements).
    import_return(create_return(la=la, year=2025, uploads=[HEADER, EPISODES], user=None))
    Provider.objects.create(urn="SC100001", name="Oak House")


def test_demo_referrals_are_valid_linked_and_idempotent(la, cohort):
    demo.load_demo(la=la)
    referrals = Referral.objects.filter(la=la)
    placed = referrals.filter(outcome="Placed")
    # Every placed referral is one of the cohort's residential placements, by its URN.
    assert set(placed.values_list("provider_urn", flat=True)) <= {"SC100001", "SC100010",
                                                                   "Unregistered"}  # fmt: skip
    for item in placed:
        assert selectors.ssda903_child(la, item.child_id) in {"1", "2"}
        assert item.placement_type == "Residential"
    assert all(p.provider.name == "Oak House" for p in placed.filter(provider_urn="SC100001"))
    # Eight referrals still open at the latest episode's start.
    assert referrals.filter(outcome="Not yet placed").count() == 8
    # Each one reads back from the standard's JSON without a problem.
    exported = formats.write_json(selectors.export_records(la))
    assert formats.read("demo.json", exported).problems == []
    count = referrals.count()
    demo.load_demo(la=la)
    assert Referral.objects.filter(la=la).count() == count


def test_the_demo_leaves_a_councils_own_referrals_alone(la, cohort):
    services.import_file(la=la, name="ours.json", data=as_bytes(VALID))
    demo.load_demo(la=la)
    assert list(Referral.objects.filter(la=la).values_list("source", flat=True)) == ["ours.json"]
