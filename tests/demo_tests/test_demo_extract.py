"""The demo's later years (ADR 0021): continued from the generated ones without changing them,
the last an in-year extract to the last quarter end before today."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from demo import cohort as demo_cohort
from demo import continuation, synthetic
from demo import plan as demo_plan
from placements.cohort import selectors
from placements.cohort.models import Return
from sufficiency.councils import LocalAuthority
from tests.conftest import make_user, sign_in
from tests.html import parse, texts

TODAY = date(2026, 11, 29)


def small(**kwargs):
    return synthetic.generate(first_year=2023, last_year=2025, children=80, seed=3, **kwargs)


def test_the_continued_years_leave_the_generated_ones_as_they_were():
    returns = small()
    later = continuation.continue_returns(returns, last_year=2027, seed=3)
    again = small()
    for year in (2023, 2024, 2025):
        for name, frame in again[year].items():
            assert returns[year][name].equals(frame), (year, name)
    assert sorted(later) == [2026, 2027]
    # Every child in care at the end of 2024-25 is in the 2025-26 return.
    episodes = returns[2025]["Episodes"]
    still_open = set(episodes.loc[episodes["DEC"] == "", "CHILD"])
    assert still_open <= set(later[2026]["Episodes"]["CHILD"])
    # Every child of the return has a Header row (care leavers too), as the reader requires.
    children = set(later[2026]["Header"]["CHILD"])
    assert set(later[2026]["Episodes"]["CHILD"]) | set(later[2026]["OC3"]["CHILD"]) == children


def test_an_extract_knows_nothing_after_its_date():
    later = continuation.continue_returns(small(), last_year=2027, seed=3)
    cut = continuation.extract(later[2027], date(2026, 9, 30))
    decom = cut["Episodes"]["DECOM"].map(continuation._d)
    dec = cut["Episodes"]["DEC"].map(continuation._d)
    assert (decom <= date(2026, 9, 30)).all()
    assert dec.map(lambda d: d is None or d <= date(2026, 9, 30)).all()
    # Episodes open on 30 September 2026 are open in the extract.
    full = later[2027]["Episodes"]
    open_then = full["DECOM"].map(continuation._d).le(date(2026, 9, 30)) & full["DEC"].map(
        lambda t: t == "" or continuation._d(t) > date(2026, 9, 30)
    )
    assert int(open_then.sum()) == int((cut["Episodes"]["DEC"] == "").sum())


@pytest.fixture
def demo_la(db, monkeypatch):
    monkeypatch.setattr(demo_cohort, "CHILDREN", 120)  # the demo's shape, fewer children
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return LocalAuthority.objects.create(code="E08000031", name="Demo council")


def test_the_demo_has_an_extract_to_30_september_2026_and_its_dashboard_shows_the_updates(
    demo_la, client
):
    out = io.StringIO()
    demo_cohort.load_demo(la=demo_la, stdout=out)
    imported = Return.objects.filter(la=demo_la, status=Return.Status.IMPORTED)
    assert sorted(imported.values_list("year", flat=True)) == list(range(2020, 2028))
    extract = imported.get(year=2027)
    assert extract.as_at == date(2026, 9, 30)
    assert "2026-27 in-year extract, data as at 30 September 2026" in out.getvalue()
    assert not imported.get(year=2026).is_extract
    data = selectors.cohort(la=demo_la)
    assert selectors.reference_dates(data)[0] == date(2026, 9, 30)

    demo_plan.load_demo(la=demo_la, stdout=io.StringIO())
    viewer = sign_in(client, make_user("demo-viewer", demo_la, "viewer"))
    response = viewer.get(reverse("reports:dashboard", args=[demo_la.code]), {"date": "2026-09-30"})
    assert response.status_code == 200
    html = response.content
    found = [item["data-date"] for item in parse(html).select("[data-update]")]
    assert found, "the quarter's action updates are on the dashboard"
    assert all("2026-07-01" <= d <= "2026-09-30" for d in found)
    assert texts(html, "#data-as-at") and "30 September 2026" in texts(html, "#data-as-at")[0]

    # Run again (setup_demo does): nothing is imported again.
    again = io.StringIO()
    demo_cohort.load_demo(la=demo_la, stdout=again)
    assert "Demo returns already loaded" in again.getvalue()
    assert Return.objects.filter(la=demo_la).count() == imported.count()


def test_the_next_quarter_brings_a_later_extract_that_replaces_the_earlier(demo_la):
    demo_cohort.load_demo(la=demo_la, stdout=io.StringIO(), today=TODAY)
    first = Return.objects.get(la=demo_la, year=2027, status=Return.Status.IMPORTED)
    demo_cohort.load_demo(la=demo_la, stdout=io.StringIO(), today=date(2027, 1, 15))
    first.refresh_from_db()
    assert first.status == Return.Status.REPLACED
    later = Return.objects.get(la=demo_la, year=2027, status=Return.Status.IMPORTED)
    assert later.as_at == date(2026, 12, 31)
