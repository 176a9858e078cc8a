"""Market charts: the bars and the data table beside them carry the same figures."""

import pandas as pd

from placements.market import charts
from placements.market.presenters import GAP_HEADINGS
from tests.html import shown


def test_sector_chart_draws_sectors_in_use_and_tables_them_with_shares():
    chart = charts.sector_chart({"private": 3, "local_authority": 1, "voluntary": 0, "no_urn": 4})
    assert (chart.id, chart.title) == (
        "by-sector", "Children in care by the sector of their provider"
    )  # fmt: skip
    (bar,) = chart.figure["data"]
    assert bar["y"] == ["Private", "Local authority", "No provider recorded"]
    assert bar["x"] == [3, 1, 4] and bar["text"] == ["3", "1", "4"]
    # 3 of 8 = 37.5%, 1 of 8 = 12.5%, 4 of 8 = 50.0%; a sector with no child is left out.
    assert shown(chart.table.rows) == [
        ["Private", "3", "37.5%"],
        ["Local authority", "1", "12.5%"],
        ["No provider recorded", "4", "50.0%"],
        ["Total", "8", "100.0%"],
    ]
    assert shown(charts.sector_chart({"private": 0}).table.rows) == [["Total", "0", "–"]]


def test_rating_chart_colours_each_rating():
    chart = charts.rating_chart({"outstanding": 1, "good": 2, "inadequate": 1}, id="ratings")
    (bar,) = chart.figure["data"]
    assert bar["y"] == ["Outstanding", "Good", "Inadequate"]
    assert bar["marker"]["color"] == ["#00703c", "#1d70b8", "#d4351c"]
    assert chart.table.headings == ["Latest overall effectiveness", "Children", "Share"]
    assert shown(chart.table.rows) == [
        ["Outstanding", "1", "25.0%"],
        ["Good", "2", "50.0%"],
        ["Inadequate", "1", "25.0%"],
        ["Total", "4", "100.0%"],
    ]
    assert chart.figure["layout"]["height"] == 200  # at least 200: 3 x 34 + 80 = 182


def test_supply_chart_stacks_places_in_the_area_and_near():
    supply = pd.DataFrame(
        {"TYPE": ["childrens_home", "ifa"], "IN_AREA": [3, 2], "IN_AREA_PLACES": [12, 0],
         "NEAR": [5, 1], "NEAR_PLACES": [1234, 0]}
    )  # fmt: skip
    chart = charts.supply_chart(supply)
    in_area, near = chart.figure["data"]
    assert in_area["y"] == ["Children's home", "Independent fostering agency"]
    assert (in_area["x"], near["x"]) == ([12, 0], [1234, 0])
    assert shown(chart.table.rows) == [
        ["Children's home", "3", "12", "5", "1,234"],
        ["Independent fostering agency", "2", "0", "1", "0"],
    ]


def test_cost_chart_pairs_in_house_and_external_averages():
    costs = pd.DataFrame(
        {
            "CATEGORY": ["childrens_home", "ifa_foster", "ifa_foster"],
            "PROVISION": ["external", "external", "in_house"],
            "CHILDREN": [2, 10, 4],
            "COSTED": [1, 10, 3],
            "AVERAGE": [6000.0, 852.5, 450.0],
            "MINIMUM": [6000.0, 800.0, 400.0],
            "MAXIMUM": [6000.0, 900.0, 500.0],
            "ANNUAL_SPEND": [312000.0, 443300.0, 70200.0],
        }
    )
    chart = charts.cost_chart(costs)
    in_house, external = chart.figure["data"]
    assert in_house["y"] == ["Children's home", "Fostering: independent agency"]
    # No in-house children's home: no bar rather than a bar at nought.
    assert in_house["x"] == [None, 450.0] and external["x"] == [6000.0, 852.5]
    assert shown(chart.table.rows) == [
        ["Children's home", "External", "1 of 2", "£6,000.00", "£6,000.00", "£6,000.00",
         "£312,000"],
        ["Fostering: independent agency", "External", "10 of 10", "£852.50", "£800.00",
         "£900.00", "£443,300"],
        ["Fostering: independent agency", "In-house", "3 of 4", "£450.00", "£400.00", "£500.00",
         "£70,200"],
    ]  # fmt: skip


def test_gap_chart_compares_children_with_places():
    gap = pd.DataFrame(
        {"CATEGORY": ["childrens_home"], "CHILDREN": [12], "LOCAL_PROVIDERS": [4],
         "LOCAL_PLACES": [10], "PLACES_KNOWN": [True], "VACANCIES": [1], "GAP": [2], "FAR": [5]}
    )  # fmt: skip
    chart = charts.gap_chart(gap, id="market-gap")
    children, places, far = chart.figure["data"]
    assert (children["x"], places["x"], far["x"]) == ([12], [10], [5])
    assert chart.table.headings == GAP_HEADINGS
    assert shown(chart.table.rows) == [["Children's home", "12", "4", "10", "1", "2", "5"]]
    assert chart.figure["layout"]["height"] == 240  # at least 240: 70 x 1 + 110 = 180
