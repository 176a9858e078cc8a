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
    return " ".join(match.group(1).split())  # as a browser shows it: white space squashed


def children_page(client_for, la, *rows) -> str:
    import_return(create_return(la=la, year=2025, uploads=[HEADER, episodes(*rows)], user=None))
    url = reverse("children:index", kwargs={"la_code": la.code})
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


def ethnicity_page(client_for, la, *ethnic_codes: str) -> str:
    children = [f"{i},1,01/06/2010,{code},,," for i, code in enumerate(ethnic_codes, start=1)]
    rows = [f"{i},01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA," for i in range(1, 3)]
    import_return(
        create_return(la=la, year=2025, uploads=[header(*children), episodes(*rows)], user=None)
    )
    url = reverse("children:index", kwargs={"la_code": la.code})
    return client_for("viewer").get(url, {"date": "2025-03-31"}).content.decode()


def test_no_known_ethnicity_reads_not_known_not_zero(client_for, la):
    # Both children's ethnicity is blank or refused: "White 0.0%" would be a false 0.
    html = ethnicity_page(client_for, la, "", "REFU")
    assert element(html, 'data-testid="ethnicity-white-share"') == "Not known"
    assert element(html, 'data-testid="ethnicity-black-share"') == "Not known"
    assert element(html, 'data-testid="ethnicity-not_known"') == "2"
    assert element(html, 'data-testid="ethnicity-not_known-share"') == "100.0%"


def test_some_unknown_ethnicities_are_counted(client_for, la):
    # One White British, one refused: white 1 of 2 = 50.0%, and 1 not known.
    html = ethnicity_page(client_for, la, "WBRI", "REFU")
    assert element(html, 'data-testid="ethnicity-white-share"') == "50.0%"
    assert element(html, 'data-testid="ethnicity-black-share"') == "0.0%"
    assert element(html, 'data-testid="ethnicity-not_known"') == "1"


def test_a_breakdown_with_no_known_value_gives_no_shares():
    from placements.cohort.presenters import share_rows

    labels = {"male": "Male", "female": "Female", "unknown": "Not known"}
    assert share_rows({"male": 0, "female": 0, "unknown": 2}, labels) == [
        ["Male", "0", "Not known"], ["Female", "0", "Not known"],
        ["Not known", "2", "100.0%"], ["Total", "2", "100.0%"],
    ]  # fmt: skip
    # 1 male of 3, 2 not known: shares of all children, with the unknown row saying how many.
    assert share_rows({"male": 1, "female": 0, "unknown": 2}, labels) == [
        ["Male", "1", "33.3%"], ["Female", "0", "0.0%"],
        ["Not known", "2", "66.7%"], ["Total", "3", "100.0%"],
    ]  # fmt: skip


def test_the_reports_do_not_count_unknown_placements_as_inside_the_area():
    # 4 children; no placement postcode is known: not "0 outside the council's area".
    assert narrative.distance(
        numerator=1, denominator=4, unknown=1, out_of_area=0, area_unknown=4
    ) == (
        "1 child (25.0%) lived more than 20 miles from home; whether children live inside the "
        "council's area is not known. For 1, the distance is not known."
    )
    # 1 of 4 not known: the count outside says so.
    assert narrative.distance(
        numerator=1, denominator=4, unknown=0, out_of_area=2, area_unknown=1
    ) == (
        "1 child (25.0%) lived more than 20 miles from home, and 2 outside the council's area "
        "(1 not known)."
    )
    assert narrative.distance(
        numerator=0, denominator=4, unknown=4, out_of_area=0, area_unknown=4
    ) == (
        "How far from home children live is not known: for all 4 children in care a postcode "
        "is blank or not in the ONS Postcode Directory; whether they live inside the council's "
        "area is not known either."
    )


def test_the_dashboards_line_outside_the_area_has_a_gap_not_zero():
    from datetime import date
    from types import SimpleNamespace

    from sufficiency import charts

    def snapshot(on, unknown):
        return SimpleNamespace(
            on=on,
            measures={"cla": 4, "over_20_miles": {"numerator": 1, "unknown": 0, "percent": 25.0}},
            location={"in_area": 4 - unknown, "out_of_area": 0, "unknown": unknown},
        )

    chart = charts.distance_over_time(
        [snapshot(date(2024, 12, 31), 4), snapshot(date(2025, 3, 31), 1)]
    )
    (outside,) = [r for r in chart.table.rows if r[0] == "Outside the council's area"]
    # All 4 unknown at 31 December: no share; 0 of 4 (1 not known) at 31 March: 0.0%.
    assert (outside[1].value, str(outside[1])) == (None, "–")
    assert outside[2].value == 0.0


def test_no_known_placement_postcode_is_not_zero_outside_the_area(client_for, la):
    # Both placement postcodes are invented: neither the distance nor whether the placement is
    # outside the area is known, so neither share is 0.0%.
    html = children_page(
        client_for, la,
        "1,01/05/2024,S,C2,N1,U1,PR1,,,,ZZ9 9ZZ,ZZ9 9ZY,",
        "2,01/06/2024,S,C2,N1,U1,PR1,,,,ZZ9 9ZX,ZZ9 9ZW,",
    )  # fmt: skip
    assert element(html, 'data-testid="outside-area-percent"') == "Not known"
    assert element(html, 'data-testid="outside-area-unknown"') == "2"
    assert element(html, 'data-testid="over-20-miles-percent"') == "Not known"
