"""At 375 px wide (a small phone) no main page scrolls sideways: wide tables scroll inside their
own focusable region instead. Chart labels are drawn whole, inside the plot area."""

import os
from pathlib import Path

import pytest

from placements.cohort.services import create_return, import_return
from placements.market.services import import_providers
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.placements.returns import episodes, header
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
    for path in ("/accounts/login/", "/accounts/password/reset/"):
        page.goto(path)
        assert page.evaluate(OVERFLOW)["width"] <= WIDTH, path
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


LABELS = """() => [...document.querySelectorAll('.app-chart[data-chart]')].map(chart => {
  const figure = JSON.parse(document.getElementById(chart.dataset.chart).textContent);
  const wanted = figure.data.filter(t => t.type === 'bar' && t.textposition === 'outside')
    .flatMap(t => t.text || []).map(String);
  const area = chart.querySelector('.bglayer .bg') || chart.querySelector('.main-svg');
  const box = area.getBoundingClientRect();
  const drawn = [...chart.querySelectorAll('text.bartext')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, inside: r.left >= box.left - 1 && r.right <= box.right + 1
      && r.top >= box.top - 1 && r.bottom <= box.bottom + 1};
  });
  return {id: chart.dataset.chart, wanted, drawn};
}).filter(c => c.wanted.length)"""


def big_market() -> list:
    """The figures the issue saw clipped: 199 children with a Good provider (Oak House), 359
    with no provider recorded; and 40 with an Outstanding one, 12 Requires improvement."""
    groups = [("SC100001", 199), ("", 359), ("SC100002", 40), ("SC100003", 12)]
    children, rows = [], []
    for urn, n in groups:
        for _ in range(n):
            child = len(children) + 1
            children.append(f"{child},M,01/06/2010,WBRI,,,")
            rows.append(f"{child},01/05/2024,S,C2,N1,K2,PR4,,,,WV1 1LY,WV4 4QF,{urn}")
    return [header(*children), episodes(*rows)]


@pytest.mark.parametrize("width", [WIDTH, 1200])
def test_chart_labels_are_whole_and_inside_the_plot_area(browser, live_server, cast, la, width):
    import_providers(name="list.csv", data=(FIXTURES / "ofsted_providers_2024.csv").read_bytes())
    import_return(create_return(la=la, year=2025, uploads=big_market(), user=None))
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    sign_in(page, "viewer", PASSWORD)
    page.goto(f"/{la.code}/market/")
    page.locator(".app-chart .main-svg").first.wait_for()
    page.wait_for_load_state("networkidle")
    charts = page.evaluate(LABELS)
    assert charts, "no chart with labels on the market page"
    for chart in charts:
        assert sorted(d["text"] for d in chart["drawn"]) == sorted(chart["wanted"]), chart["id"]
        assert all(d["inside"] for d in chart["drawn"]), chart
    context.close()
