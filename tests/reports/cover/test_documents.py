"""The committee paper in both documents: the cover report is the first page of the PDF and the
start of the HTML, implications and sign-offs come at the end, before the appendices; the
strategy has children's voice and the previous strategy's measures."""

import io
from datetime import date, datetime, time

import pytest
from django.utils import timezone
from pypdf import PdfReader

from reports import cover_services as services
from reports.cover_models import CoverReport, StrategyReview
from reports.cover_presenters import recommendations_for
from reports.cover_selectors import equality_figures, previous_measures
from reports.rendering import render_report
from reports.selectors import dashboard
from sufficiency.plan import services as plan_services
from sufficiency.plan.models import Measure
from tests.html import element, parse, text_of, texts

ON = date(2025, 3, 31)


@pytest.fixture
def cover(council, cast):
    cover = CoverReport(la=council, kind="quarterly", reference_date=ON)
    return services.save_fields(
        cover,
        seen_version=1,
        changes={"meeting": "Corporate Parenting Board", "meeting_date": date(2025, 5, 6),
                 "recommendations": "Note the figures.\nEndorse the new homes.",
                 "author": "Sam Jones, Commissioning Manager", "key_decision": "no"},
        draft_texts={},
        user=cast["admin"],
    )  # fmt: skip


def test_the_equalities_figures_of_a_hand_made_cohort(council):
    # The fixture's 3 children on 31 March 2025: sexes M, F, M; born 1 June 2010 (14),
    # 15 January 2008 (17) and 9 September 2007 (17); WBRI, BAFR, AIND; all category of need
    # N1, so none for disability; child 3 is unaccompanied.
    figures = equality_figures(dashboard(council, ON))
    assert figures is not None
    assert (figures.cla, figures.disability, figures.uasc) == (3, 0, 1)
    assert figures.sex == {"male": 2, "female": 1, "unknown": 0}
    assert figures.age_bands["10_15"] == 1 and figures.age_bands["16_plus"] == 2


def test_the_equalities_draft_on_the_page(client_for, council):
    response = client_for("viewer").get(f"/{council.code}/reports/paper/strategy/?date=2025-03-31")
    assert text_of(response, "#value-equalities").startswith(
        "Of the 3 children looked after on 31 March 2025: 2 (66.7%) male and 1 (33.3%) female. "
        "By age: 1 (33.3%) aged 10 to 15 and 2 (66.7%) aged 16 and over. By ethnicity: "
        "1 (33.3%) White, 1 (33.3%) Asian or Asian British and 1 (33.3%) Black or Black British."
        " 0 (0.0%) were in care mainly because of their disability"
    )


def test_the_quarterly_html_starts_with_the_cover_and_ends_with_implications(council, cover):
    html, _ = render_report(la=council, kind="quarterly", on=ON, fmt="html")
    page = parse(html)
    first = page.select("body > section")[0]
    assert first.get("id") == "committee-cover"
    assert text_of(first, "[data-cover=meeting]") == "Corporate Parenting Board"
    assert text_of(first, "[data-cover=meeting_date]") == "6 May 2025"
    assert text_of(first, "[data-cover=key_decision]") == "No"
    assert text_of(first, "[data-cover=classification]") == "OFFICIAL-SENSITIVE"
    assert texts(first, "[data-cover=recommendations] li") == [
        "Note the figures.",
        "Endorse the new homes.",
    ]
    assert text_of(page, "[data-implication=legal]").startswith("Section 22G of the Children Act")
    assert text_of(page, "[data-sign-off=finance_sign_off]") == "Not yet signed off"
    ids = [s.get("id") for s in page.select("body > section")]
    assert ids.index("implications") > ids.index("section-scorecard")
    assert recommendations_for(cover) == ["Note the figures.", "Endorse the new homes."]


def test_the_classification_follows_the_deployment_setting(council, settings):
    settings.PROTECTIVE_MARKING = "OFFICIAL"
    html, _ = render_report(la=council, kind="strategy", on=ON, fmt="html")
    assert text_of(html, "#committee-cover [data-cover=classification]") == "OFFICIAL"


def test_the_strategy_pdf_opens_with_the_cover_report(council, cast):
    pdf, _ = render_report(la=council, kind="strategy", on=ON, fmt="pdf")
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    first = pages[0]
    assert "Recommendations" in first and "The board is asked to:" in first
    assert "Approve the" in first and "Reasons for the recommendations" in first
    whole = "\n".join(pages)
    implications = next(i for i, t in enumerate(pages) if "Financial implications" in t)
    # The appendix itself, not the contents' line naming it: the last page to name it.
    definitions = max(i for i, t in enumerate(pages) if "Appendix: definitions" in t)
    assert implications < definitions
    assert "Section 22G of the Children Act 1989" in whole
    assert "What children and young people told us" in whole


def test_the_strategy_html_has_voice_and_the_previous_strategy(council, cast):
    strategy = council.strategy
    services.save_fields(
        StrategyReview(strategy=strategy), seen_version=1,
        changes={"children_heard": 12, "care_leavers_heard": 1,
                 "you_said_we_did": "Closer to school.\nWe opened a home nearby.",
                 "previous_ended_on": ON},
        draft_texts={}, user=cast["admin"],
    )  # fmt: skip
    html, _ = render_report(la=council, kind="strategy", on=ON, fmt="html")
    heard = text_of(html, "[data-voice=heard]")
    assert heard == "We heard from 12 children in care and 1 care leaver."
    assert texts(html, "[data-voice=you_said_we_did] tbody td") == [
        "Closer to school.",
        "We opened a home nearby.",
    ]
    # The plan's measures (recorded after that date, so as they are now) against the figures:
    # the first demo measure is children looked after, 3 in the fixture on 31 March 2025.
    assert element(html, "[data-previous=measures]")
    assert text_of(html, "[data-previous-actual='1']") == "3"


def test_the_previous_strategy_measures_come_from_the_history_on_its_end_date(council, cast):
    """A measure recorded in 2021 and removed when the strategy ended is in the review, as it
    was set then; the plan's current measures (recorded later) are not."""
    strategy = council.strategy
    old = plan_services.add_measure(
        strategy=strategy, user=cast["admin"], name="Children in care (old)", key="cla",
        unit="number", direction="lower", baseline_value=5, baseline_date=date(2021, 3, 31),
        target_value=2, target_date=date(2024, 3, 31),
    )  # fmt: skip
    pk = old.pk
    plan_services.delete_measure(measure=old, user=cast["admin"])
    at = lambda day: timezone.make_aware(datetime.combine(day, time(9)))  # noqa: E731
    Measure.history.filter(id=pk, history_type="+").update(history_date=at(date(2021, 4, 1)))
    Measure.history.filter(id=pk, history_type="-").update(history_date=at(date(2024, 4, 1)))
    rows = previous_measures(strategy, date(2024, 3, 31), dashboard(council, ON))
    assert [r.measure.name for r in rows] == ["Children in care (old)"]
    # 3 children in care on 31 March 2025 against a target of 2 (lower is better): not met.
    assert (rows[0].actual, rows[0].met) == (3, False)


def _asks(html: str) -> tuple[list[str], list[str]]:
    """What the board is asked to do, as the cover lists it and as the summary lists it."""
    cover_items = [
        li.get_text(" ", strip=True) for li in element(html, "[data-cover=recommendations]")("li")
    ]
    summary_items = [
        li.get_text(" ", strip=True) for li in element(html, "[data-testid=board-asks]")("li")
    ]
    return cover_items, summary_items


def test_the_quarterly_cover_and_summary_ask_the_board_the_same_things(client_for, council, cover):
    html = client_for("viewer").get(f"/{council.code}/reports/dashboard/?date=2025-03-31")
    on_cover, in_summary = _asks(html.content.decode())
    assert on_cover == in_summary == ["Note the figures.", "Endorse the new homes."]


def test_without_the_councils_recommendations_the_cover_lists_the_summarys(client_for, council):
    html = client_for("viewer").get(f"/{council.code}/reports/dashboard/?date=2025-03-31")
    on_cover, in_summary = _asks(html.content.decode())
    assert on_cover == in_summary
    assert in_summary[0] == "Note the sufficiency position at 31 March 2025."
