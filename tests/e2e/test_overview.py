"""The overview's figures and what needs attention, in a browser: axe finds nothing, and the
prompts' links lead to the action named."""

from datetime import date

from reports import attention
from sufficiency.plan.models import ActionStatus
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import (
    ActionFactory,
    ContractFactory,
    PriorityFactory,
    ProviderFactory,
    StrategyFactory,
    UpdateFactory,
)
from tests.placements.returns import load
from tests.reports.test_overview_attention import YEAR_2025


def test_the_overview_says_what_needs_attention(page, cast, la, monkeypatch):
    monkeypatch.setattr(attention, "today", lambda: date(2026, 11, 29))
    load(la, 2025, *YEAR_2025)
    priority = PriorityFactory(strategy=StrategyFactory(la=la))
    late = ActionFactory(priority=priority, title="Open a children's home", due=date(2026, 10, 1))
    off = ActionFactory(priority=priority, title="Recruit carers", due=date(2027, 3, 31))
    UpdateFactory(action=off, date=date(2026, 10, 15), status=ActionStatus.OFF_TRACK)
    ContractFactory(la=la, provider=ProviderFactory(name="Oak House"), end=date(2027, 2, 15))

    sign_in(page, "viewer", PASSWORD)
    page.goto(f"/{la.code}/")
    assert page.locator("[data-figure='cla']").inner_text() == "2"
    assert "31 October 2026" in page.locator("#prompt-stale-data").inner_text()
    assert "Oak House" in page.locator("#prompt-contracts-ending").inner_text()
    assert page.locator("#prompt-quarterly-report").is_visible()
    assert_accessible(page, "overview-attention")

    page.locator(f"#prompt-overdue-actions [data-action='{late.pk}']").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().endswith("Open a children's home")
    assert page.console_errors == [], page.console_errors
