"""Every audited action leaves exactly one record; the council's admin reads them, filtered;
nobody edits them."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placements.cohort.models import Return
from placements.cohort.services import create_return, import_return
from reports.models import GeneratedReport
from sufficiency.audit import services as audit
from sufficiency.audit.models import AuditEvent
from sufficiency.councils import Membership
from tests.conftest import PASSWORD, totp_code
from tests.reports.conftest import YEAR_2025


def url(la, name, **kwargs):
    return reverse(name, kwargs={"la_code": la.code, **kwargs})


@pytest.fixture
def loaded(la):
    return import_return(create_return(la=la, year=2025, uploads=YEAR_2025, user=None))


def _only(action, **filters) -> AuditEvent:
    [event] = AuditEvent.objects.filter(action=action, **filters)
    return event


def test_a_sign_in_and_a_failed_one(client, cast, la):
    client.post(reverse("login"), {"login": "editor", "password": "wrong"})
    failed = _only("sign_in_failed")
    assert (failed.username, failed.la) == ("editor", la)
    client.post(reverse("login"), {"login": "editor", "password": PASSWORD})
    assert not AuditEvent.objects.filter(action="sign_in").exists()  # the code is still due
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    signed_in = _only("sign_in")
    assert (signed_in.user, signed_in.la) == (cast["editor"], la)
    assert signed_in.what == "Signed in with password and authenticator code"
    assert signed_in.ip_address == "127.0.0.1"


def test_a_wrong_authenticator_code(client, cast):
    client.post(reverse("login"), {"login": "editor", "password": PASSWORD})
    right = totp_code()
    client.post(reverse("mfa_authenticate"), {"code": f"{(int(right) + 1) % 1_000_000:06d}"})
    assert _only("sign_in_failed").user == cast["editor"]


def test_an_upload_of_a_return(client_for, cast, la):
    files = [SimpleUploadedFile(name, data) for name, data in YEAR_2025]
    client_for("analyst").post(url(la, "data:index"), {"year": 2025, "files": files})
    event = _only("import")
    assert (event.user, event.la) == (cast["analyst"], la)
    assert event.what.startswith("Loaded the 2024-25 return (4 files")


@pytest.mark.parametrize("fmt,kind", [("csv", "CSV"), ("xlsx", "XLSX")])
def test_an_export_of_a_table(client_for, cast, la, loaded, fmt, kind):
    response = client_for("viewer").get(
        url(la, "reports:table", table_id="mix-now", fmt=fmt), {"date": "2025-03-31"}
    )
    assert response.status_code == 200
    event = _only("export")
    assert event.user == cast["viewer"]
    assert event.what == f"Exported {la.code}-mix-now-2025-03-31.{fmt} ({kind})"


def test_an_export_of_a_pdf(client_for, cast, la):
    report = GeneratedReport.objects.create(
        la=la, kind="quarterly", reference_date="2025-03-31", status="done"
    )
    report.file.save("q.pdf", ContentFile(b"%PDF-1.4"))
    client_for("editor").get(url(la, "reports:download", pk=report.pk))
    assert _only("export").what == f"Exported {la.code}-quarterly-2025-03-31.pdf (PDF)"


def test_an_export_of_the_action_plan(client_for, la):
    client_for("editor").get(url(la, "actions:export"))
    assert _only("export").what.endswith(".xlsx (XLSX)")


def test_a_role_change_and_a_removal(client_for, cast, la):
    client = client_for("admin")
    viewer = Membership.objects.get(user=cast["viewer"], la=la)
    client.post(url(la, "overview:users_member", pk=viewer.pk), {"role": "editor"})
    assert _only("role_change").what == "Changed viewer from Viewer to Editor"
    client.post(url(la, "overview:users_remove", pk=viewer.pk))
    assert _only("remove").what == "Removed viewer"


def test_deleting_a_return(client_for, cast, la, loaded):
    client = client_for("admin")
    page = url(la, "data:return_delete", pk=loaded.pk)
    refused = client.post(page, {"confirm": "delete"})
    assert refused.status_code == 200 and Return.objects.filter(pk=loaded.pk).exists()
    assert not AuditEvent.objects.filter(action="delete").exists()
    client.post(page, {"confirm": "DELETE"})
    assert not Return.objects.filter(pk=loaded.pk).exists()
    assert _only("delete").what == f"Deleted the 2024-25 return (import {loaded.pk})"


def test_the_admin_reads_their_councils_records_only_filtered(client_for, cast, la, other_la):
    audit.record("export", "Ours", user=cast["editor"], la=la)
    audit.record("import", "Ours too", user=cast["analyst"], la=la)
    audit.record("export", "Theirs", user=cast["outsider"], la=other_la)
    html = client_for("admin").get(url(la, "overview:audit")).content.decode()
    whats = re.findall(r'data-testid="what">(.*?)</td>', html)
    assert "Ours" in whats and "Ours too" in whats and "Theirs" not in whats
    html = client_for("admin").get(url(la, "overview:audit"), {"action": "import"}).content.decode()
    assert re.findall(r'data-testid="what">(.*?)</td>', html) == ["Ours too"]
    html = client_for("admin").get(url(la, "overview:audit"), {"person": "edit"}).content.decode()
    assert re.findall(r'data-testid="who">(.*?)</td>', html) == ["editor"]


@pytest.mark.parametrize("role", ["viewer", "editor", "analyst"])
def test_only_the_admin_sees_the_audit_page(client_for, la, role):
    assert client_for(role).get(url(la, "overview:audit")).status_code == 403


def test_another_councils_admin_gets_404(client_for, la):
    assert client_for("outsider").get(url(la, "overview:audit")).status_code == 404


def test_records_cannot_be_changed(cast, la):
    event = audit.record("export", "Something", user=cast["editor"], la=la)
    event.what = "Something else"
    with pytest.raises(ValueError):
        event.save()
    from django.contrib.admin.sites import site

    model_admin = site._registry[AuditEvent]
    request = type("R", (), {"user": cast["admin"]})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
