"""Unknown is not zero: a share whose denominator has no known value reads "not known"."""

import re

from django.urls import reverse

from placements.cohort.services import create_return, import_return
from reports import narrative
from tests.placements.returns import episodes, header

HEADER = header("1,1,01/06/2010,WBRI,,,", "2,2,15/01/2008,BAFR,,,")


def element(html: str, attribute: str) -> str:
    match = re.search(rf"{attribute}[^>]*>([^<]*)<", html)
    assert match, attribute
    return match.group(1).strip()


def children_page(client_for, la, *rows) -> str:
    import_return(create_return(la=la, year=2025, uploads=[HEADER, episodes(*rows)], user=None))
    url = reverse("children", kwargs={"la_code": la.code})
    return client_for("viewer").get(url, {"date": "2025-03-31"}).content.decode()


def test_no_known_distance_reads_not_known_with_the_count(client_for, la):
    # Both children's postcodes are invented (not in the ONS Postcode Directory), so no
    # distance is known: 0 of 2 over 20 miles would be a false 0.0%.
    html = children_page(
        client_for, la,
        "1,01/05/2024,S,C2,N1,U1,PR1,,,,ZZ9 9ZZ,ZZ9 9ZY,",
        "2,01/06/2024,S,C2,N1,U1,PR1,,,,ZZ9 9ZX,ZZ9 9ZW,",
    )  # fmt: skip
    assert element(html, 'data-card-value="over_20_miles"') == "Not known"
    assert element(html, 'data-card-detail="over_20_miles"') == "not known for all 2 children"
    assert element(html, 'id="over-20-miles-share"') == (
        "Not known: no child's distance from home is known (2 of 2)"
    )


def test_some_unknown_distances_are_counted(client_for, la):
    # Child 1 lives in Wolverhampton and is placed in Leeds (about 80 miles); child 2's
    # postcodes are invented: 1 of 2 over 20 miles is 50.0%, and 1 not known.
    html = children_page(
        client_for, la,
        "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,LS1 1AA,",
        "2,01/06/2024,S,C2,N1,U1,PR1,,,,ZZ9 9ZX,ZZ9 9ZW,",
    )  # fmt: skip
    assert element(html, 'data-card-value="over_20_miles"') == "50.0%"
    assert element(html, 'data-card-detail="over_20_miles"') == "1 of 2; 1 not known"
    assert element(html, 'id="over-20-miles-share"') == "1 of 2 (50.0%)"


def test_the_reports_sentence_does_not_give_a_share_of_unknowns():
    sentence = narrative.distance(numerator=0, denominator=75, unknown=75, out_of_area=None)
    assert sentence == (
        "How far from home children live is not known: for all 75 children in care a postcode "
        "is blank or not in the ONS Postcode Directory."
    )
