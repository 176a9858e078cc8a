"""At 375 px wide (a small phone) no main page scrolls sideways: wide tables scroll inside their
own focusable region instead. Chart labels are drawn whole, inside the plot area."""

import os
from pathlib import Path

import pytest

from placements.market.services import import_providers
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.reports.conftest import council  # noqa: F401  (a fixture)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "market"
WIDTH = 375


@pytest.fixture
def small_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": WIDTH, "height": 800}
    )
    page = context.new_page()
    yield page
    context.close()


def main_pages(code: str) -> list[str]:
    return [
        f"/{code}/",
        f"/{code}/children/",
        f"/{code}/market/",
        f"/{code}/referrals/",
        f"/{code}/forecast/",
        f"/{code}/actions/",
        f"/{code}/actions/strategy/",
        f"/{code}/reports/",
        f"/{code}/reports/dashboard/",
        f"/{code}/reports/strategy/",
        f"/{code}/data/",
        "/help/",
        "/help/market/",
        "/help/glossary/",
    ]


OVERFLOW = """() => ({
  width: document.documentElement.scrollWidth,
  culprits: [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(e => !e.parentElement.closest('.app-table-wrapper, .js-plotly-plot'))
    .slice(0, 5).map(e => e.tagName + '.' + (e.className.baseVal ?? e.className)
      + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)),
})"""


def test_no_main_page_overflows_at_375_px(small_page, cast, council):  # noqa: F811
    page = small_page
    import_providers(name="list.csv", data=(FIXTURES / "ofsted_providers_2024.csv").read_bytes())
    page.goto("/accounts/login/")
    assert page.evaluate(OVERFLOW)["width"] <= WIDTH
    assert_accessible(page)
    sign_in(page, "editor", PASSWORD)
    overflowing = {}
    only = os.environ.get("SMALL_SCREEN_ONLY")
    for path in main_pages(council.code):
        if only and only not in path:
            continue
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        found = page.evaluate(OVERFLOW)
        if found["width"] > WIDTH:
            overflowing[path] = found
        assert_accessible(page, "375" + path.replace("/", "-").rstrip("-"))
    assert overflowing == {}


def test_wide_tables_scroll_in_a_focusable_region(small_page, cast, council):  # noqa: F811
    page = small_page
    sign_in(page, "editor", PASSWORD)
    page.goto(f"/{council.code}/reports/dashboard/")
    page.locator(".js-plotly-plot").first.wait_for()
    wrappers = page.locator(".app-table-wrapper")
    scrolling = 0
    for index in range(wrappers.count()):
        wrapper = wrappers.nth(index)
        if not wrapper.is_visible():
            continue
        if wrapper.evaluate("e => e.scrollWidth > e.clientWidth + 1"):
            scrolling += 1
            assert wrapper.get_attribute("tabindex") == "0"
            assert wrapper.get_attribute("role") == "region"
            assert wrapper.get_attribute("aria-label")
            # Its first column (the row headings) stays in view while it scrolls.
            wrapper.evaluate("e => { e.scrollLeft = 200; }")
            heading = wrapper.locator("tbody th[scope=row]").first
            if heading.count():
                box, frame = heading.bounding_box(), wrapper.bounding_box()
                assert box["x"] >= frame["x"] - 1
    assert scrolling > 0  # the scorecard is wider than a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
