"""Export to XLSX; import a first plan from the CSV template or an XLSX, with row errors."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sufficiency.plan import io as plan_io
from sufficiency.plan.models import Action, Strategy
from tests.html import rows, text_of

HEADER = ",".join(plan_io.COLUMNS)


def test_export_has_every_action_with_its_latest_update(client_for, la, plan):
    response = client_for("editor").get(reverse("actions:export", args=[la.code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Action plan", "Updates", "Priorities", "Measures"]
    rows = list(workbook["Action plan"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Priority number", "Priority", "Number", "Action")
    assert [r[3] for r in rows[1:]] == [
        "Edge of care team at weekends",
        "Family group conferences",
        "Support for foster carers",
    ]
    late = rows[2]
    assert late[7].date() == date(2020, 1, 31) and late[8] == "At risk" and late[9] == "Yes"
    measures = list(workbook["Measures"].iter_rows(values_only=True))
    assert measures[1][0] == "Foster households" and measures[1][-1] in {"Green", "Amber", "Red"}
    # The linked measure has no data loaded here: "No data", not an error.
    assert measures[2][-1] == "No data"


def test_a_viewer_cannot_export(client_for, la, plan):
    assert client_for("viewer").get(reverse("actions:export", args=[la.code])).status_code == 403


def test_the_template_round_trips(client_for, la, cast):
    client = client_for("admin")
    template = client.get(reverse("actions:template", args=[la.code])).content
    upload = SimpleUploadedFile("plan.csv", template, content_type="text/csv")
    response = client.post(reverse("actions:import", args=[la.code]), {"file": upload})
    assert response.status_code == 302
    strategy = Strategy.objects.get(la=la)
    assert [p.title for p in strategy.priorities.all()] == [
        "Fewer children need to come into care",
        "More children live close to home",
    ]
    assert Action.objects.filter(priority__strategy=strategy).count() == 3


def test_row_errors_are_reported_and_nothing_is_imported(client_for, la, cast):
    csv = "\n".join(
        [
            HEADER,
            "1,Keep families together,Edge of care,,Early help,editor,2026-03-31,On track",
            "x,Keep families together,Bad number,,,,,",
            "1,Another title,Clashing title,,,,,",
            "2,Stable homes,,,,,,",
            "2,Stable homes,Bad date,,,,31 March,",
            "2,Stable homes,Bad status,,,,,Sort of",
            "2,Stable homes,Unknown lead,,,nobody,,",
        ]
    ).encode("utf-8-sig")
    response = client_for("admin").post(
        reverse("actions:import", args=[la.code]),
        {"file": SimpleUploadedFile("plan.csv", csv)},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert text_of(html, ".govuk-error-summary__title") == (
        "The file has 6 problems: nothing was imported"
    )
    # Row 1 is the header and row 2 is good: rows 3 to 8 each have one problem.
    assert rows(html, "[data-testid=import-errors]")[1:] == [
        ["3", "Priority number", "Enter a whole number from 1"],
        ["4", "Priority", "Priority 1 is called “Keep families together” in an earlier row"],
        ["5", "Action", "Enter the action"],
        ["6", "Due date", "Enter a date like 2026-03-31 or 31/03/2026"],
        [
            "7",
            "Status",
            "Status must be one of: Not started, On track, At risk, Off track, Complete",
        ],
        ["8", "Lead", "No one called “nobody” uses Sufficiency for this council"],
    ]
    assert not Strategy.objects.filter(la=la).exists()


def test_import_from_xlsx_with_real_dates_and_a_lead(client_for, la, cast):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(plan_io.COLUMNS)
    sheet.append(
        [
            1,
            "Close to home",
            "Recruit carers",
            "",
            "Fostering",
            "Editor",
            date(2027, 3, 31),
            "at risk",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client_for("admin").post(
        reverse("actions:import", args=[la.code]),
        {"file": SimpleUploadedFile("plan.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.due, action.status, action.lead) == (
        date(2027, 3, 31),
        "at_risk",
        cast["editor"],
    )


def test_wrong_headings_and_wrong_file_types(client_for, la, cast):
    client = client_for("admin")
    response = client.post(
        reverse("actions:import", args=[la.code]),
        {"file": SimpleUploadedFile("plan.csv", b"a,b,c\n1,2,3\n")},
    )
    assert "The first row must be the template" in response.content.decode()
    response = client.post(
        reverse("actions:import", args=[la.code]),
        {"file": SimpleUploadedFile("plan.pdf", b"%PDF")},
    )
    assert "The file must be an XLSX or CSV file" in response.content.decode()


def test_import_is_only_for_a_first_plan(client_for, la, plan):
    template = plan_io.template_csv().encode()
    response = client_for("admin").post(
        reverse("actions:import", args=[la.code]),
        {"file": SimpleUploadedFile("plan.csv", template)},
    )
    assert "already has actions" in response.content.decode()
    assert Action.objects.count() == 3


def test_the_exported_plan_imports_back_into_an_empty_plan_as_the_same_plan(
    client_for, la, plan, other_la, cast
):
    from sufficiency.councils import Membership

    def described(la_):
        return sorted(
            (a.priority.number, a.priority.title, a.position, a.title, a.description, a.owner,
             a.lead.username if a.lead else None, a.due, a.status)
            for a in Action.objects.filter(priority__strategy__la=la_)
        )  # fmt: skip

    exported = client_for("admin").get(reverse("actions:export", args=[la.code])).content
    # The same people work for the other council, which has no plan yet.
    for name in ("admin", "editor"):
        Membership.objects.get_or_create(user=cast[name], la=other_la, defaults={"role": name})
    response = client_for("admin").post(
        reverse("actions:import", args=[other_la.code]),
        {"file": SimpleUploadedFile("plan.xlsx", exported)},
    )
    assert response.status_code in (200, 302)
    assert described(other_la) == described(la)
