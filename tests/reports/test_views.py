"""Report pages: who may read, export and write commentary; tables download; PDFs in the
background with progress, kept with who made them, and retried when they fail."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import Commentary, GeneratedReport
from tests.html import attr, element, texts


def url(la, name, **kwargs):
    return reverse(name, kwargs={"la_code": la.code, **kwargs})


@pytest.mark.parametrize("role", ["viewer", "editor", "analyst", "admin"])
def test_everyone_reads_the_dashboard_and_strategy(client_for, council, role):
    client = client_for(role)
    page = client.get(url(council, "reports:dashboard"), {"date": "2025-03-31"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quarterly sufficiency dashboard" in html and "Scorecard" in html
    commentary = texts(html, ".govuk-details__summary-text")
    assert any(text.startswith("Add commentary") for text in commentary) == (role != "viewer")
    assert ("Download PDF" in html) == (role != "viewer")
    assert client.get(url(council, "reports:strategy")).status_code == 200


@pytest.mark.parametrize(
    "role,status", [("viewer", 403), ("editor", 302), ("analyst", 302), ("admin", 302)]
)
def test_commentary_is_written_by_those_who_export(client_for, council, role, status):
    response = client_for(role).post(
        url(council, "reports:commentary"),
        {"section": "placements", "date": "2025-03-31", "text": "Fewer children in homes."},
    )
    assert response.status_code == status
    assert Commentary.objects.filter(la=council).exists() == (status == 302)


def test_commentary_is_kept_with_its_quarter_and_shown(client_for, council):
    client = client_for("editor")
    response = client.post(
        url(council, "reports:commentary"),
        {"section": "children", "date": "2025-03-31", "text": "Numbers rose after a spike."},
        headers={"HX-Request": "true"},
    )
    assert "Numbers rose after a spike." in response.content.decode()
    assert "Saved." in response.content.decode()
    note = Commentary.objects.get(la=council, section="children")
    assert note.quarter_end.isoformat() == "2025-03-31" and note.updated_by.username == "editor"
    other_quarter = client.get(url(council, "reports:dashboard"), {"date": "2024-12-31"})
    assert "Numbers rose after a spike." not in other_quarter.content.decode()
    same = client.get(url(council, "reports:dashboard"), {"date": "2025-03-31"})
    assert "Numbers rose after a spike." in same.content.decode()


def test_every_dashboard_table_downloads_as_csv_and_xlsx(client_for, council):
    client = client_for("viewer")
    html = client.get(url(council, "reports:dashboard"), {"date": "2025-03-31"}).content.decode()
    links = sorted(set(__import__("re").findall(r"/reports/tables/([\w-]+)\.csv", html)))
    assert {"scorecard", "children-series", "mix-now", "plan-status"} <= set(links)
    for table_id in links:
        response = client.get(
            url(council, "reports:table", table_id=table_id, fmt="csv"), {"date": "2025-03-31"}
        )
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert len(rows) >= 2, table_id
        book = client.get(
            url(council, "reports:table", table_id=table_id, fmt="xlsx"), {"date": "2025-03-31"}
        )
        sheet = load_workbook(io.BytesIO(book.content)).active
        assert [c.value for c in sheet[1]] == rows[0]
    # 3 children on 31 March 2025: kinship 1, in-house 0 (child 3 is with an agency), IFA 1,
    # children's home 1.
    mix = client.get(
        url(council, "reports:table", table_id="mix-now", fmt="csv"), {"date": "2025-03-31"}
    ).content.decode()
    # Numbers as numbers: the CSV holds 33.3, not the page's "33.3%".
    mix_rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(mix))}
    assert mix_rows["Fostering: kinship"] == ["1", "33.3"]  # 1 of 3 = 33.3%
    assert mix_rows["Children's home"] == ["1", "33.3"]
    book = client.get(
        url(council, "reports:table", table_id="mix-now", fmt="xlsx"), {"date": "2025-03-31"}
    )
    sheet = load_workbook(io.BytesIO(book.content)).active
    kinship = next(
        row for row in sheet.iter_rows(min_row=2) if row[0].value == "Fostering: kinship"
    )
    assert (kinship[1].value, kinship[1].number_format) == (1, "#,##0")
    assert (kinship[2].value, kinship[2].number_format) == (0.333, "0.0%")
    assert client.get(url(council, "reports:table", table_id="nope", fmt="csv")).status_code == 404


@pytest.mark.parametrize("role,status", [("viewer", 403), ("editor", 302), ("analyst", 302)])
def test_pdf_is_made_in_the_background_and_kept(client_for, council, role, status):
    client = client_for(role)
    response = client.post(
        url(council, "reports:generate"), {"kind": "quarterly", "date": "2025-03-31"}
    )
    assert response.status_code == status
    if status != 302:
        assert not GeneratedReport.objects.exists()
        return
    report = GeneratedReport.objects.get()
    assert report.status == "done" and report.created_by.username == role  # immediate backend
    assert report.pages >= 4
    page = client.get(response["Location"]).content.decode()
    assert "Download the PDF" in page
    pdf = client.get(url(council, "reports:download", pk=report.pk))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    listing = client.get(url(council, "reports:index")).content.decode()
    assert "Quarterly sufficiency dashboard" in listing and role in listing


def test_a_failed_report_shows_its_error_and_can_be_retried(client_for, council, monkeypatch):
    import reports.tasks

    def broken(**kwargs):
        raise RuntimeError("the chart renderer stopped")

    monkeypatch.setattr(reports.tasks, "render_report", broken)
    client = client_for("editor")
    response = client.post(url(council, "reports:generate"), {"kind": "strategy"})
    report = GeneratedReport.objects.get()
    assert report.status == "failed"
    page = client.get(response["Location"]).content.decode()
    assert "the chart renderer stopped" in page and "Try again" in page
    monkeypatch.undo()
    client.post(url(council, "reports:retry", pk=report.pk))
    report.refresh_from_db()
    assert report.status == "done" and report.error == ""


def test_progress_fragment_polls_while_running(client_for, council):
    report = GeneratedReport.objects.create(
        la=council, kind="quarterly", reference_date="2025-03-31"
    )
    fragment = (
        client_for("viewer")
        .get(url(council, "reports:generated", pk=report.pk), headers={"HX-Request": "true"})
        .content.decode()
    )
    assert attr(fragment, "#report-status", "hx-trigger") == "every 1s"
    assert element(fragment, "#report-status progress") is not None


@pytest.mark.parametrize("name", ["reports:generated", "reports:download", "reports:retry"])
def test_another_councils_report_is_404(client_for, council, other_la, name):
    theirs = GeneratedReport.objects.create(
        la=other_la, kind="quarterly", reference_date="2025-03-31", status="done"
    )
    client = client_for("admin")
    method = client.post if name == "reports:retry" else client.get
    assert method(url(council, name, pk=theirs.pk)).status_code == 404


def test_every_strategy_table_downloads(client_for, council):
    client = client_for("viewer")
    html = client.get(url(council, "reports:strategy"), {"date": "2025-03-31"}).content.decode()
    links = set(__import__("re").findall(r"/reports/tables/([\w-]+)\.xlsx", html))
    assert {"placement-types", "children-series", "mix-now", "age"} <= links
    for table_id in links:
        response = client.get(
            url(council, "reports:table", table_id=table_id, fmt="csv"), {"date": "2025-03-31"}
        )
        assert response.status_code == 200, table_id
    types = client.get(
        url(council, "reports:table", table_id="placement-types", fmt="csv"), {"date": "2025-03-31"}
    ).content.decode()
    type_rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(types))}
    # Kinship: 1 child now and 1 a year earlier (child 1 since May 2022).
    # Numbers as numbers: the change is 0 in the CSV, "No change" on the page.
    assert type_rows["Fostering: kinship"][:3] == ["1", "1", "0"]


def test_the_dashboard_opens_with_the_quarterly_summary(client_for, council):
    from datetime import date

    from sufficiency.plan.models import Action, ActionStatus, Update

    action = Action.objects.filter(priority__strategy__la=council).order_by("pk").first()
    Update.objects.create(
        action=action, date=date(2025, 3, 14), status=ActionStatus.OFF_TRACK,
        text="The provider withdrew from the block contract.",
    )  # fmt: skip
    html = (
        client_for("viewer")
        .get(url(council, "reports:dashboard"), {"date": "2025-03-31"})
        .content.decode()
    )
    # The summary comes before the scorecard.
    assert html.index('id="section-summary"') < html.index('id="section-scorecard"')
    asks = [li.get_text(" ", strip=True) for li in element(html, "[data-testid=board-asks]")("li")]
    assert asks == [
        "Note the sufficiency position at 31 March 2025.",
        "Comment on the exceptions set out in this summary.",
        "Decide what should happen with the one action that is off track or overdue, listed below.",
        "Agree that the action plan continues to be monitored each quarter.",
    ]
    decision = element(html, f"[data-action='{action.pk}']").get_text(" ", strip=True)
    number = f"{action.priority.number}.{action.position}"
    assert decision.startswith(f"{number} {action.title}: off track")
    assert decision.endswith(
        "Latest update, 14 March 2025: The provider withdrew from the block contract."
    )


def test_the_strategy_page_opens_with_its_executive_summary(client_for, council):
    html = (
        client_for("viewer")
        .get(url(council, "reports:strategy"), {"date": "2025-03-31"})
        .content.decode()
    )
    summary = html.index('id="summary"')
    assert summary < html.index("Our priorities</h2>") < html.index("Needs analysis</h2>")
    assert element(html, "[data-testid=summary-priorities]")("li")


def test_the_dashboard_scorecard_shows_baseline_expected_latest_and_its_rule(client_for, council):
    from tests.html import text_of, texts

    page = client_for("viewer").get(url(council, "reports:dashboard"), {"date": "2025-03-31"})
    row = '#scorecard-table tr[data-measure="cla"]'
    # Children looked after: typed baseline 640 on 31 March 2025; the data gives 3 that day, so
    # 3 is the baseline, the straight line expects 3 on its first day, and the latest is 3.
    assert text_of(page, f'{row} [data-figure="baseline"]') == "3 Mar 2025"
    assert text_of(page, f'{row} [data-figure="expected"]') == "3"
    assert text_of(page, f'{row} [data-figure="latest"]') == "3"
    assert text_of(page, f'{row} [data-figure="target"]') == "590 by Mar 2028"
    assert text_of(page, '[data-testid="rag-rule"]').startswith("RAG compares the latest value")
    assert "Typed in as 640; the data gives 3 on 31 March 2025, used here." in texts(
        page, '[data-testid="baseline-note"]'
    )
    # 3 children cannot reach a target of 590 in any scenario: said in words.
    assert any(
        t.startswith("The target lies above the likely range")
        for t in texts(page, '[data-testid="target-note"]')
    )


def test_an_overdue_action_is_never_on_track_on_the_dashboard(client_for, council):
    from datetime import date

    from sufficiency.plan.models import Action, Update
    from tests.html import text_of

    action = Action.objects.filter(priority__strategy__la=council).first()
    Action.objects.filter(pk=action.pk).update(due=date(2025, 2, 1))
    Update.objects.create(action=action, date=date(2025, 3, 15), text="x", status="on_track")
    page = client_for("viewer").get(url(council, "reports:dashboard"), {"date": "2025-03-31"})
    # Due 1 February, said on track on 15 March, not complete on 31 March: overdue.
    assert text_of(page, f'[data-action-status="{action.pk}"]') == "Overdue"
