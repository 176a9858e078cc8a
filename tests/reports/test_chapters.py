"""The strategy's chapter for each type of home, on a small hand-made cohort.

Two returns (2023-24 and 2024-25); figures at 31 March 2025, "a year earlier" at 31 March 2024:

    child  home                                   at 31 Mar 2024        at 31 Mar 2025
    1      U1 kinship foster                      kinship               kinship
    2      U4 PR1 in-house foster                 in-house              in-house
    3      U4 PR4 agency foster (from Jul 2024)   -                     agency
    4      K2 children's home, URN SC900001       children's home       children's home
    5      K3 registered supported (May 2024)     -                     registered supported
    6      H5 unregistered, ceased 1 Jun 2024     unregistered          -
    7      P2 independent living (Aug 2024)       -                     independent living
    8      S1 residential school                  residential school    residential school
    9      K1 secure, remanded (LS J1, Jan 2025)  -                     secure
    10     R3 parent and child (Oct 2024)         -                     parent and child
    11     R2 health (Nov 2024)                   -                     health
    12     LS V3 short break, 1-3 Aug 2024        -                     (short break in year)
    13     P1 placed with parents                 -                     (no chapter)
    14     U4 PR1, ceased E17 on 1 Sep 2024       in-house              (Staying Put in year)

So fostering is 3 now (1 in-house, 1 agency, 1 kinship) and 3 a year earlier (2 in-house: 2
and 14, 1 kinship); supported accommodation 2 now (K3, P2) and 1 before (H5).
"""

import json
from datetime import date

import pytest

from placements.cohort.services import create_return, import_return
from placements.cohort.types_of_home import CHAPTER_KEYS
from reports import chapters, selectors
from reports.chapters import Supply, sufficiency_sentence
from reports.rendering import render_report
from tests.factories import ProviderFactory, StrategyFactory, VacancyFactory
from tests.html import text_of
from tests.placements.returns import episodes, header

ON = date(2025, 3, 31)

HEADER_2024 = header(*(f"{n},{1 + n % 2},01/06/2008,WBRI,,," for n in range(1, 15)))
HEADER_2025 = header(*(f"{n},{'MF'[n % 2]},01/06/2008,WBRI,,," for n in range(1, 15)))
YEAR_2024 = [
    HEADER_2024,
    episodes(
        "1,01/05/2022,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "2,01/06/2023,S,C2,N1,U4,PR1,,,,WV1 1AA,WV1 1AA,",
        "4,01/06/2023,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,SC900001",
        "6,01/09/2023,S,V2,N1,H5,PR4,,,,,,",
        "8,01/01/2024,S,C2,N1,S1,PR4,,,,,,",
        "14,01/04/2020,S,C2,N1,U4,PR1,,,,,,",
    ),
]
YEAR_2025 = [
    HEADER_2025,
    episodes(
        "1,01/05/2022,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "2,01/06/2023,S,C2,N1,U4,PR1,,,,WV1 1AA,WV1 1AA,",
        "3,01/07/2024,S,V2,N1,U4,PR4,,,,WV1 1AA,WV1 1AA,",
        "4,01/06/2023,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,SC900001",
        "5,01/05/2024,S,V2,N1,K3,PR4,,,,,,",
        "6,01/09/2023,S,V2,N1,H5,PR4,01/06/2024,E4A,,,,",
        "7,01/08/2024,S,V2,N1,P2,PR0,,,,,,",
        "8,01/01/2024,S,C2,N1,S1,PR4,,,,,,",
        "9,01/01/2025,S,J1,N1,K1,PR1,,,,,,",
        "10,01/10/2024,S,C1,N1,R3,PR4,,,,,,",
        "11,01/11/2024,S,V2,N1,R2,PR3,,,,,,",
        "12,01/08/2024,S,V3,N1,K2,PR1,03/08/2024,E8,,,,",
        "13,01/04/2024,S,C2,N1,P1,PR0,,,,,,",
        "14,01/04/2020,S,C2,N1,U4,PR1,01/09/2024,E17,,,,",
    ),
]

# chapter: (children now, a year earlier)
EXPECTED = {
    "fostering": (3, 3),
    "childrens_homes": (1, 1),
    "supported": (2, 1),
    "residential_schools": (1, 1),
    "secure_remand": (1, 0),
    "parent_child": (1, 0),
    "health": (1, 0),
    "short_breaks": (1, 0),
    "care_leavers": (1, 0),  # Staying Put at 18 in the year
}
# type of home: (now, a year earlier)
EXPECTED_TYPES = {
    "inhouse_foster": (1, 2), "agency_foster": (1, 0), "kinship_foster": (1, 1),
    "childrens_home": (1, 1),
    "supported_registered": (1, 0), "supported_unregistered": (0, 1),
    "independent_living": (1, 0),
    "residential_school": (1, 1), "secure": (1, 0), "youth_custody": (0, 0),
    "parent_child": (1, 0), "health": (1, 0), "short_break": (1, 0), "staying_put": (1, 0),
}  # fmt: skip


@pytest.fixture
def council(la):
    for year, files in ((2024, YEAR_2024), (2025, YEAR_2025)):
        import_return(create_return(la=la, year=year, uploads=files, user=None))
    home = ProviderFactory(urn="SC900001", council_code=la.code, places=4)
    VacancyFactory(la=la, provider=home, date=date(2025, 3, 20), places_free=2)
    StrategyFactory(la=la)
    return la


def test_every_type_of_home_in_order_with_its_counts(council):
    found = chapters.chapters(selectors.dashboard(council, ON))
    assert [c.key for c in found] == list(CHAPTER_KEYS)
    assert {c.key: (c.children, c.before) for c in found} == EXPECTED
    types = {t["key"]: (t["now"], t["before"]) for c in found for t in c.types}
    assert types == EXPECTED_TYPES


def test_the_childrens_homes_chapter(council):
    found = {c.key: c for c in chapters.chapters(selectors.dashboard(council, ON))}
    homes = found["childrens_homes"]
    # One child in the council's one local home, which reported 2 places free on 20 March.
    assert homes.sentence == "1 child lives in children's homes; 2 places are free locally."
    assert homes.figures["providers"] == 1
    assert homes.figures["places"] == 4
    assert homes.figures["vacancies"] == 2
    # Wolverhampton to Leeds is more than 20 miles.
    assert homes.figures["far"] == 1
    assert homes.distance == "1 of 1 child (100.0%) lives more than 20 miles from home."
    # Child 4: SEX "MF"[4 % 2] = "M" in the 2024-25 header.
    assert dict(homes.needs)["Sex"] == "1 male (100.0%)"
    assert found["secure_remand"].figures["remanded"] == 1
    # No fostering supply entered, no referrals recorded.
    assert found["fostering"].sentence == (
        "3 children live with foster carers; the council has not recorded its foster carers' "
        "vacancies."
    )
    assert homes.unmet == "No referrals for a home were recorded in the year."


def test_the_chapters_in_the_strategy_page(council, client_for):
    page = client_for("editor").get(f"/{council.code}/reports/strategy/?date=2025-03-31")
    supported = "#chapter-supported [data-type=supported_{}] [data-figure={}]"
    assert text_of(page, supported.format("registered", "now")) == "1"
    assert text_of(page, supported.format("unregistered", "before")) == "1"
    assert text_of(page, "#chapter-childrens_homes [data-figure=sentence]") == (
        "1 child lives in children's homes; 2 places are free locally."
    )
    assert text_of(page, "#chapter-health [data-figure=intentions]") == "Not written yet."


# The sufficiency sentence, present and absent cases ---------------------------------------------


@pytest.mark.parametrize(
    ("key", "n", "supply", "expected"),
    [
        ("childrens_homes", 88, Supply(providers=35, vacancies=3),
         "88 children live in children's homes; 3 places are free locally."),
        ("childrens_homes", 1, Supply(providers=2, vacancies=1),
         "1 child lives in children's homes; 1 place is free locally."),
        ("childrens_homes", 88, Supply(providers=35, vacancies=0),
         "88 children live in children's homes; no local places are free."),
        ("childrens_homes", 88, Supply(providers=35, vacancies=None),
         "88 children live in children's homes; no local provider has told us of a free place "
         "in the last month."),
        ("secure_remand", 0, Supply(providers=0),
         "No children live in secure children's homes or youth custody; there is no such home "
         "in the area or within 20 miles."),
        ("health", 2, None, "2 children live in health or care settings."),
        ("health", 0, None, "No children live in health or care settings."),
        ("fostering", 519, Supply(vacancies=5),
         "519 children live with foster carers; the council's foster carers have 5 vacancies."),
        ("fostering", 519, Supply(vacancies=1),
         "519 children live with foster carers; the council's foster carers have 1 vacancy."),
        ("fostering", 519, Supply(vacancies=0),
         "519 children live with foster carers; none of the council's foster carers has a "
         "vacancy."),
    ],
)  # fmt: skip
def test_sufficiency_sentence(key, n, supply, expected):
    sentence = sufficiency_sentence(key, n, supply)
    assert sentence == expected
    assert "gap" not in sentence and "−" not in sentence and "-" not in sentence[:3]


def test_the_chapters_figures_in_the_strategy_json(council):
    text, _ = render_report(la=council, kind="strategy", on=ON, fmt="json")
    figures = {f["key"]: f for f in json.loads(text)["figures"]}
    assert figures["chapter.fostering.children"]["value"] == 3
    assert figures["chapter.fostering.children_year_earlier"]["as_at"] == "2024-03-31"
    assert figures["chapter.supported.type.supported_unregistered"]["value"] == 0
    assert figures["chapter.childrens_homes.vacancies"]["value"] == 2
    assert figures["chapter.short_breaks.children"]["period"] == "12 months to 31 March 2025"
    quarterly, _ = render_report(la=council, kind="quarterly", on=ON, fmt="json")
    assert not any(f["key"].startswith("chapter.") for f in json.loads(quarterly)["figures"])
