"""The committee cover and implications edit in place (htmx) with history; a save from a stale
version is refused like an action's; the strategy's voice and previous strategy likewise."""

from datetime import date

from django.urls import reverse

from reports import cover_services as services
from reports.cover_models import CoverReport, StrategyReview
from tests.html import attr, element, rows, text_of, texts

ON = date(2025, 3, 31)  # the council fixture's latest quarter end


def url(la, name, kind, field=None):
    args = [la.code, kind] + ([field] if field else [])
    return reverse(name, args=args) + f"?date={ON.isoformat()}"


def post(client, la, kind, field, value, *, version=1, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        reverse("reports:paper_edit", args=[la.code, kind, field]),
        {field: value, "version": version, "date": ON.isoformat()},
        **headers,
    )


def test_the_page_shows_each_field_with_its_prompt_and_drafts(client_for, council):
    response = client_for("viewer").get(url(council, "reports:paper", "strategy"))
    assert response.status_code == 200
    assert text_of(response, "#value-meeting") == "Not written yet"
    assert text_of(response, "#value-wards") == "All"
    assert text_of(response, "#value-classification") == "OFFICIAL-SENSITIVE"
    assert text_of(response, "#value-legal").startswith("Section 22G of the Children Act 1989")
    assert element(response, "[data-draft=legal]")
    assert "The board or committee" in text_of(response, "#row-meeting")
    # A viewer reads; only an editor has Change links.
    assert texts(response, "#change-meeting") == []


def test_a_field_edits_inline_and_keeps_its_history(client_for, council, cast):
    client = client_for("editor")
    form = client.get(url(council, "reports:paper_edit", "quarterly", "meeting"),
                      HTTP_HX_REQUEST="true")  # fmt: skip
    html = form.content.decode()
    assert html.lstrip().startswith('<div class="govuk-summary-list__row" id="row-meeting">')
    assert 'hx-post="' in html and 'method="post"' in html and "autofocus" in html
    response = post(client, council, "quarterly", "meeting", "Corporate Parenting Board")
    assert response.status_code == 200
    assert text_of(response, "#value-meeting") == "Corporate Parenting Board"
    assert text_of(response, "[role=status]") == "Meeting saved."
    cover = CoverReport.objects.get(la=council, kind="quarterly", reference_date=ON)
    assert cover.meeting == "Corporate Parenting Board" and cover.version == 2
    response = post(client, council, "quarterly", "meeting_date", "2025-05-20", version=2)
    assert text_of(response, "#value-meeting_date") == "20 May 2025"
    history = client.get(url(council, "reports:paper_history", "quarterly"))
    assert "Meeting date: (blank) → changed to 20 May 2025" in text_of(
        history, "[data-testid=history]"
    )
    assert "editor" in text_of(history, "[data-testid=history]")


def test_a_stale_edit_is_refused_and_shows_their_change(client_for, council, cast):
    cover = CoverReport.objects.create(la=council, kind="strategy", reference_date=ON)
    services.save_fields(cover, seen_version=1, changes={"author": "Sam Jones"},
                         draft_texts={}, user=cast["admin"])  # fmt: skip
    response = post(client_for("editor"), council, "strategy", "author", "Kim Lee", version=1)
    assert response.status_code == 200  # htmx swaps the row to show the refusal
    html = response.content.decode()
    assert "admin changed this cover report while you were editing it" in html
    assert rows(html, "#conflict table")[1:] == [["Report author", "Sam Jones", "(blank)"]]
    assert attr(html, "[name=author]", "value") == "Kim Lee"  # what they typed is kept
    assert attr(html, "[name=version]", "value") == "2"
    cover.refresh_from_db()
    assert cover.author == "Sam Jones"
    # Without JavaScript the refusal is a page with an error summary and a 409.
    response = post(client_for("editor"), council, "strategy", "author", "Kim Lee", version=1,
                    htmx=False)  # fmt: skip
    assert response.status_code == 409 and "<title>Error:" in response.content.decode()


def test_saving_the_draft_unchanged_keeps_it_a_draft(client_for, council):
    client = client_for("editor")
    form = client.get(url(council, "reports:paper_edit", "strategy", "legal"))
    draft = element(form, "textarea[name=legal]").get_text().strip()
    assert draft.startswith("Section 22G")
    response = post(client, council, "strategy", "legal", draft, htmx=True)
    assert element(response, "[data-draft=legal]")
    assert CoverReport.objects.get(la=council, kind="strategy").legal == ""
    response = post(client, council, "strategy", "legal", "Our own legal text.", version=2)
    assert text_of(response, "#value-legal") == "Our own legal text."
    assert "data-draft" not in response.content.decode()


def test_the_voice_fields_edit_inline(client_for, council):
    response = post(client_for("editor"), council, "review", "children_heard", "42")
    assert text_of(response, "#value-children_heard") == "42"
    assert StrategyReview.objects.get(strategy__la=council).children_heard == 42


def test_a_viewer_cannot_edit_and_another_council_sees_nothing(client_for, council):
    assert post(client_for("viewer"), council, "strategy", "meeting", "x").status_code == 403
    response = client_for("outsider").get(url(council, "reports:paper", "strategy"))
    assert response.status_code in (403, 404)
