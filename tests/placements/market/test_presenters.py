"""The market for people: money, shares, gap, concentration and block rows on literal frames."""

import math

import pandas as pd
import pytest

from placements.market import presenters
from placements.market.models import ProviderImport
from tests.html import shown


@pytest.mark.parametrize(
    "value,pence,text",
    [
        (None, True, "–"),
        (math.nan, True, "–"),
        (pd.NA, True, "–"),
        (852.5, True, "£852.50"),  # a weekly price keeps its pence
        (9999.99, True, "£9,999.99"),
        (10000, True, "£10,000"),  # from £10,000, whole pounds
        (852.5, False, "£852"),
        (312000, False, "£312,000"),
    ],
)
def test_money(value, pence, text):
    assert presenters.money(value, pence=pence) == text


@pytest.mark.parametrize(
    "rating,text,css",
    [
        ("outstanding", "Outstanding", "govuk-tag--green"),
        ("good", "Good", "govuk-tag--blue"),
        ("requires_improvement", "Requires improvement to be good", "govuk-tag--yellow"),
        ("inadequate", "Inadequate", "govuk-tag--red"),
        ("not_yet_inspected", "Not yet inspected", "govuk-tag--grey"),
    ],
)
def test_rating_tag(rating, text, css):
    assert presenters.rating_tag(rating) == {"text": text, "css": css}


def test_type_label_falls_back_to_the_code():
    assert presenters.type_label("childrens_home") == "Children's home"
    assert presenters.type_label("something_new") == "something_new"


def gap_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "CATEGORY": ["childrens_home", "ifa_foster", "supported_accommodation"],
            "CHILDREN": [12, 1500, 3],
            "LOCAL_PROVIDERS": [4, 9, 2],
            "LOCAL_PLACES": [10, 0, 5],
            "PLACES_KNOWN": [True, False, True],
            "VACANCIES": [1, 0, 2],
            "GAP": [2, 1500, -2],
            "FAR": [5, 1200, 0],
        }
    )


def test_gap_rows():
    rows = presenters.gap_rows(gap_frame())
    # 12 children in children's homes, 10 local places: 2 more children than the places.
    assert shown(rows[0]) == ["Children's home", "12", "4", "10", "1", "2", "5"]
    # Ofsted publishes no places for fostering agencies: all the children are beyond them.
    assert shown(rows[1]) == [
        "Fostering: independent agency", "1,500", "9", "Not published", "0",
        "1,500 (no places known)", "1,200",
    ]  # fmt: skip
    assert rows[2][0] == "Supported accommodation" and str(rows[2][3]) == "5"


def test_more_places_than_children_is_none_beyond_not_a_negative_gap():
    frame = gap_frame()
    frame.loc[0, "GAP"] = 0
    rows = presenters.gap_rows(frame)
    # 3 children in supported accommodation and 5 places: none beyond them (not "−2").
    assert (str(rows[0][5]), str(rows[2][5])) == ("None", "None")
    assert rows[2][5].value == 0


def test_concentration_rows_show_the_largest_owners():
    owners = pd.DataFrame(
        {
            "OWNER": [f"Owner {i}" for i in range(12)],
            "CHILDREN": [12 - i for i in range(12)],
            "CHILDREN_SHARE": [15.38] + [7.0] * 11,
            "SPEND": [1_250_000.4] + [math.nan] * 11,
            "SPEND_SHARE": [60.0] + [None] * 11,
        }
    )
    rows = presenters.concentration_rows({"owners": owners})
    assert len(rows) == 10  # the ten largest
    # £1,250,000 is written in millions, as every sum from a million is.
    assert shown(rows[0]) == ["Owner 0", "12", "15.4%", "£1.3m", "60.0%"]
    assert shown(rows[1]) == ["Owner 1", "11", "7.0%", "–", "–"]
    assert len(presenters.concentration_rows({"owners": owners}, limit=3)) == 3


def test_block_rows():
    blocks = pd.DataFrame(
        {
            "ID": [7, 8],
            "URN": ["SC100001", "SC100002"],
            "NAME": ["Oak House", "Willow Lodge"],
            "CATEGORY": ["childrens_home", ""],
            "PLACES": [2, 3],
            "CHILDREN": [1, 3],
            "UTILISATION": [50.0, 100.0],
            "EMPTY": [1, 0],
            "EMPTY_COST": [260000.0, 0.0],
        }
    )
    assert presenters.block_rows(blocks) == [
        {"id": 7, "urn": "SC100001", "name": "Oak House", "category": "Children's home",
         "places": 2, "children": 1, "utilisation": "50.0%", "empty": 1,
         "empty_cost": "£260,000"},
        {"id": 8, "urn": "SC100002", "name": "Willow Lodge", "category": "Any", "places": 3,
         "children": 3, "utilisation": "100.0%", "empty": 0, "empty_cost": "£0"},
    ]  # fmt: skip


def test_sort_links_mark_the_one_in_use():
    choices = [("name", "Name"), ("places", "Places")]
    assert presenters.sort_links(choices, current="places") == [
        {"key": "name", "label": "Name", "current": False},
        {"key": "places", "label": "Places", "current": True},
    ]


def test_supply_totals_add_the_places_in_the_area_and_near_it():
    supply = pd.DataFrame({"TYPE": ["childrens_home", "ifa"], "IN_AREA": [3, 1],
                           "IN_AREA_PLACES": [1200, 0], "NEAR": [2, 5],
                           "NEAR_PLACES": [34, 0]})  # fmt: skip
    assert presenters.supply_totals(supply) == {
        "places": "1,234", "in_area": "1,200", "near": "34"
    }  # fmt: skip


def test_cost_totals_split_in_house_and_external():
    costs = pd.DataFrame(
        {"PROVISION": ["external", "in_house", "external"], "ANNUAL_SPEND": [312000, 52000, 1000]}
    )
    assert presenters.cost_totals(costs) == {
        "all": "£365,000", "in_house": "£52,000", "external": "£313,000"
    }  # fmt: skip
    none = pd.DataFrame({"PROVISION": [], "ANNUAL_SPEND": []})
    assert presenters.cost_totals(none) == {"all": "£0", "in_house": "£0", "external": "£0"}


def test_import_lines():
    record = ProviderImport(
        file_name="list.csv", created=1234, updated=2, unchanged=0, rejected=2,
        problems=[{"row": 9, "urn": "SC100006", "reason": "Places “four” is not a whole number"},
                  {"row": None, "urn": "", "reason": "No postcode column"}],
    )  # fmt: skip
    assert presenters.import_lines(record) == [
        "list.csv: 1,234 created, 2 updated, 0 unchanged, 2 rejected",
        "  row 9 (SC100006): Places “four” is not a whole number",
        "  row –: No postcode column",
    ]


def test_import_outcome_says_what_was_done_or_that_nothing_was():
    done = ProviderImport(created=1234, updated=2, unchanged=5, rejected=1)
    assert presenters.import_outcome(done) == (
        True, "1,234 providers added, 2 updated, 1 rows rejected."
    )  # fmt: skip
    refused = ProviderImport(created=0, updated=0, unchanged=0, rejected=3)
    assert presenters.import_outcome(refused) == (
        False, "Nothing could be imported: see the problems below."
    )  # fmt: skip
    # Nothing new and nothing rejected is a success: the list was already up to date.
    same = ProviderImport(created=0, updated=0, unchanged=9, rejected=0)
    assert presenters.import_outcome(same)[0] is True


def test_good_or_outstanding_never_reads_an_unknown_rating_as_zero():
    # No child's provider is in Ofsted's list (3 not listed): not "0 of 0", not 0%.
    none = {"numerator": 0, "denominator": 0, "percent": None}
    assert presenters.good_or_outstanding(none, {"not_listed": 3, "no_urn": 2}) == {
        "value": "Not known",
        "detail": "no rating known: 3 children with a provider not in Ofsted's list",
    }
    # 3 of 5 listed are Good or Outstanding (60.0%); 2 more have a provider not in the list.
    some = {"numerator": 3, "denominator": 5, "percent": 60.0}
    assert presenters.good_or_outstanding(some, {"not_listed": 2}) == {
        "value": "60.0%",
        "detail": "3 of 5 with a listed provider; 2 not known (provider not in Ofsted's list)",
    }
    assert presenters.good_or_outstanding(some, {"not_listed": 0})["detail"] == (
        "3 of 5 with a listed provider"
    )
