"""A region of three councils built from hand-made returns, and a fourth member that does not
share. Postcodes are real: WV1 1AA is in Wolverhampton, B1 1AA in Birmingham, WS1 1AA in
Walsall, LS1 1AA in Leeds (outside the region), DY1 1AA in Dudley.

Children looked after on 31 March 2025 (every one started in the year, one open episode each):

    placed by        in Wolv.  in Birm.  in Walsall  outside  not known   all
    Wolverhampton        3         2          1          1         0        7
    Birmingham           2         9          0          0         1       12
    Walsall              0         1          5          0         0        6
    all members          5        12          6          1         1       25

Children's home SC100001 (in Birmingham) has two Wolverhampton children, one Birmingham child
and one Walsall child: the one provider all three use.
"""

from dataclasses import dataclass
from decimal import Decimal

from placements.cohort.services import create_return, import_return
from sufficiency.councils import LocalAuthority
from sufficiency.regions.models import Region, RegionMember
from tests.factories import CostFactory, LocalAuthorityFactory, PopulationFactory, ProviderFactory
from tests.placements.returns import episodes, header

WOLVERHAMPTON, BIRMINGHAM, WALSALL, DUDLEY = "E08000031", "E08000025", "E08000030", "E08000027"


def _episode(child: int, place: str, provider: str, home: str, placed: str, urn: str = "") -> str:
    return f"{child},01/05/2024,S,C2,N1,{place},{provider},,,,{home},{placed},{urn}"


def _load(la: LocalAuthority, rows: list[str]) -> None:
    children = [f"{i},M,01/06/2012,WBRI,A{i},," for i in range(1, len(rows) + 1)]
    uploads = [header(*children), episodes(*rows)]
    result = import_return(create_return(la=la, year=2025, uploads=uploads, user=None))
    assert result.status == "imported", result.error


@dataclass
class Region3:
    region: Region
    wolverhampton: LocalAuthority
    birmingham: LocalAuthority
    walsall: LocalAuthority
    dudley: LocalAuthority


def build() -> Region3:
    w = LocalAuthorityFactory(name="Wolverhampton", code=WOLVERHAMPTON)
    b = LocalAuthorityFactory(name="Birmingham", code=BIRMINGHAM)
    s = LocalAuthorityFactory(name="Walsall", code=WALSALL)
    d = LocalAuthorityFactory(name="Dudley", code=DUDLEY)
    ProviderFactory(urn="SC100001", name="Oak House", council_code=BIRMINGHAM, places=4)
    ProviderFactory(urn="SC100002", name="Leeds Lodge", council_code="E08000035")
    ProviderFactory(urn="SC100003", name="Elm House", council_code=WOLVERHAMPTON, places=3)
    home_w, home_b, home_s = "WV1 1AA", "B1 1AA", "WS1 1AA"
    _load(w, [
        _episode(1, "U1", "PR1", home_w, "WV1 1AA"),
        _episode(2, "U1", "PR1", home_w, "WV1 1AA"),
        _episode(3, "U1", "PR1", home_w, "WV1 1AA"),
        _episode(4, "K2", "PR3", home_w, "B1 1AA", "SC100001"),
        _episode(5, "K2", "PR3", home_w, "B1 1AA", "SC100001"),
        _episode(6, "U4", "PR4", home_w, "WS1 1AA"),
        _episode(7, "K2", "PR3", home_w, "LS1 1AA", "SC100002"),
    ])  # fmt: skip
    _load(b, [
        *[_episode(i, "U4", "PR1", home_b, "B1 1AA") for i in range(1, 9)],
        _episode(9, "K2", "PR3", home_b, "WV1 1AA", "SC100003"),
        _episode(10, "K2", "PR3", home_b, "WV1 1AA", "SC100003"),
        _episode(11, "K2", "PR3", home_b, "B1 1AA", "SC100001"),
        _episode(12, "U4", "PR1", home_b, ""),
    ])  # fmt: skip
    _load(s, [
        *[_episode(i, "U1", "PR1", home_s, "WS1 1AA") for i in range(1, 6)],
        _episode(6, "K2", "PR3", home_s, "B1 1AA", "SC100001"),
    ])  # fmt: skip
    _load(d, [_episode(i, "U1", "PR1", "DY1 1AA", "DY1 1AA") for i in range(1, 31)])
    for la, children in ((w, 70_000), (b, 120_000), (s, 60_000), (d, 70_000)):
        PopulationFactory(la=la, year=2025, children=children)
    provider = ProviderFactory(urn="SC100001")
    CostFactory(la=w, provider=provider, weekly_cost=Decimal("4000"))
    CostFactory(la=b, provider=provider, weekly_cost=Decimal("5000"))
    region = Region.objects.create(name="Black Country and Birmingham", code="bcb")
    for la in (w, b, s):
        RegionMember.objects.create(region=region, la=la, shares=True)
    RegionMember.objects.create(region=region, la=d, shares=False)
    return Region3(region, w, b, s, d)
