"""The plan for people: tags, measure values, history and conflict lines, rich text."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from sufficiency import richtext
from sufficiency.plan import presenters
from sufficiency.plan.models import Action, Measure
from sufficiency.plan.rag import Rag
from sufficiency.plan.selectors import Change, ConflictReport, HistoryEntry
from tests.factories import UserFactory
from tests.html import attr, parse, texts


@pytest.mark.parametrize(
    "status,text,css",
    [
        ("not_started", "Not started", "govuk-tag--grey"),
        ("on_track", "On track", "govuk-tag--green"),
        ("at_risk", "At risk", "govuk-tag--yellow"),
        ("off_track", "Off track", "govuk-tag--red"),
        ("complete", "Complete", "govuk-tag--blue"),
    ],
)
def test_status_tag(status, text, css):
    assert presenters.status_tag(status) == {"text": text, "css": css}


def test_status_summary_lists_every_status_with_its_count():
    summary = presenters.status_summary({"by_status": {"at_risk": 2, "complete": 1}})
    assert [(s["status"], s["label"], s["count"]) for s in summary] == [
        ("not_started", "Not started", 0),
        ("on_track", "On track", 0),
        ("at_risk", "At risk", 2),
        ("off_track", "Off track", 0),
        ("complete", "Complete", 1),
    ]
    assert summary[2]["css"] == "govuk-tag--yellow"


def test_short_date():
    assert presenters.short_date(date(2024, 2, 29)) == "29 Feb 2024"
    assert presenters.short_date(date(2030, 3, 1)) == "1 Mar 2030"
    assert presenters.short_date(None) == ""


@pytest.mark.parametrize(
    "value,unit,text",
    [
        (None, "number", "No data"),
        (130, "number", "130"),
        (130.0, "number", "130"),
        (1234.5, "number", "1,234.5"),
        (10.333, "percent", "10.3%"),
        (9, "percent", "9%"),
        (0, "rate", "0"),
        (93.75, "rate", "93.8"),  # 93.75 is exact in binary: half to even gives 93.8
    ],
)
def test_measure_value(value, unit, text):
    assert presenters.measure_value(value, unit) == text


def test_measure_line_formats_every_figure_in_the_measure_unit():
    measure = Measure(
        name="Three or more placements", unit="percent", baseline_value=11, target_value=9,
        tolerance=0.5, baseline_date=date(2025, 3, 31), target_date=date(2028, 3, 31),
    )  # fmt: skip
    row = SimpleNamespace(
        measure=measure, latest_value=9.0, latest_date=date(2026, 3, 31),
        expected=10.333333, rag=Rag.GREEN, source="From the SSDA903 data",
    )  # fmt: skip
    line = presenters.measure_line(row)
    assert {k: v for k, v in line.items() if k != "measure"} == {
        "source": "From the SSDA903 data",
        "latest_date": date(2026, 3, 31),
        "rag": Rag.GREEN,
        "rag_css": "govuk-tag--green",
        "baseline": "11%",
        "target": "9%",
        "latest": "9%",
        "expected_text": "10.3%",
        "tolerance": "0.5%",
    }
    none = presenters.measure_line(
        SimpleNamespace(measure=measure, latest_value=None, latest_date=None, expected=None,
                        rag=Rag.NONE, source="")
    )  # fmt: skip
    assert (none["latest"], none["expected_text"], none["rag_css"]) == (
        "No data", "", "govuk-tag--grey"
    )  # fmt: skip


def test_change_lines_name_fields_and_values_as_people_read_them():
    lines = presenters.change_lines(
        Action,
        [
            Change("status", "on_track", "at_risk"),
            Change("due", date(2030, 3, 31), None),
            Change("owner", "", "Early help"),
            Change("description", "", "x" * 301),
            Change("removed_field", 1, 2),
        ],
    )
    assert lines == [
        {"field": "Status", "old": "On track", "new": "At risk"},
        {"field": "Due date", "old": "31 Mar 2030", "new": "(blank)"},
        {"field": "Owner (team)", "old": "(blank)", "new": "Early help"},
        {"field": "Description", "old": "(blank)", "new": "x" * 297 + "…"},
        {"field": "removed_field", "old": "1", "new": "2"},
    ]


@pytest.mark.django_db
def test_change_lines_name_the_lead_by_name():
    lead = UserFactory(username="jo", first_name="Jo", last_name="Bloggs")
    assert presenters.change_lines(Action, [Change("lead", None, lead.pk)]) == [
        {"field": "Lead", "old": "(blank)", "new": "Jo Bloggs"}
    ]
    assert presenters.change_lines(Action, [Change("lead", 999999, None)])[0]["old"] == (
        "user 999999"
    )


def test_history_lines():
    entries = [
        HistoryEntry(
            when=datetime(2026, 6, 30, 9, 15), who=None, kind="~", item="Edge of care",
            changes=[Change("status", "on_track", "complete")], model=Action,
        ),
        HistoryEntry(when=datetime(2026, 6, 1), who=None, kind="+", item="Edge of care",
                     changes=[], model=Action),
    ]  # fmt: skip
    lines = presenters.history_lines(entries)
    assert [(h["who"], h["kind"], h["item_type"]) for h in lines] == [
        ("System", "Changed", "Action"),
        ("System", "Added", "Action"),
    ]
    assert lines[0]["changes"] == [{"field": "Status", "old": "On track", "new": "Complete"}]


def test_conflict_message():
    message = presenters.conflict_message(
        ConflictReport(
            people=["admin", "editor"],
            changes=[
                Change("owner", "Early help", "Fostering"),
                Change("status", "on_track", "at_risk"),
            ],
            model=Action, yours={"owner": "Residential"},
        )
    )  # fmt: skip
    assert message == {
        "summary": "admin and editor changed this action while you were editing it. "
        "Your changes have not been saved.",
        "clashes": [
            {
                "name": "owner", "field": "Owner (team)", "yours": "Residential",
                "theirs": "Fostering", "before": "Early help",
            }
        ],
        "changes": [{"field": "Status", "old": "On track", "new": "At risk"}],
        "advice": "Your values are kept below: choose which to keep, then save again.",
    }  # fmt: skip


def test_rich_text_makes_paragraphs_lists_and_links_with_govuk_classes():
    html = str(
        richtext.rich_text(
            "Homes near family.\n\n- one\n- **two**\n\n1. first\n2. second\n\n"
            "See [the report](https://example.org)."
        )
    )
    assert texts(html, "p.govuk-body") == ["Homes near family.", "See the report."]
    assert texts(html, "ul.govuk-list--bullet > li") == ["one", "two"]
    assert texts(html, "ul li strong") == ["two"]
    assert texts(html, "ol.govuk-list--number > li") == ["first", "second"]
    assert attr(html, "a.govuk-link", "href") == "https://example.org"
    assert "noopener" in attr(html, "a.govuk-link", "rel")


def test_rich_text_keeps_only_safe_markup():
    html = str(
        richtext.rich_text(
            '<p onclick="x()">Homes <script>alert(1)</script><a href="javascript:x">x</a>'
            "<img src=x onerror=alert(1)></p>"
        )
    )
    soup = parse(html)
    assert not soup.find_all(["script", "img"])
    assert soup.p.get("onclick") is None and soup.p.get("class") == ["govuk-body"]
    assert soup.a is not None and soup.a.get("href") is None  # the javascript: address is gone
    assert richtext.sanitise("<b>bold</b><em>it</em>") == "bold<em>it</em>"


def test_looks_like_html():
    assert richtext.looks_like_html("<p>Hello</p>")
    assert richtext.looks_like_html("Line<BR>break")
    assert not richtext.looks_like_html("Children < 16 and > 2")
