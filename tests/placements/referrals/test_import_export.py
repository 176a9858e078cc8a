"""Importing and exporting referrals: whole files or nothing, updates by child and referral
date, the Ofsted provider link, and round trips through both of the standard's formats."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from placements.market.models import Provider
from placements.referrals import formats, selectors, services
from placements.referrals.models import Referral
from sufficiency.audit.models import AuditEvent
from tests.placements.referrals.records import VALID, as_bytes, record
from tests.placements.referrals.test_formats import TEMPLATE, template_bytes, template_row

pytestmark = pytest.mark.django_db


def test_import_creates_then_updates_and_links_the_provider(la):
    oak = Provider.objects.create(urn="SC999999", name="Oak House")
    result = services.import_file(la=la, name="r.json", data=as_bytes(VALID))
    assert (result.created, result.updated, result.rejected) == (1, 0, 0)
    referral = Referral.objects.get(la=la)
    assert referral.provider == oak
    # The same child and referral date again is the same record, changed.
    changed = record(ActualPlacement__totalWeeklyCost=1500)
    result = services.import_file(la=la, name="r.json", data=as_bytes(changed))
    assert (result.created, result.updated) == (0, 1)
    referral.refresh_from_db()
    assert referral.total_weekly_cost == 1500
    assert referral.history.count() == 2  # who changed what and when
    # The same file again changes nothing and writes no history.
    result = services.import_file(la=la, name="r.json", data=as_bytes(changed))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert referral.history.count() == 2


def test_unregistered_is_recorded_in_the_urn_field(la):
    data = as_bytes(record(ActualPlacement__providerURN="unregistered"))
    services.import_file(la=la, name="r.json", data=data)
    referral = Referral.objects.get(la=la)
    assert referral.provider_urn == "Unregistered"
    assert referral.unregistered
    assert referral.provider is None


def test_a_broken_file_changes_nothing(la):
    services.import_file(la=la, name="r.json", data=as_bytes(VALID))
    before = list(Referral.objects.values_list("child_id", "total_weekly_cost"))
    good = record(ActualPlacement__totalWeeklyCost=9999)
    bad = record(PlacementAvailability__childId=7, Risks__riskMissing="Sometimes")
    result = services.import_file(la=la, name="r.json", data=as_bytes(good, bad))
    assert result.refused
    assert (result.created, result.updated, result.rejected) == (0, 0, 2)
    assert [str(p) for p in result.problems] == [
        'r.json, record 2, Risks.riskMissing: "Sometimes" is not allowed: use one of '
        '"No known risk", "Risk Present"'
    ]
    assert list(Referral.objects.values_list("child_id", "total_weekly_cost")) == before


def test_the_same_referral_twice_in_a_file_is_refused(la):
    result = services.import_file(la=la, name="r.json", data=as_bytes(VALID, VALID))
    assert [str(p) for p in result.problems] == [
        "r.json, record 2: child 100234 has a referral on 2025-09-01 already in record 1: one "
        "record per child per referral date"
    ]
    assert Referral.objects.count() == 0


def _records(la) -> list[dict]:
    return selectors.export_records(la)


def test_json_round_trip(la, other_la):
    not_placed = record(PlacementAvailability__childId="CMS-77")
    del not_placed["ActualPlacement"]
    for name in ("placementOfficerName", "placementDate", "costDate"):
        del not_placed["QualityAssurance"][name]
    not_placed["Outcome"] = {"status": "No suitable home found", "date": "2025-10-01"}
    services.import_file(la=la, name="r.json", data=as_bytes(VALID, not_placed))
    exported = formats.write_json(_records(la))
    assert json.loads(exported)[0]["PlacementAvailability"]["childId"] == 100234  # v2: Integer
    result = services.import_file(la=other_la, name="out.json", data=exported)
    assert (result.created, result.rejected) == (2, 0)
    assert _records(other_la) == _records(la)
    assert formats.write_json(_records(other_la)) == exported


def test_template_round_trip(la, other_la):
    rows = [
        template_row(),
        template_row(child_ID="ABC2", risk_to_others_other="-ve reaction to dogs",
                     cost_total_weekly=5200.5, placement_location="WV4", provider_URN="SC1",
                     preferrability_of_placement_location="No", education_continuity="Yes",
                     how_many_siblings_were_placed_together=0, placement_type="Residential ",
                     name_of_officer_placement="B", date_entry_placement="2026-01-20",
                     date_entry_placement_cost="2026-01-21"),
    ]  # fmt: skip
    services.import_file(la=la, name="q3.xlsx", data=template_bytes(rows))
    assert Referral.objects.filter(la=la).count() == 2
    exported = formats.write_template(_records(la))
    result = services.import_file(la=other_la, name="export.xlsx", data=exported)
    assert (result.created, result.rejected) == (2, 0), result.problems
    assert _records(other_la) == _records(la)
    # A formula-like text travels made inert and reads back as written.
    assert Referral.objects.get(la=other_la, child_id="ABC2").risk_to_others_other == (
        "-ve reaction to dogs"
    )


def test_commands(la, tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_bytes(as_bytes(VALID))
    bad = tmp_path / "bad.json"
    bad.write_bytes(as_bytes(record(Risks__riskSelfHarm=None)))
    with pytest.raises(CommandError, match="Refused \\(nothing imported from it\\): bad.json"):
        call_command("import_referrals", "--la", la.code, str(good), str(bad))
    out = capsys.readouterr()
    assert out.out.strip() == "created 1, updated 0, rejected 1"
    assert "bad.json, record 1, Risks.riskSelfHarm: Risk to child: self-harm is required" in (
        out.err
    )
    call_command("import_referrals", "--la", la.code, str(TEMPLATE))
    assert capsys.readouterr().out.strip() == "created 1, updated 0, rejected 0"
    assert Referral.objects.filter(la=la).count() == 2

    out_path = tmp_path / "out.xlsx"
    call_command("export_referrals", "--la", la.code, "--format", "xlsx", "--out", str(out_path))
    assert formats.read("out.xlsx", out_path.read_bytes()).rows == [2, 3]
    call_command("export_referrals", "--la", la.code, "--format", "json", "--out",
                 str(tmp_path / "out.json"))  # fmt: skip
    assert [r["QualityAssurance"]["referralDate"]
            for r in json.loads((tmp_path / "out.json").read_text())] == [
        "2024-02-12", "2025-09-01"]  # fmt: skip
    assert list(AuditEvent.objects.filter(la=la).values_list("action", flat=True).order_by("at")
                ) == ["import", "import", "export", "export"]  # fmt: skip


def test_a_referral_date_is_a_date(la):
    services.import_file(la=la, name="r.json", data=as_bytes(VALID))
    assert Referral.objects.get(la=la).referral_date == date(2025, 9, 1)
