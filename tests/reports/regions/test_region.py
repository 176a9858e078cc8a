"""A region of three councils from hand-made returns (tests/reports/regions/region.py): the
region's figures are its members', each placement is in one cell of the matrix, small numbers
are hidden, a council that does not share is absent and members' own pages stay theirs."""

from datetime import date

import pytest
from django.urls import reverse

from reports.regions import analysis, presenters, selectors
from sufficiency.audit.models import AuditEvent
from sufficiency.regions.models import RegionalMembership, RegionMember
from sufficiency.roles import RegionalRole, Role
from tests.conftest import make_user, sign_in
from tests.factories import UserFactory
from tests.html import parse, squash
from tests.reports.regions import region as region3

ON = date(2025, 3, 31)


@pytest.fixture
def three(db):
    return region3.build()


def at_of(three):
    members = selectors.sharing_members(three.region)
    return selectors.region_at(region=three.region, on=ON, members=members)


def regional_user(three, role=RegionalRole.REGIONAL_ANALYST, name="regional"):
    user = UserFactory(username=name)
    RegionalMembership.objects.create(user=user, region=three.region, role=role)
    return user


def cell(page, table: str, row: str, column: int) -> str:
    found = parse(page.content).select_one(
        f'table[data-table="{table}"] tr[data-row="{row}"] td[data-column="{column}"]'
    )
    assert found is not None, (table, row, column)
    return squash(found.get_text())


def test_the_regions_totals_are_the_sum_of_its_members(three):
    at = at_of(three)
    assert at.codes == [region3.BIRMINGHAM, region3.WALSALL, region3.WOLVERHAMPTON]
    cla = {code: at.measures[code]["cla"] for code in at.codes}
    assert cla == {region3.BIRMINGHAM: 12, region3.WALSALL: 6, region3.WOLVERHAMPTON: 7}
    assert at.region["cla"] == 25 == sum(cla.values())
    assert at.region["started"] == sum(at.measures[c]["started"] for c in at.codes) == 25
    # Children's homes: Wolverhampton 3, Birmingham 3, Walsall 1.
    assert at.region["placement_mix"]["childrens_home"] == 7
    for category, value in at.region["placement_mix"].items():
        assert value == sum(at.measures[c]["placement_mix"][category] for c in at.codes)
    # Outside their council's area: Wolverhampton 4 (2 Birmingham, 1 Walsall, 1 Leeds),
    # Birmingham 2 (Wolverhampton), Walsall 1 (Birmingham): 7 of 25 = 28.0%, worked from the
    # summed counts (the members' percentages 57.1, 16.7 and 16.7 average 30.2).
    outside = at.region["outside_area"]
    assert (outside["numerator"], outside["denominator"], outside["percent"]) == (7, 25, 28.0)
    # Rate: 25 children over 250,000 (70,000 + 120,000 + 60,000) x 10,000 = 1.0.
    assert at.region["population"] == 250_000 and at.region["rate_per_10k"] == 1.0


def test_the_regions_forecast_adds_means_and_variances():
    one = analysis.MemberForecast("A", ON, (ON,), 10, pytest.importorskip("numpy").array([10.0]),
                                  pytest.importorskip("numpy").array([3.0]))  # fmt: skip
    two = analysis.MemberForecast("B", ON, (ON,), 20, one.mean * 2, one.sd * 4 / 3)
    combined = analysis.combine_forecasts([one, two])
    # Means add: 10 + 20 = 30; variances add: 3^2 + 4^2 = 25, so sd 5 and the band 20 to 40
    # (adding the bands, 4 to 16 and 12 to 28, would give 16 to 44).
    assert combined.mean[0] == 30 and combined.sd[0] == 5
    assert (combined.lower[0], combined.upper[0]) == (20, 40)


def test_the_regions_forecast_is_the_sum_of_members(three):
    at = at_of(three)
    assert at.forecast is not None and len(at.forecast.members) == 3
    total = sum(m.mean for m in at.forecast.members)
    assert list(at.forecast.mean) == pytest.approx(list(total))
    assert at.forecast.now == 25


def test_the_matrix_counts_each_placement_once(three):
    at = at_of(three)
    b, s, w = at.codes
    m = at.matrix
    assert m.loc[w].tolist() == [2, 1, 3, 1, 0]  # in Birm., Walsall, Wolv., outside, unknown
    assert m.loc[b].tolist() == [9, 0, 2, 0, 1]
    assert m.loc[s].tolist() == [1, 5, 0, 0, 0]
    # Every child looked after in one cell: the matrix adds up to the region's children.
    assert int(m.to_numpy().sum()) == at.region["cla"] == 25
    assert m.sum(axis=1).tolist() == [at.measures[c]["cla"] for c in at.codes]
    assert at.outside.index.tolist() == ["E08000035"]  # Leeds


def test_suppression_hides_1_to_4_and_subtraction_cannot_undo_it(three):
    at = at_of(three)
    table = presenters.matrix_table(at)
    rows = {row[0]: [str(c) for c in row[1:]] for row in table.rows}
    # Columns: in Birmingham, in Walsall, in Wolverhampton, outside, not known, all children.
    assert rows["Wolverhampton"] == ["low", "low", "low", "low", "0", "7"]
    assert rows["Birmingham"] == ["9", "0", "low", "0", "low", "12"]
    # Walsall's 1 in Birmingham is hidden; its 5 at home would give it away (6 - 5), so it is
    # hidden too.
    assert rows["Walsall"] == ["low", "low", "0", "0", "0", "6"]
    grid = presenters.matrix_grid(at)
    for i, row in enumerate(grid.cells):
        for j, value in enumerate(row):
            if 1 <= value <= 4:
                assert grid.cell_hidden(i, j)
        assert sum(grid.cell_hidden(i, j) for j in range(len(row))) + grid.row_total_hidden(i) != 1
    for j in range(len(grid.cells[0])):
        hidden = sum(grid.cell_hidden(i, j) for i in range(len(grid.cells)))
        assert hidden + grid.column_total_hidden(j) != 1


def test_a_council_that_does_not_share_is_absent(three, client):
    at = at_of(three)
    assert region3.DUDLEY not in at.codes and region3.DUDLEY not in at.matrix.index
    assert at.region["cla"] == 25  # Dudley's 30 children are not in it
    sign_in(client, regional_user(three))
    page = client.get(reverse("region:overview", args=["bcb"]), {"date": "2025-03-31"})
    assert page.status_code == 200
    assert "Dudley" not in page.content.decode()
    assert "1 member council does not share" in squash(
        parse(page.content).select_one('[data-testid="members"]').get_text()
    )
    assert cell(page, "headline", "Children in care", 4) == "25"  # the region's column


def test_stopping_sharing_takes_the_council_out_and_is_audited(three, client):
    admin = make_user("walsall-admin", three.walsall, Role.ADMIN)
    sign_in(client, admin)
    team = client.get(reverse("overview:users", args=[region3.WALSALL]))
    assert "Stop sharing" in squash(
        parse(team.content).select_one('[data-testid="region-sharing-button"]').get_text()
    )
    client.post(reverse("overview:users_region", args=[region3.WALSALL]), {"shares": "no"})
    assert not RegionMember.objects.get(la=three.walsall).shares
    event = AuditEvent.objects.get(action="region_sharing")
    assert event.la_id == three.walsall.pk and "stopped sharing" in event.what
    assert region3.WALSALL not in at_of(three).codes


def test_only_an_admin_sets_sharing(three, client):
    sign_in(client, make_user("walsall-editor", three.walsall, Role.EDITOR))
    response = client.post(reverse("overview:users_region", args=[region3.WALSALL]), {})
    assert response.status_code == 403
    assert RegionMember.objects.get(la=three.walsall).shares


def test_a_members_user_cannot_open_another_members_own_pages(three, client):
    sign_in(client, make_user("wolves", three.wolverhampton, Role.ADMIN))
    assert client.get(reverse("overview:index", args=[region3.WOLVERHAMPTON])).status_code == 200
    assert client.get(reverse("overview:index", args=[region3.BIRMINGHAM])).status_code == 404
    assert client.get(reverse("children:index", args=[region3.WALSALL])).status_code == 404
    # Nor, without a regional role, the region's pages.
    assert client.get(reverse("region:overview", args=["bcb"])).status_code == 404


def test_a_regional_user_reads_the_region_but_no_members_own_pages(three, client):
    sign_in(client, regional_user(three, RegionalRole.REGIONAL_COMMISSIONER))
    for name in ("region:overview", "region:placements", "region:market", "region:report"):
        assert client.get(reverse(name, args=["bcb"])).status_code == 200, name
    for code in (region3.WOLVERHAMPTON, region3.BIRMINGHAM, region3.WALSALL):
        assert client.get(reverse("overview:index", args=[code])).status_code == 404
    # A commissioner reads; downloading tables is the analyst's.
    table = reverse("region:table", args=["bcb", "crossborder", "csv"])
    assert client.get(table).status_code == 403
    assert client.get("/").url == reverse("region:overview", args=["bcb"])


def test_another_regions_pages_are_404(three, client):
    from sufficiency.regions.models import Region

    other = Region.objects.create(name="Elsewhere", code="elsewhere")
    user = UserFactory(username="elsewhere")
    RegionalMembership.objects.create(user=user, region=other, role=RegionalRole.REGIONAL_ANALYST)
    sign_in(client, user)
    assert client.get(reverse("region:overview", args=["bcb"])).status_code == 404


def test_the_download_hides_what_the_page_hides(three, client):
    sign_in(client, regional_user(three))
    response = client.get(reverse("region:table", args=["bcb", "crossborder", "csv"]))
    lines = response.content.decode().splitlines()
    assert lines[3] == "Wolverhampton,low,low,low,low,0,7"
    assert lines[2] == "Walsall,low,low,0,0,0,6"
    assert AuditEvent.objects.filter(action="export", what__contains="bcb-crossborder").exists()


def test_the_pages_show_the_shared_market_and_crossborder_figures(three, client):
    sign_in(client, regional_user(three))
    market = client.get(reverse("region:market", args=["bcb"]))
    # Oak House: Birmingham 1, Walsall 1, Wolverhampton 2: all hidden, total 4 hidden too.
    assert cell(market, "shared-providers", "Oak House (SC100001)", 2) == "low"
    assert cell(market, "costs", "Oak House (SC100001)", 2) == "£5,000"
    assert cell(market, "costs", "Oak House (SC100001)", 4) == "£4,000"
    assert cell(market, "costs", "Oak House (SC100001)", 5) == "25.0%"
    placements = client.get(reverse("region:placements", args=["bcb"]))
    assert cell(placements, "crossborder", "Birmingham", 1) == "9"
    assert cell(placements, "hosts", "Birmingham", 1) == "9"


def test_the_regional_report_renders_as_html(three, client):
    sign_in(client, regional_user(three))
    page = client.get(reverse("region:report", args=["bcb"]))
    assert page.status_code == 200
    members = parse(page.content).select_one('[data-testid="report-members"]')
    assert squash(members.get_text()).startswith("Birmingham, Walsall, Wolverhampton")
    row = parse(page.content).select_one(
        'table[data-table="headline"] tr[data-row="Children in care"]'
    )
    assert squash(row.select("td")[3].get_text()) == "25"


def test_the_regional_report_renders_as_pdf(three, client):
    sign_in(client, regional_user(three))
    response = client.get(reverse("region:report_pdf", args=["bcb"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_operator_sets_up_regions_in_admin_but_not_sharing(three, client):
    operator = UserFactory(username="op", is_staff=True, is_superuser=True)
    sign_in(client, operator)
    page = client.get(reverse("admin:sufficiency_region_change", args=[three.region.pk]))
    assert page.status_code == 200
    # Sharing is each council's admin's to set (and audited): shown, not editable, here.
    assert 'name="members-0-shares"' not in page.content.decode()
