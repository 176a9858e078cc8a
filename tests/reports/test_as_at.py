"""A report holds true at its date: only what was known on it (issue 12).

The `council` fixture (tests/reports/conftest.py) has returns for 2023-24 and 2024-25, so its
data runs to 31 March 2025; a quarterly at 31 December 2024 must show nothing after that day
except a forecast made from a base date on or before it.
"""

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports import as_at, figures, footnotes, selectors
from reports.models import Benchmark
from reports.rendering import render_report
from sufficiency.calendar import dfe_published_on, latest_published_year
from sufficiency.plan.models import Action, ActionStatus, Update
from tests.factories import PopulationFactory
from tests.html import texts

LONDON = ZoneInfo("Europe/London")
ON = date(2024, 12, 31)


def test_dfe_figures_count_as_published_on_30_november_after_the_year():
    # 2023-24 ends 31 March 2024 and is published 30 November 2024.
    assert dfe_published_on(2024) == date(2024, 11, 30)
    assert latest_published_year(date(2024, 12, 31)) == 2024
    assert latest_published_year(date(2025, 3, 31)) == 2024  # 2024-25 not published yet
    assert latest_published_year(date(2025, 11, 29)) == 2024
    assert latest_published_year(date(2025, 11, 30)) == 2025


def benchmark(la, measure, year, level, value):
    code = {"national": "E92000001", "regional": "E12000005", "la": la.code}[level]
    Benchmark.objects.create(
        measure=measure, year=year, level=level, area_code=code, area_name=code,
        region_code="E12000005" if level == "la" else "", value=value, source="test.csv",
    )  # fmt: skip


def figures_of(la, kind, on) -> dict:
    text, _ = render_report(la=la, kind=kind, on=on, fmt="json")
    return json.loads(text)


def test_quarterly_at_31_december_shows_nothing_from_after_it(council):
    for year, england in ((2024, 70.0), (2025, 72.0)):
        benchmark(council, "rate_per_10k", year, "national", england)
        benchmark(council, "cla", year, "national", 80_000 + year)
    payload = figures_of(council, "quarterly", ON)
    assert (payload["kind"], payload["la"], payload["as_at"]) == (
        "quarterly",
        council.code,
        "2024-12-31",
    )
    rows = payload["figures"]
    later = [f for f in rows if date.fromisoformat(f["as_at"]) > ON]
    # Only forecast figures describe later dates, and each was made from 31 December 2024 or
    # before (the latest quarter end on or before the report with a year of data before it).
    assert later and {f["source"] for f in later} == {"forecast"}
    assert all(date.fromisoformat(f["base_date"]) <= ON for f in later)
    assert {f["base_date"] for f in rows if f["source"] == "forecast"} == {"2024-12-31"}
    # Benchmarks: 2024-25 is published on 30 November 2025, so at 31 December 2024 the latest
    # published year is 2023-24 (England's rate 70.0, not 2024-25's 72.0).
    bench = {f["key"]: f for f in rows if f["source"] == "benchmark"}
    assert bench["benchmark.rate_per_10k.england"]["value"] == 70.0
    assert bench["benchmark.rate_per_10k.england"]["period"] == "2023-24"
    assert bench["benchmark.rate_per_10k.england"]["as_at"] == "2024-03-31"
    # Counts are never benchmarked.
    assert not any(k.startswith("benchmark.cla.") for k in bench)


def test_forecast_section_never_starts_after_the_report(council):
    dash = selectors.dashboard(council, ON)
    assert dash.forecast.base_date == ON
    dash = selectors.dashboard(council, date(2025, 3, 31))
    assert dash.forecast.base_date == date(2025, 3, 31)


def test_a_return_ending_before_the_report_is_said_at_the_top(council):
    # The data ends on 31 March 2025; a report at 30 September 2025 knows nothing later.
    dash = selectors.dashboard(council, date(2025, 9, 30))
    assert dash.data_ends_before == date(2025, 3, 31)
    assert dash.now.on == date(2025, 3, 31)
    html, _ = render_report(la=council, kind="quarterly", on=date(2025, 9, 30), fmt="html")
    assert 'data-testid="data-notice"' in html
    quiet, _ = render_report(la=council, kind="quarterly", on=date(2025, 3, 31), fmt="html")
    assert 'data-testid="data-notice"' not in quiet


def set_history(action, when: datetime, status: str):
    """Record a change to the action as if made at `when`."""
    action.status = status
    action.save()
    record = action.history.order_by("-history_date").first()
    record.history_date = when
    record.save()


def test_action_statuses_follow_their_dated_updates_and_history(council):
    actions = list(Action.objects.filter(priority__strategy__la=council).order_by("pk")[:3])
    updated, changed, late = actions
    Action.objects.filter(pk__in=[a.pk for a in actions]).update(due=date(2027, 3, 31))
    for a in actions:
        a.refresh_from_db()
        a.history.all().delete()  # start each with no history before the dates tested
    # 1: an update on 30 September 2024 says on track, one on 31 January 2025 says off track.
    Update.objects.create(action=updated, date=date(2024, 9, 30), text="a", status="on_track")
    Update.objects.create(action=updated, date=date(2025, 1, 31), text="b", status="off_track")
    # 2: no updates; its history says at risk from 1 November 2024, complete from 1 March 2025.
    set_history(changed, datetime(2024, 11, 1, 9, tzinfo=LONDON), ActionStatus.AT_RISK)
    set_history(changed, datetime(2025, 3, 1, 9, tzinfo=LONDON), ActionStatus.COMPLETE)
    # 3: due 30 November 2024, on track at its last update on 30 October 2024: on 31 December
    # 2024 it is overdue, and overdue wins.
    Action.objects.filter(pk=late.pk).update(due=date(2024, 11, 30))
    Update.objects.create(action=late, date=date(2024, 10, 30), text="c", status="on_track")

    strategy = updated.priority.strategy

    def shown(on):
        by_pk = {a.action.pk: a for a in as_at.actions_at(strategy, on)}
        return [
            (by_pk[a.pk].shown_status, by_pk[a.pk].label) if a.pk in by_pk else None
            for a in actions
        ]

    # On 30 June 2024 none of the three had an update or a history record: not in the plan yet.
    assert shown(date(2024, 6, 30)) == [None, None, None]
    # On 31 October 2024 the first (30 September) and the third (30 October) had updates, both
    # on track; the second's history starts on 1 November.
    assert shown(date(2024, 10, 31)) == [
        ("on_track", "On track"), None, ("on_track", "On track"),
    ]  # fmt: skip
    assert shown(ON) == [
        ("on_track", "On track"), ("at_risk", "At risk"), ("overdue", "Overdue"),
    ]  # fmt: skip
    assert shown(date(2025, 3, 31)) == [
        ("off_track", "Off track"), ("complete", "Complete"), ("overdue", "Overdue"),
    ]  # fmt: skip
    # The document prints the same: the status cell of each action, in its own element.
    html, _ = render_report(la=council, kind="strategy", on=ON, fmt="html")
    for action, (_, label) in zip(actions, shown(ON), strict=True):
        assert cell(html, f'data-action-status="{action.pk}"') == label


def test_an_action_added_after_the_report_is_not_in_it(council):
    strategy = council.strategy
    before = {a.action.pk for a in as_at.actions_at(strategy, ON)}
    # Added today (its history says so) with no dated update: not in a report at 31 December
    # 2024, in one at today's date; its status then is its recorded one.
    priority = strategy.priorities.first()
    added = Action.objects.create(priority=priority, title="Added later", status="at_risk")
    assert {a.action.pk for a in as_at.actions_at(strategy, ON)} == before
    today = [a for a in as_at.actions_at(strategy, date.today()) if a.action == added]
    assert [(a.shown_status, a.label) for a in today] == [("at_risk", "At risk")]
    # Its history moved back to 1 December 2024: it existed on 31 December 2024.
    added.history.update(history_date=datetime(2024, 12, 1, 9, tzinfo=LONDON))
    (item,) = [a for a in as_at.actions_at(strategy, ON) if a.action == added]
    assert item.label == "At risk"
    counts = as_at.counts_at(as_at.actions_at(strategy, ON))
    assert counts["total"] == len(before) + 1
    # The document at 31 December 2024 lists it only once it existed.
    html, _ = render_report(la=council, kind="strategy", on=ON, fmt="html")
    assert f'data-action-status="{added.pk}"' in html
    added.history.update(history_date=datetime(2025, 1, 2, 9, tzinfo=LONDON))
    html, _ = render_report(la=council, kind="strategy", on=ON, fmt="html")
    assert f'data-action-status="{added.pk}"' not in html


def cell(html: str, attribute: str) -> str:
    start = html.index(attribute)
    return html[html.index(">", start) + 1 : html.index("<", start)].strip()


def test_a_key_never_has_two_values():
    registry = figures.Figures()
    registry.add("cla", 706, "706", date(2025, 3, 31), "measures")
    registry.add("cla", 706, "706", date(2025, 3, 31), "measures")  # the same figure again
    with pytest.raises(figures.FigureClash, match="cla has two values"):
        registry.add("cla", 724, "724", date(2025, 3, 31), "measures")
    with pytest.raises(ValueError, match="unknown source"):
        registry.add("x", 1, "1", date(2025, 3, 31), "guesswork")


@pytest.mark.parametrize("kind", ["quarterly", "strategy"])
def test_render_report_json_figures(council, kind, tmp_path):
    benchmark(council, "rate_per_10k", 2024, "national", 70.0)
    benchmark(council, "three_plus_placements", 2024, "national", 11.0)
    benchmark(council, "cla", 2024, "la", 2.0)
    out = tmp_path / "figures.json"
    call_command("render_report", la=council.code, kind=kind, date=date(2025, 3, 31),
                 format="json", out=out, stdout=io.StringIO())  # fmt: skip
    payload = json.loads(out.read_text())
    rows = payload["figures"]
    keys = [f["key"] for f in rows]
    assert len(keys) == len(set(keys))
    assert {f["source"] for f in rows} <= figures.SOURCES
    bench = [f for f in rows if f["source"] == "benchmark"]
    assert bench and all(f["kind"] in ("rate", "percent") for f in bench)
    # cla at the report's date is the measures command's figure: 3 children on 31 March 2025.
    measured = io.StringIO()
    call_command("measures", la=council.code, date=date(2025, 3, 31), stdout=measured)
    (cla,) = [f for f in rows if f["key"] == "cla"]
    assert cla["value"] == json.loads(measured.getvalue())["cla"] == 3
    assert cla["as_at"] == "2025-03-31" and cla["source"] == "measures"


def test_targets_are_honest(council):
    # The demo plan's "Children looked after": typed baseline 640 on 31 March 2025, target 590
    # by 31 March 2028, lower is better, tolerance 10. The council's data has 3 children on
    # 31 March 2025, so the baseline used is 3 and the typed 640 is flagged.
    strategy = council.strategy
    measure = strategy.measures.get(key="cla")
    assert measure.baseline_date == date(2025, 3, 31)
    dash = selectors.dashboard(council, date(2025, 3, 31))
    (row,) = [r for r in dash.scorecard if r.key == "cla"]
    assert (row.baseline, row.typed_baseline, row.baseline_differs) == (3, 640, True)
    # On the baseline date the straight line expects the baseline: 3, and the latest is 3.
    assert (row.expected, row.value, row.rag.value) == (3, 3, "green")
    # A forecast from 3 children cannot reach 590 by 2028 in any scenario: said in words.
    assert row.target_note.startswith("The target lies above the likely range")
    html, _ = render_report(la=council, kind="strategy", on=date(2025, 3, 31), fmt="html")
    assert 'data-testid="rag-rule"' in html and 'data-testid="target-note"' in html
    assert "Typed in as 640; the data gives 3 on 31 March 2025, used here." in html
    # At 31 December 2024 the baseline was not yet known: not rated, no line, no leak.
    (early,) = [r for r in selectors.dashboard(council, ON).scorecard if r.key == "cla"]
    assert (early.before_baseline, early.baseline, early.expected, early.rag.value) == (
        True, None, None, "none",
    )  # fmt: skip


def test_an_overdue_action_is_never_on_track(council):
    action = Action.objects.filter(priority__strategy__la=council).first()
    Action.objects.filter(pk=action.pk).update(due=date(2024, 12, 1))
    Update.objects.create(action=action, date=date(2024, 12, 15), text="x", status="on_track")
    (item,) = [a for a in as_at.actions_at(action.priority.strategy, ON) if a.action == action]
    # Due 1 December, last said on track on 15 December, not complete on 31 December: overdue.
    assert (item.status, item.overdue, item.label) == ("on_track", True, "Overdue")
    counts = as_at.counts_at([item])
    assert counts == {"by_status": {"overdue": 1}, "total": 1, "overdue": 1}


@pytest.mark.parametrize("page", ["actions:strategy_edit", "reports:index"])
def test_the_editor_sees_text_the_data_contradicts(council, client_for, page):
    # 2 children in care on 31 March 2024 and 3 on 31 March 2025: the count rose, and the
    # council's context says it fell.
    strategy = council.strategy
    strategy.context = "The number of children in care fell last year."
    strategy.save()
    url = reverse(page, kwargs={"la_code": council.code})
    response = client_for("admin").get(url, {"date": "2025-03-31"} if page == "reports" else {})
    assert response.status_code == 200
    (item,) = texts(response.content, '[data-testid="text-warnings"] li[data-section="context"]')
    assert item.endswith(
        "It says the number fell; the data says it rose: 2 children in care on 31 March 2024 "
        "and 3 on 31 March 2025."
    )


def test_footnotes_where_a_reader_would_stumble(council):
    # The fixture has 30,000 children aged 0-17 for 2024-25; add 29,000 for 2023-24: the
    # denominator of the rate rose by 1,000 (3.4%, well over the 0.5% worth a note).
    PopulationFactory(la=council, year=2024, children=29000)
    dash = selectors.dashboard(council, date(2025, 3, 31))
    notes = footnotes.notes(dash)
    assert notes[0] == (
        "Rates per 10,000 use the estimate of children aged 0 to 17 for each year, which rose "
        "from 29,000 (2023-24) to 30,000 (2024-25); so the rate can move differently from the "
        "count of children."
    )
    assert footnotes.QUARTERLY_COUNTING in notes
    # The demo plan's hand-entered measures have no values in the fixture: each says why.
    assert (
        "In-house foster households: entered by hand, and no value had been entered for "
        "31 March 2025 or earlier."
    ) in notes


def test_the_documents_print_the_registrys_figures(council):
    # The strategy at 31 March 2025: children looked after (3 in the fixture) reads the same in
    # the needs analysis, the measures table and the forecast as in the JSON registry.
    on = date(2025, 3, 31)
    registry = {f["key"]: f for f in figures_of(council, "strategy", on)["figures"]}
    assert registry["cla"]["text"] == "3"
    html, _ = render_report(la=council, kind="strategy", on=on, fmt="html")
    latest = texts(html, '#measures [data-figure="latest"]')
    assert latest[0] == registry["cla"]["text"]  # the plan's first measure is children looked after
    assert texts(html, "#needs > p")[0].startswith("On 31 March 2025, 3 children were looked after")
    assert registry["forecast.cla_at_base"]["value"] == 3


@pytest.mark.parametrize("page", ["reports:dashboard", "reports:strategy"])
def test_the_editor_sees_contradicting_text_where_each_document_is_generated(
    council, client_for, page
):
    # 2 children in care on 31 March 2024, 3 on 31 March 2025 (the fixture).
    strategy = council.strategy
    strategy.context = "The number of children in care fell last year."
    strategy.save()
    response = client_for("admin").get(
        reverse(page, kwargs={"la_code": council.code}), {"date": "2025-03-31"}
    )
    (item,) = texts(response.content, '[data-testid="text-warnings"] li[data-section="context"]')
    assert item.endswith("It says the number fell; the data says it rose: 2 children in care "
                         "on 31 March 2024 and 3 on 31 March 2025.")  # fmt: skip


def test_the_quarters_commentary_is_checked_against_the_data(council, client_for):
    # The quarterly document's own words are its commentary: "45 children" is more than 5% from
    # every count the data holds (2 on 31 March 2024, 3 on 31 March 2025).
    from reports.models import Commentary

    Commentary.objects.create(
        la=council, quarter_end=date(2025, 3, 31), section="children",
        text="We now look after 45 children in care, and the number of children fell.",
    )  # fmt: skip
    for page in ("reports:index", "reports:dashboard"):
        response = client_for("admin").get(
            reverse(page, kwargs={"la_code": council.code}), {"date": "2025-03-31"}
        )
        found = texts(
            response.content, '[data-testid="text-warnings"] li[data-section="commentary-children"]'
        )
        assert found == [
            "Commentary on children in care: “We now look after 45 children in care, and the "
            "number of children fell.” It says 45 children; the data gives 3 children in care "
            "on 31 March 2025.",
            "Commentary on children in care: “We now look after 45 children in care, and the "
            "number of children fell.” It says the number fell; the data says it rose: 2 "
            "children in care on 31 March 2024 and 3 on 31 March 2025.",
        ], page
    # Another quarter's commentary is not this quarter's document.
    other = client_for("admin").get(
        reverse("reports:dashboard", kwargs={"la_code": council.code}), {"date": "2024-12-31"}
    )
    assert not texts(other.content, '[data-testid="text-warnings"] li')
