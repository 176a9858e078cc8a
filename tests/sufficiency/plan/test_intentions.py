"""A chapter's "Our intentions — we will…" edited in place like the plan: with and without htmx,
the second of two edits refused showing the other change, history kept."""

from datetime import date

from reports import chapters
from sufficiency.plan import services
from sufficiency.plan.intentions import Intention
from tests.html import attr, rows, text_of, texts

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(la, chapter="fostering") -> str:
    return f"/{la.code}/actions/intentions/{chapter}/"


def test_htmx_get_swaps_the_box_into_a_form(client_for, la, plan):
    response = client_for("editor").get(url(la), **HTMX)
    assert response.status_code == 200
    assert attr(response, "#intentions-fostering form", "hx-post") == url(la)
    assert attr(response, "#id_fostering_version", "value") == "0"
    assert "<html" not in response.content.decode()  # the box only


def test_write_then_change_them_inline(client_for, la, plan, cast):
    editor = client_for("editor")
    text = "recruit 20 more foster carers\n- support kinship carers\n\n"
    response = editor.post(url(la), {"text": text, "version": "0"}, **HTMX)
    assert response.status_code == 200
    assert texts(response, "#intentions-fostering [data-figure=intentions] li") == [
        "recruit 20 more foster carers",
        "support kinship carers",
    ]
    intention = Intention.objects.get(strategy__la=la, chapter="fostering")
    version = intention.version
    response = editor.post(url(la), {"text": "recruit 30", "version": str(version)}, **HTMX)
    assert texts(response, "[data-figure=intentions] li") == ["recruit 30"]
    intention.refresh_from_db()
    assert intention.text == "recruit 30"
    # History: who wrote what, in order.
    history = list(intention.history.order_by("history_date").values_list("text", "history_user"))
    assert history[-2:] == [(text.strip(), cast["editor"].pk), ("recruit 30", cast["editor"].pk)]


def test_the_second_of_two_edits_is_refused_showing_the_other_change(client_for, la, plan, cast):
    first = services.save_intention(
        strategy=plan["strategy"], chapter="childrens_homes", text="open a home", seen_version=0,
        user=cast["admin"],
    )  # fmt: skip
    seen = first.version
    # The admin saves again, from the version the editor then loads.
    services.save_intention(
        strategy=plan["strategy"], chapter="childrens_homes", text="open two homes",
        seen_version=seen, user=cast["admin"],
    )  # fmt: skip
    response = client_for("editor").post(
        url(la, "childrens_homes"), {"text": "close a home", "version": str(seen)}, **HTMX
    )
    assert response.status_code == 200  # htmx swaps the box to show the refusal
    conflict = text_of(response, "#conflict")
    assert "admin changed this statement of intentions while you were editing it" in conflict
    assert "Your changes have not been saved" in conflict
    assert rows(response, "#conflict table")[1:] == [
        ["Our intentions", "open two homes", "open a home"]
    ]
    # What the editor typed is kept, now carrying the current version.
    assert text_of(response, "#id_childrens_homes_text") == "close a home"
    assert attr(response, "#id_childrens_homes_version", "value") == str(seen + 1)
    saved = Intention.objects.get(strategy__la=la, chapter="childrens_homes")
    assert saved.text == "open two homes"


def test_someone_writing_first_is_a_conflict_too(client_for, la, plan, cast):
    services.save_intention(
        strategy=plan["strategy"], chapter="health", text="joint funding", seen_version=0,
        user=cast["admin"],
    )  # fmt: skip
    # The editor opened the empty box (version 0) before the admin wrote.
    response = client_for("editor").post(url(la, "health"), {"text": "mine", "version": "0"})
    assert response.status_code == 409
    assert "<title>Error:" in response.content.decode()
    assert Intention.objects.get(strategy__la=la, chapter="health").text == "joint funding"


def test_without_javascript_a_save_returns_to_the_chapter(client_for, la, plan):
    response = client_for("editor").post(url(la, "supported"), {"text": "end H5", "version": "0"})
    assert response.status_code == 302
    assert response["Location"] == f"/{la.code}/reports/strategy/#chapter-supported"


def test_viewers_cannot_edit_and_other_councils_see_nothing(client_for, la, plan, other_la):
    assert client_for("viewer").post(url(la), {"text": "x", "version": "0"}).status_code == 403
    assert client_for("outsider").get(url(la)).status_code == 404
    assert client_for("editor").get(url(la, "nonsense")).status_code == 404


def test_the_document_shows_the_words_as_they_stood_on_its_date(la, plan, cast, time_machine):
    time_machine.move_to(date(2025, 2, 1))
    intention = services.save_intention(
        strategy=plan["strategy"], chapter="fostering", text="old words", seen_version=0,
        user=cast["admin"],
    )  # fmt: skip
    time_machine.move_to(date(2025, 5, 1))
    intention = services.save_intention(
        strategy=plan["strategy"], chapter="fostering", text="new words",
        seen_version=intention.version, user=cast["admin"],
    )  # fmt: skip
    assert chapters.intention_as_set(intention, date(2025, 3, 31)).lines == ["old words"]
    assert chapters.intention_as_set(intention, date(2025, 6, 30)).lines == ["new words"]
    # Words typed in after the date are shown as they are now (reports.as_at's rule).
    assert chapters.intention_as_set(intention, date(2024, 3, 31)).lines == ["new words"]
