"""Editing in place, with and without htmx; refusing the second of two edits; history."""

from datetime import date

import pytest
from django.urls import reverse

from sufficiency.plan import selectors, services
from sufficiency.plan.models import Action, Priority, Update
from tests.html import attr, element, rows, text_of, texts


def edit(client, la, action, field, value, *, version=None, htmx=True, next_url=None):
    prefix = f"action-{action.pk}"
    data = {
        "field": field,
        f"{prefix}-{field}": value,
        f"{prefix}-version": version or action.version,
    }
    if next_url:
        data["next"] = next_url
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("actions:edit", args=[la.code, action.pk]), data, **headers)


def test_htmx_get_swaps_the_row_into_an_edit_form(client_for, la, plan):
    action = plan["actions"]["edge"]
    response = client_for("editor").get(
        reverse("actions:edit", args=[la.code, action.pk]) + "?field=status", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tbody class="govuk-table__body" id="action-{action.pk}"')
    assert f'name="action-{action.pk}-status"' in html and "autofocus" in html
    assert f'hx-post="/{la.code}/actions/{action.pk}/edit/"' in html
    assert 'method="post"' in html  # the same form works without JavaScript


def test_inline_status_edit_returns_the_row_and_new_counts(client_for, la, plan):
    action = plan["actions"]["edge"]
    response = edit(client_for("editor"), la, action, "status", "off_track")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="action-{action.pk}"' in html
    assert "govuk-tag--red" in html and "Off track" in html
    assert 'id="status-counts" hx-swap-oob="true"' in html
    counts = element(html, "#status-counts")
    assert counts.get("hx-swap-oob") == "true"
    # Edge of care moved from on track to off track: 0 on track, 1 off track of the three.
    assert text_of(counts, "[data-testid=count-on_track]") == "0 on track"
    assert text_of(counts, "[data-testid=count-off_track]") == "1 off track"
    assert "Status of “Edge of care team at weekends” saved." in html
    action.refresh_from_db()
    assert action.status == "off_track" and action.version == 2


def test_inline_due_owner_and_lead(client_for, la, plan, cast):
    client = client_for("editor")
    action = plan["actions"]["edge"]
    assert edit(client, la, action, "due", "2031-01-15").status_code == 200
    action.refresh_from_db()
    assert edit(client, la, action, "owner", "Fostering").status_code == 200
    action.refresh_from_db()
    assert edit(client, la, action, "lead", cast["admin"].pk).status_code == 200
    action.refresh_from_db()
    assert (action.due, action.owner, action.lead) == (
        date(2031, 1, 15),
        "Fostering",
        cast["admin"],
    )
    assert action.version == 4


def test_without_javascript_the_edit_redirects_back_to_the_filtered_plan(client_for, la, plan):
    action = plan["actions"]["edge"]
    back = f"/{la.code}/actions/?status=on_track"
    response = edit(
        client_for("editor"), la, action, "status", "at_risk", htmx=False, next_url=back
    )
    assert response.status_code == 302 and response["Location"] == back
    # ... and never to another site.
    response = edit(
        client_for("editor"),
        la,
        Action.objects.get(pk=action.pk),
        "status",
        "on_track",
        htmx=False,
        next_url="https://evil.example/",
    )
    assert response["Location"] == f"/{la.code}/actions/"


def test_without_javascript_the_change_link_is_a_page(client_for, la, plan):
    action = plan["actions"]["edge"]
    response = client_for("editor").get(
        reverse("actions:edit", args=[la.code, action.pk]) + "?field=due"
    )
    html = response.content.decode()
    assert "<html" in html and "Change due date" in html


def test_an_invalid_value_is_refused_with_a_message(client_for, la, plan):
    action = plan["actions"]["edge"]
    response = edit(client_for("editor"), la, action, "due", "not a date")
    assert "Enter a valid date" in response.content.decode()
    response = edit(client_for("editor"), la, action, "due", "not a date", htmx=False)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error:" in html and "govuk-error-summary" in html


def test_the_second_of_two_edits_is_refused_showing_the_other_change(client_for, la, plan, cast):
    action = plan["actions"]["edge"]
    seen = action.version
    # The admin saves first, from the same version the editor loaded.
    services.save_action(
        Action.objects.get(pk=action.pk),
        seen_version=seen,
        changes={"status": "off_track", "owner": "Edge of care"},
        user=cast["admin"],
    )
    response = edit(client_for("editor"), la, action, "status", "complete", version=seen)
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps the row to show the refusal
    assert "admin changed this action while you were editing it" in html
    assert "Your changes have not been saved" in html
    # The field both changed: the editor's value, the admin's, and the value before.
    assert rows(html, "[data-testid=conflict-clashes]")[1:] == [
        ["Status", "Complete", "Off track", "On track"],
    ]
    # The admin's other change stands.
    assert rows(html, "[data-testid=conflict-kept]")[1:] == [
        ["Owner (team)", "Edge of care", "Early help"],
    ]
    # The editor's own choice is kept in the form, now carrying the current version.
    assert attr(html, f"[name=action-{action.pk}-status] option[selected]", "value") == "complete"
    assert attr(html, f"[name=action-{action.pk}-version]", "value") == str(seen + 1)
    action.refresh_from_db()
    assert action.status == "off_track"


PARTS = ("day", "month", "year")  # the GOV.UK date input's boxes


def test_a_refused_edit_without_javascript_shows_an_error_summary(client_for, la, plan, cast):
    action = plan["actions"]["edge"]
    services.save_action(
        Action.objects.get(pk=action.pk),
        seen_version=1,
        changes={"due": date(2029, 1, 1)},
        user=cast["admin"],
    )
    response = edit(client_for("editor"), la, action, "due", "2032-02-02", version=1, htmx=False)
    assert response.status_code == 409
    html = response.content.decode()
    assert "<title>Error:" in html and "govuk-error-summary" in html
    assert rows(html, "[data-testid=conflict-clashes]")[1:] == [
        ["Due date", "2 Feb 2032", "1 Jan 2029", "31 Mar 2030"]
    ]
    their_own = [attr(html, f"[name=action-{action.pk}-due_{part}]", "value") for part in PARTS]
    assert their_own == ["02", "02", "2032"]


def test_saving_again_after_a_refusal_wins(client_for, la, plan, cast):
    action = plan["actions"]["edge"]
    services.save_action(
        Action.objects.get(pk=action.pk),
        seen_version=1,
        changes={"status": "off_track"},
        user=cast["admin"],
    )
    client = client_for("editor")
    assert (
        "changed this action"
        in edit(client, la, action, "status", "complete", version=1).content.decode()
    )
    edit(client, la, action, "status", "complete", version=2)
    action.refresh_from_db()
    assert action.status == "complete"


def test_edits_to_different_fields_by_two_people_both_stand(client_for, la, plan, cast):
    action = plan["actions"]["edge"]
    seen = action.version
    # Both loaded the same version: the admin changes the owner, the editor the due date.
    services.save_action(
        Action.objects.get(pk=action.pk),
        seen_version=seen,
        changes={"owner": "Fostering"},
        user=cast["admin"],
    )
    response = edit(client_for("editor"), la, action, "due", "2031-06-30", version=seen)
    html = response.content.decode()
    assert response.status_code == 200 and "conflict" not in html
    action.refresh_from_db()
    assert (action.owner, action.due, action.version) == ("Fostering", date(2031, 6, 30), seen + 2)
    # History names who changed which field.
    entries = selectors.history_of(action)
    assert [(e.who, [c.field for c in e.changes]) for e in entries[:2]] == [
        (cast["editor"], ["due"]),
        (cast["admin"], ["owner"]),
    ]


def test_a_multi_field_save_merges_with_a_change_to_another_field(plan, cast):
    action = plan["actions"]["edge"]
    services.save_action(
        Action.objects.get(pk=action.pk), seen_version=1, changes={"status": "at_risk"},
        user=cast["admin"],
    )  # fmt: skip
    # The editor's page sent every field, changing only the title: the admin's status stays.
    services.save_action(
        Action.objects.get(pk=action.pk),
        seen_version=1,
        changes={"title": "Weekend edge of care", "status": "on_track", "owner": "Early help"},
        user=cast["editor"],
    )
    action.refresh_from_db()
    assert (action.title, action.status, action.owner) == (
        "Weekend edge of care", "at_risk", "Early help",
    )  # fmt: skip


def test_the_same_field_conflict_shows_both_values_in_their_own_elements(
    client_for, la, plan, cast
):
    action = plan["actions"]["edge"]
    services.save_action(
        Action.objects.get(pk=action.pk), seen_version=1, changes={"owner": "Fostering"},
        user=cast["admin"],
    )  # fmt: skip
    response = edit(client_for("editor"), la, action, "owner", "Residential", version=1)
    html = response.content.decode()
    row = element(html, "#conflict [data-conflict-field=owner]")
    assert text_of(row, "[data-conflict-yours]") == "Residential"
    assert text_of(row, "[data-conflict-theirs]") == "Fostering"
    assert text_of(row, "[data-conflict-before]") == "Early help"
    action.refresh_from_db()
    assert action.owner == "Fostering"


def test_a_refused_multi_field_edit_shows_their_other_changes_in_the_form(
    client_for, la, plan, cast
):
    action = plan["actions"]["edge"]
    services.save_action(
        Action.objects.get(pk=action.pk), seen_version=1,
        changes={"title": "Their title", "owner": "Fostering"}, user=cast["admin"],
    )  # fmt: skip
    prefix = f"action-{action.pk}"
    response = client_for("editor").post(
        reverse("actions:edit", args=[la.code, action.pk]),
        {
            "field": ["title", "owner"],
            f"{prefix}-title": "My title",
            f"{prefix}-owner": "Early help",
            f"{prefix}-version": 1,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert attr(html, f"[name={prefix}-title]", "value") == "My title"  # theirs and mine
    assert attr(html, f"[name={prefix}-owner]", "value") == "Fostering"  # only they changed it
    assert attr(html, f"[name={prefix}-version]", "value") == "2"


def test_only_one_of_two_saves_from_the_same_version_succeeds(plan, cast):
    action = plan["actions"]["edge"]
    first, second = Action.objects.get(pk=action.pk), Action.objects.get(pk=action.pk)
    services.save_action(first, seen_version=1, changes={"title": "A"}, user=cast["admin"])
    with pytest.raises(services.EditConflict) as refused:
        services.save_action(second, seen_version=1, changes={"title": "B"}, user=cast["editor"])
    assert refused.value.yours == {"title": "B"}
    report = selectors.conflict_changes(refused.value.current, 1)
    assert report.people == ["admin"]
    assert [(c.field, c.old, c.new) for c in report.changes] == [
        ("title", "Edge of care team at weekends", "A")
    ]
    assert Action.objects.get(pk=action.pk).title == "A"


def test_history_records_who_when_and_old_and_new_values(client_for, la, plan, cast):
    action = plan["actions"]["edge"]
    edit(client_for("editor"), la, action, "status", "at_risk")
    entries = selectors.history_of(Action.objects.get(pk=action.pk))
    latest = entries[0]
    assert latest.who == cast["editor"]
    assert [(c.field, c.old, c.new) for c in latest.changes] == [("status", "on_track", "at_risk")]
    assert entries[-1].kind == "+"
    html = (
        client_for("viewer")
        .get(reverse("actions:action", args=[la.code, action.pk]))
        .content.decode()
    )
    assert "History of changes" in html
    latest_row = rows(html, "[data-testid=history]")[1]
    assert latest_row[1:] == ["editor", "Status: On track → changed to At risk"]


def test_history_of_priorities_strategy_and_measures(client_for, la, plan, cast):
    client = client_for("admin")
    priority = plan["priorities"][0]
    response = client.post(
        reverse("actions:priority_edit", args=[la.code, priority.pk]),
        {
            "title": "Fewer children come into care",
            "description": "",
            "i_statements": "",
            "version": 1,
        },
    )
    assert response.status_code == 302
    change = selectors.history_of(Priority.objects.get(pk=priority.pk))[0]
    assert change.who == cast["admin"]
    assert ("title", "Fewer children need to come into care", "Fewer children come into care") in [
        (c.field, c.old, c.new) for c in change.changes
    ]
    measure = plan["measures"]["hand"]
    client.post(
        reverse("actions:measure_edit", args=[la.code, measure.pk]),
        {
            "name": "Foster households",
            "priority": "",
            "key": "",
            "unit": "number",
            "direction": "higher",
            "baseline_value": 100,
            "baseline_date": "2025-03-31",
            "target_value": 140,
            "target_date": "2028-03-31",
            "tolerance": 5,
            "version": 1,
        },
    )
    html = client.get(reverse("actions:measure", args=[la.code, measure.pk])).content.decode()
    changed = [t for t in texts(html, "[data-testid=history] li") if t.startswith("Target")]
    assert changed == ["Target value: 130.0 → changed to 140.0"]
    html = client.get(reverse("actions:history", args=[la.code])).content.decode()
    assert "Fewer children come into care" in html and "Foster households" in html


def test_removed_items_stay_in_the_plan_history(client_for, la, plan):
    action = plan["actions"]["late"]
    response = client_for("editor").post(reverse("actions:delete", args=[la.code, action.pk]))
    assert response.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
    html = client_for("viewer").get(reverse("actions:history", args=[la.code])).content.decode()
    assert "Family group conferences" in html and "Removed" in html
    # The others in its priority close up.
    assert plan["actions"]["edge"].priority.actions.get().position == 1


def test_add_an_update_from_the_row(client_for, la, plan, cast):
    action = plan["actions"]["edge"]
    prefix = f"update-{action.pk}"
    response = client_for("editor").post(
        reverse("actions:update", args=[la.code, action.pk]),
        {
            f"{prefix}-text": "Weekend rota started in two localities.",
            f"{prefix}-status": "at_risk",
            f"{prefix}-date": "2026-06-30",
            f"{prefix}-version": 1,
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert text_of(html, f"#action-{action.pk} [data-testid=latest-update]") == (
        "Latest update, 30 Jun 2026: Weekend rota started in two localities."
    )
    update = Update.objects.get(action=action)
    assert (update.author, update.status) == (cast["editor"], "at_risk")
    action.refresh_from_db()
    assert action.status == "at_risk"  # the action follows its latest RAG


def test_add_an_update_without_javascript(client_for, la, plan):
    action = plan["actions"]["edge"]
    prefix = f"update-{action.pk}"
    response = client_for("editor").post(
        reverse("actions:update", args=[la.code, action.pk]),
        {
            f"{prefix}-text": "",
            f"{prefix}-status": "on_track",
            f"{prefix}-date": "2026-06-30",
            f"{prefix}-version": 1,
        },
    )
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    response = client_for("editor").post(
        reverse("actions:update", args=[la.code, action.pk]),
        {
            f"{prefix}-text": "Fine",
            f"{prefix}-status": "on_track",
            f"{prefix}-date": "2026-06-30",
            f"{prefix}-version": 1,
        },
    )
    assert response.status_code == 302 and Update.objects.filter(action=action).count() == 1


def test_add_reorder_and_remove_actions_and_priorities(client_for, la, plan):
    editor, admin = client_for("editor"), client_for("admin")
    first, second = plan["priorities"]
    response = editor.post(
        reverse("actions:new", args=[la.code]),
        {
            "priority": first.pk,
            "title": "New action",
            "status": "not_started",
            "owner": "",
            "description": "",
            "lead": "",
            "due": "",
        },
    )
    assert response.status_code == 302
    new = Action.objects.get(title="New action")
    assert new.position == 3
    editor.post(reverse("actions:move", args=[la.code, new.pk]), {"direction": "up"})
    assert [a.title for a in first.actions.order_by("position")] == [
        "Edge of care team at weekends",
        "New action",
        "Family group conferences",
    ]
    admin.post(reverse("actions:priority_move", args=[la.code, second.pk]), {"direction": "up"})
    assert [p.title for p in plan["strategy"].priorities.all()] == [
        "More stable homes",
        "Fewer children need to come into care",
    ]
    admin.post(
        reverse("actions:priority_new", args=[la.code]), {"title": "Better value", "version": ""}
    )
    assert plan["strategy"].priorities.get(title="Better value").number == 3
    admin.post(reverse("actions:priority_delete", args=[la.code, second.pk]))
    assert [p.number for p in plan["strategy"].priorities.all()] == [1, 2]
    assert not Action.objects.filter(title="Support for foster carers").exists()


def test_an_update_that_changes_the_status_keeps_anothers_owner_change(plan, cast):
    action = plan["actions"]["edge"]
    services.save_action(
        Action.objects.get(pk=action.pk), seen_version=1, changes={"owner": "Fostering"},
        user=cast["admin"],
    )  # fmt: skip
    services.add_update(
        action=Action.objects.get(pk=action.pk), text="Slipping", status="at_risk",
        on=date(2025, 6, 1), user=cast["editor"], seen_version=1,
    )  # fmt: skip
    action.refresh_from_db()
    assert (action.owner, action.status) == ("Fostering", "at_risk")
    assert Update.objects.filter(action=action, text="Slipping").exists()
