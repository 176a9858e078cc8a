"""The overview's "what needs attention" (ADR 0021) on hand-made data, on 29 November 2026.

Data due: the data to a quarter end is due by the end of the month after it, so on
29 November 2026 the data to 30 September 2026 (due 31 October 2026) is the latest due.
"""

from datetime import date

import pytest
from django.urls import reverse

from reports import attention
from reports.models import GeneratedReport
from sufficiency.plan.models import ActionStatus
from tests.factories import (
    ActionFactory,
    ContractFactory,
    PopulationFactory,
    PriorityFactory,
    ProviderFactory,
    StrategyFactory,
    UpdateFactory,
)
from tests.html import attr, element, text_of, texts
from tests.placements.returns import episodes, header, load

TODAY = date(2026, 11, 29)
HEADER = header("1,M,01/06/2010,WBRI,,,", "2,F,15/01/2012,BAFR,,,", "3,M,09/09/2014,AIND,,,")
# 2024-25: children 1 and 2 in care on 31 March 2025.
YEAR_2025 = [
    HEADER, episodes("1,01/05/2022,S,C2,N1,U1,PR1,,,,,,", "2,01/06/2023,S,C2,N1,U1,PR1,,,,,,")
]  # fmt: skip
# 2025-26: child 2 leaves on 1 June 2025; child 3 starts on 1 January 2026.
YEAR_2026 = [
    HEADER,
    episodes(
        "1,01/05/2022,S,C2,N1,U1,PR1,,,,,,", "2,01/06/2023,S,C2,N1,U1,PR1,01/06/2025,E4A,,,,",
        "3,01/01/2026,S,C2,N1,U1,PR1,,,,,,",
    ),
]  # fmt: skip
# 2026-27 extract to 30 September 2026: child 3 left on 1 August 2026.
EXTRACT = [
    HEADER,
    episodes("1,01/05/2022,S,C2,N1,U1,PR1,,,,,,", "3,01/01/2026,S,C2,N1,U1,PR1,01/08/2026,E4A,,,,"),
]


@pytest.fixture
def up_to_date(la):
    """Data to 30 September 2026, the quarterly report for it made: nothing is late."""
    load(la, 2025, *YEAR_2025)
    load(la, 2026, *YEAR_2026)
    load(la, 2027, *EXTRACT, as_at=date(2026, 9, 30))
    PopulationFactory(la=la, year=2027, children=20000)
    GeneratedReport.objects.create(
        la=la, kind="quarterly", reference_date=date(2026, 9, 30), status="done"
    )
    return la


def test_data_due_by_the_end_of_the_month_after_the_quarter_end():
    assert attention.data_due_by(date(2026, 9, 30)) == date(2026, 10, 31)
    assert attention.data_due_by(date(2026, 12, 31)) == date(2027, 1, 31)
    assert attention.data_due_by(date(2027, 3, 31)) == date(2027, 4, 30)
    assert attention.latest_due(date(2026, 10, 31)) == date(2026, 9, 30)
    assert attention.latest_due(date(2026, 10, 30)) == date(2026, 6, 30)
    assert attention.latest_due(TODAY) == date(2026, 9, 30)


def test_nothing_needs_attention_and_the_headline_figures_are_at_the_extract_date(up_to_date):
    result = attention.attention(up_to_date, TODAY)
    assert (result.on, result.as_at, result.extract) == (date(2026, 9, 30),) * 2 + (True,)
    assert result.stale is None and attention.prompt_count(result) == 0
    assert result.next_data == attention.NextData(date(2026, 12, 31), date(2027, 1, 31))
    # On 30 September 2026 only child 1 is in care; in the 12 months from 1 October 2025
    # child 3 started (1 January 2026) and child 3 ceased (1 August 2026); child 2 left on
    # 1 June 2025, before them. Rate: 1 / 20,000 x 10,000 = 0.5.
    figures = {f["key"]: f["value"] for f in attention.headline_figures(result)}
    assert figures == {"cla": "1", "rate_per_10k": "0.5", "started": "1", "ceased": "1"}


def test_stale_data_says_what_was_due_and_when(la):
    load(la, 2025, *YEAR_2025)
    result = attention.attention(la, TODAY)
    assert result.stale == attention.StaleData(
        date(2025, 3, 31), date(2026, 9, 30), date(2026, 10, 31)
    )
    assert result.stale.name == "the in-year extract"
    # On 30 May 2026 the 2025-26 year-end return (data to 31 March 2026) was due by 30 April.
    earlier = attention.attention(la, date(2026, 5, 30)).stale
    assert earlier.wanted == date(2026, 3, 31) and earlier.due == date(2026, 4, 30)
    assert earlier.name == "the 2025-26 year-end return"


def test_overdue_and_off_track_actions_by_name(up_to_date):
    priority = PriorityFactory(strategy=StrategyFactory(la=up_to_date))
    late = ActionFactory(priority=priority, title="Open a children's home", due=date(2026, 10, 1))
    ActionFactory(priority=priority, title="Done already", due=date(2026, 10, 1),
                  status=ActionStatus.COMPLETE)  # fmt: skip
    off = ActionFactory(priority=priority, title="Recruit carers", due=date(2027, 3, 31))
    UpdateFactory(action=off, date=date(2026, 10, 15), status=ActionStatus.OFF_TRACK)
    fine = ActionFactory(priority=priority, title="Review fees", due=date(2027, 3, 31))
    UpdateFactory(action=fine, date=date(2026, 10, 15), status=ActionStatus.ON_TRACK)
    result = attention.attention(up_to_date, TODAY)
    assert [a.pk for a in result.overdue] == [late.pk]
    assert [a.pk for a in result.off_track] == [off.pk]


def test_contracts_ending_by_the_end_of_the_next_quarter(up_to_date):
    ending = ContractFactory(la=up_to_date, provider=ProviderFactory(name="Oak House"),
                             end=date(2027, 2, 15))  # fmt: skip
    ContractFactory(la=up_to_date, end=date(2027, 6, 30))  # after 31 March 2027
    ContractFactory(la=up_to_date, end=date(2026, 11, 1))  # already ended
    ContractFactory(la=up_to_date, end=None)
    result = attention.attention(up_to_date, TODAY)
    assert result.contracts_to == date(2027, 3, 31)
    assert [c.pk for c in result.contracts] == [ending.pk]


def test_a_quarterly_report_not_made_for_the_last_quarter_end(la):
    empty = attention.attention(la, TODAY)  # no data yet: getting started comes first
    assert empty.report_missing is None and attention.prompt_count(empty) == 0
    load(la, 2025, *YEAR_2025)
    assert attention.attention(la, TODAY).report_missing == date(2026, 9, 30)
    GeneratedReport.objects.create(
        la=la, kind="quarterly", reference_date=date(2026, 9, 30), status="failed"
    )
    assert attention.attention(la, TODAY).report_missing == date(2026, 9, 30)
    GeneratedReport.objects.create(
        la=la, kind="quarterly", reference_date=date(2026, 9, 30), status="done"
    )
    assert attention.attention(la, TODAY).report_missing is None


@pytest.fixture
def on_29_november(monkeypatch):
    monkeypatch.setattr(attention, "today", lambda: TODAY)


def overview(client_for, la, who="viewer"):
    response = client_for(who).get(reverse("overview:index", args=[la.code]))
    assert response.status_code == 200
    return response.content


def test_the_overview_page_shows_no_prompt_when_nothing_needs_attention(
    up_to_date, cast, client_for, on_29_november
):
    html = overview(client_for, up_to_date)
    assert attr(html, "#overview-as-at", "data-as-at") == "2026-09-30"
    assert "in-year extract" in text_of(html, "#overview-as-at")
    assert text_of(html, "[data-figure='cla']") == "1"
    assert text_of(html, "[data-figure='rate_per_10k']") == "0.5"
    assert attr(html, "#overview-next-data", "data-due") == "2027-01-31"
    element(html, "#prompt-none")
    assert "2026-27 in-year extract, data as at 30 September 2026" in text_of(
        html, "#status-1-hint"
    )
    for prompt in ("stale-data", "overdue-actions", "off-track-actions", "contracts-ending",
                   "quarterly-report"):  # fmt: skip
        assert not texts(html, f"#prompt-{prompt}")


def test_the_overview_page_shows_each_prompt(la, cast, client_for, on_29_november):
    load(la, 2025, *YEAR_2025)
    priority = PriorityFactory(strategy=StrategyFactory(la=la))
    late = ActionFactory(priority=priority, title="Open a children's home", due=date(2026, 10, 1))
    off = ActionFactory(priority=priority, title="Recruit carers", due=date(2027, 3, 31))
    UpdateFactory(action=off, date=date(2026, 10, 15), status=ActionStatus.OFF_TRACK)
    contract = ContractFactory(la=la, provider=ProviderFactory(name="Oak House"),
                               end=date(2027, 2, 15))  # fmt: skip
    html = overview(client_for, la)
    assert attr(html, "#prompt-stale-data", "data-due") == "2026-10-31"
    assert "was due by 31 October 2026" in text_of(html, "#prompt-stale-data")
    link = element(html, f"#prompt-overdue-actions [data-action='{late.pk}']")
    assert link["href"] == reverse("actions:action", args=[la.code, late.pk])
    assert link.get_text() == "Open a children's home"
    assert text_of(html, f"#prompt-off-track-actions [data-action='{off.pk}']") == "Recruit carers"
    assert "Oak House" in text_of(html, f"#prompt-contracts-ending [data-contract='{contract.pk}']")
    assert attr(html, "#prompt-quarterly-report", "data-date") == "2026-09-30"
    assert not texts(html, "#prompt-none")
