"""The version 4 measures end to end: imported from a small return, printed by the `measures`
command and shown on the Children in care page, each figure in its own element.

The return (2024-25, Wolverhampton E08000031, D = 31 March 2025, P0 = 1 April 2024):

child  ETHNIC  started     LS  PLACE  PL_POST  ended                  in care at D
1      WBRI    1 May 2023  C2  U1     WV1 1AA  -                      yes, inside, 0 miles
2      BAFR    1 Jun 2024  J1  K3     LS1 1AA  -                      yes, outside, > 20 miles
3      AIND    1 Jul 2024  V2  H5     B1 1AA   -                      yes, outside, 11.8 miles
4      REFU    1 Apr 2024  C1  P2     (blank)  -                      yes, area and distance unknown
5      MWBC    1 May 2024  C2  R5     WV1 1AA  -                      yes, inside
6      WBRI    1 May 2024  C2  U4     WV1 1AA  1 Oct 2024 E11 adopted
7      WBRI    1 Jan 2024  V2  U4     WV1 1AA  1 Dec 2024 E13 returned home
8      WBRI    1 Jan 2023  C2  K2     WV1 1AA  1 Sep 2024 E45 special guardianship

cla 5 (children 1-5); started in the period 5 (2, 3, 4 on P0 itself, 5, 6); ceased 3 (6, 7, 8).
"""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from placements.cohort.services import create_return, import_return
from sufficiency.councils import LocalAuthority, Population
from tests.conftest import make_user, sign_in
from tests.html import texts
from tests.placements.returns import episodes, header

HEADER = header(
    "1,M,01/06/2010,WBRI,,,",
    "2,F,15/01/2008,BAFR,,,",
    "3,M,09/09/2007,AIND,,,",
    "4,F,01/01/2012,REFU,,,",
    "5,M,01/01/2009,MWBC,,,",
    "6,M,01/01/2015,WBRI,,,",
    "7,M,01/01/2008,WBRI,,,",
    "8,F,01/01/2014,WBRI,,,",
)
EPISODES = episodes(
    "1,01/05/2023,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "2,01/06/2024,S,J1,N1,K3,PR4,,,,WV1 1AA,LS1 1AA,",
    "3,01/07/2024,S,V2,N1,H5,PR4,,,,WV1 1AA,B1 1AA,",
    "4,01/04/2024,S,C1,N1,P2,PR4,,,,WV1 1AA,,",
    "5,01/05/2024,S,C2,N1,R5,PR3,,,,WV1 1AA,WV1 1AA,",
    "6,01/05/2024,S,C2,N1,U4,PR1,01/10/2024,E11,,WV1 1AA,WV1 1AA,",
    "7,01/01/2024,S,V2,N1,U4,PR1,01/12/2024,E13,,WV1 1AA,WV1 1AA,",
    "8,01/01/2023,S,C2,N1,K2,PR4,01/09/2024,E45,,WV1 1AA,WV1 1AA,",
)


@pytest.fixture
def wolves(db):
    la = LocalAuthority.objects.create(name="City of Wolverhampton Council", code="E08000031")
    result = import_return(create_return(la=la, year=2025, uploads=[HEADER, EPISODES], user=None))
    assert result.status == "imported", result.error
    assert result.rows_rejected == 0
    Population.objects.create(la=la, year=2025, children=25_000)
    return la


def test_measures_command_prints_the_version_4_keys(wolves, capsys):
    call_command("measures", "--la", "E08000031", "--date", "2025-03-31", "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert result["cla"] == 5 and result["started"] == 5 and result["ceased"] == 3
    # 5 started / 25,000 children x 10,000 = 2.0
    assert result["started_rate_per_10k"] == 2.0
    assert result["legal_status"] == {
        "interim_care_order": 1,  # 4
        "care_order": 2,  # 1, 5
        "placement_order": 0,
        "section_20": 1,  # 3
        "youth_justice": 1,  # 2, remanded
        "emergency_protection": 0,
        "other": 0,
    }
    assert result["ethnicity"] == {
        "white": 1, "mixed": 1, "asian": 1, "black": 1, "other": 0, "not_known": 1,
    }  # fmt: skip
    assert result["placement_codes"] == {"H5": 1, "K3": 1, "P2": 1, "R5": 1, "U1": 1}
    assert result["ceased_by_reason"] == {
        "adopted": 1,  # 6
        "special_guardianship": 1,  # 8
        "child_arrangements_order": 0,
        "returned_home": 1,  # 7
        "independent_living": 0,
        "stayed_with_carers_at_18": 0,
        "youth_justice": 0,
        "moved_to_other_services": 0,
        "other": 0,
    }
    # Outside: 2 (Leeds) and 3 (Birmingham); unknown: 4 (blank); 2 / 5 = 40.0%.
    assert result["outside_area"] == {
        "numerator": 2,
        "denominator": 5,
        "unknown": 1,
        "percent": 40.0,
    }
    call_command("measures", "--la", "E08000031", "--date", "2025-03-31", "--format", "text")
    text = capsys.readouterr().out
    assert re.search(r"^Started per 10,000\s+2\.0$", text, re.M)
    assert re.search(r"^Legal status: youth justice\s+1$", text, re.M)
    assert re.search(r"^Placement code K3\s+1$", text, re.M)
    assert re.search(r"^Ceased: special guardianship\s+1$", text, re.M)
    assert re.search(r"^Placed outside the area\s+2/5 = 40\.0%$", text, re.M)
    assert re.search(r"^Area not known\s+1$", text, re.M)


def figure(html: str, testid: str) -> str:
    """The text of the one element carrying data-testid=testid."""
    found = re.findall(rf'data-testid="{re.escape(testid)}"[^>]*>([^<]*)<', html)
    assert len(found) == 1, (testid, found)
    return found[0].strip()


def test_children_page_shows_each_new_measure_in_its_own_element(wolves, client):
    sign_in(client, make_user("viewer", wolves, "viewer"))
    html = client.get(reverse("children:index", kwargs={"la_code": wolves.code})).content.decode()
    # Legal status, with remands named.
    assert figure(html, "youth-justice") == "1"
    assert figure(html, "legal-status-youth_justice") == "1"
    assert figure(html, "legal-status-care_order") == "2"
    assert figure(html, "legal-status-interim_care_order") == "1"
    assert figure(html, "legal-status-section_20") == "1"
    assert figure(html, "legal-status-other") == "0"
    # Ethnicity alone (no published 0-17 population by ethnicity): 1 of 5 each = 20.0%.
    assert figure(html, "ethnicity-white") == "1"
    assert figure(html, "ethnicity-white-share") == "20.0%"
    assert figure(html, "ethnicity-not_known") == "1"
    assert figure(html, "ethnicity-other") == "0"
    # The finer placement types: the six a board asks about always shown, 0 when none.
    assert figure(html, "placement-code-K3") == "1"
    assert figure(html, "placement-code-H5") == "1"
    assert figure(html, "placement-code-P2") == "1"
    assert figure(html, "placement-code-R5") == "1"
    assert figure(html, "placement-code-R3") == "0"
    assert figure(html, "placement-code-R2") == "0"
    assert figure(html, "placement-code-U1") == "1"
    assert "Registered supported accommodation" in figure_row(html, "K3")
    # How children left care, adding up to the 3 who ceased.
    assert figure(html, "ceased-total") == "3"
    assert figure(html, "ceased-adopted") == "1"
    assert figure(html, "ceased-special_guardianship") == "1"
    assert figure(html, "ceased-returned_home") == "1"
    assert figure(html, "ceased-other") == "0"
    # Entry rate: 5 / 25,000 x 10,000.
    assert figure(html, "started-rate-per-10k") == "2.0"
    # Outside the area 2 of 5 (40.0%), 1 unknown; beside it over 20 miles: only Leeds, 1 of 5.
    assert figure(html, "outside-area-numerator") == "2"
    assert figure(html, "outside-area-denominator") == "5"
    assert figure(html, "outside-area-percent") == "40.0%"
    assert figure(html, "outside-area-unknown") == "1"
    assert figure(html, "over-20-miles-percent") == "20.0%"
    # Each new section explains itself (the name is for screen readers, after the summary).
    summaries = texts(html, ".govuk-details__summary-text")
    for name in (
        "legal status",
        "placement types in detail",
        "how children left care",
        "entry rate per 10,000",
        "outside the area",
        "ethnicity",
    ):
        assert f"How is this calculated? {name}" in summaries


def figure_row(html: str, code: str) -> str:
    """The label cell of placement code `code`'s row."""
    cell = rf'<th scope="row" class="govuk-table__header">{code}</th>\s*<td[^>]*>([^<]*)<'
    row = re.search(cell, html)
    assert row, code
    return row.group(1)
