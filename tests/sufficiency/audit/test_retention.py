"""Deleting the whole cohort with a typed confirmation; the retention period enforced."""

import io
import os
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.cohort.models import Return, ReturnFile, ReturnTable
from placements.cohort.retention import _delete
from placements.cohort.services import create_return, import_return
from sufficiency.audit.models import AuditEvent
from sufficiency.calendar import collection_year
from tests.reports.conftest import YEAR_2024, YEAR_2025


@pytest.fixture
def two_years(la):
    return [
        import_return(create_return(la=la, year=year, uploads=files, user=None))
        for year, files in ((2024, YEAR_2024), (2025, YEAR_2025))
    ]


def test_the_whole_cohort_goes_after_typing_the_council_code(client_for, la, two_years):
    page = reverse("data:delete", kwargs={"la_code": la.code})
    client = client_for("admin")
    refused = client.post(page, {"confirm": "DELETE"})
    assert refused.status_code == 200
    assert Return.objects.filter(la=la).count() == 2
    assert ReturnTable.objects.filter(return_obj__la=la).exists()
    paths = [f.file.path for f in ReturnFile.objects.all()]
    client.post(page, {"confirm": la.code})
    assert not Return.objects.filter(la=la).exists()
    assert not ReturnTable.objects.exists()
    assert not any(os.path.exists(p) for p in paths)
    [event] = AuditEvent.objects.filter(action="delete")
    assert event.what == "Deleted the whole cohort: 2 imports of SSDA903 returns"


@pytest.mark.parametrize("role", ["viewer", "editor", "analyst"])
def test_only_an_admin_deletes(client_for, la, two_years, role):
    page = reverse("data:delete", kwargs={"la_code": la.code})
    assert client_for(role).post(page, {"confirm": la.code}).status_code == 403
    assert Return.objects.filter(la=la).count() == 2


def test_another_council_cannot_delete(client_for, la, two_years):
    page = reverse("data:return_delete", kwargs={"la_code": la.code, "pk": two_years[0].pk})
    assert client_for("outsider").post(page, {"confirm": "DELETE"}).status_code == 404


def test_collection_years_end_on_31_march():
    assert collection_year(date(2025, 3, 31)) == 2025
    assert collection_year(date(2025, 4, 1)) == 2026


def test_retention_keeps_the_last_years_and_deletes_the_rest(la, two_years, settings):
    # On 1 June 2026 the collection year is 2026-27: keeping 3 years keeps 2024-25, 2025-26 and
    # 2026-27, so the 2023-24 return goes and the 2024-25 one stays.
    settings.SUFFICIENCY_RETENTION_YEARS = 3
    with time_machine.travel(date(2026, 6, 1)):
        out = io.StringIO()
        call_command("enforce_retention", stdout=out)
    assert list(Return.objects.filter(la=la).values_list("year", flat=True)) == [2025]
    assert f"{la.name} ({la.code}): Deleted 2023-24" in out.getvalue()
    [event] = AuditEvent.objects.filter(action="delete", la=la)
    assert "keeping 3 years" in event.what


def test_a_dry_run_deletes_nothing(la, two_years):
    with time_machine.travel(date(2026, 6, 1)):
        out = io.StringIO()
        call_command("enforce_retention", "--years", "1", "--dry-run", stdout=out)
    assert Return.objects.filter(la=la).count() == 2
    assert "Would delete 2023-24, 2024-25" in out.getvalue()


def test_deleting_returns_never_reads_their_saved_tables(la, two_years):
    """A national return's tables are megabytes: they go in one statement with their returns,
    not read into memory first."""
    with CaptureQueriesContext(connection) as queries:
        assert _delete(Return.objects.filter(la=la)) == 2
    sql = [q["sql"] for q in queries.captured_queries]
    touching = [s for s in sql if "placements_returntable" in s]
    assert touching and all(s.lstrip().upper().startswith("DELETE") for s in touching)
    assert not ReturnTable.objects.exists()
