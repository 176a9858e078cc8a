"""The cohort's figures for people: headline cards, the terminal table, share tables."""

from datetime import date
from types import SimpleNamespace

import pytest

from placements.cohort import presenters
from tests.factories import ImportProblemFactory, ReturnFactory
from tests.placements.cohort.figures import measures, ratio


def cards_by_key(figures):
    # Only what the cards read of CohortAt: the measures now and a year earlier, England's.
    at = SimpleNamespace(**figures)
    return {card["key"]: card for card in presenters.headline_cards(at)}  # type: ignore[arg-type]


def test_headline_cards_with_a_year_earlier_and_england():
    now = measures(
        three_plus_placements=ratio(1, 4),  # 25.0%
        rate_per_10k=1.0,
    )
    before = measures(
        cla=2,
        started=1,
        ceased=1,
        uasc=1,
        rate_per_10k=None,  # no population recorded a year earlier
        three_plus_placements=ratio(2, 10),  # 20.0%
        long_term_stability=ratio(1, 1),
        over_20_miles=ratio(2, 2, unknown=0),
    )
    england = (2025, {"cla": 81770, "rate_per_10k": 70.0, "three_plus_placements": 10.0})
    cards = cards_by_key(
        {"now": now, "before": before, "england": england, "year_earlier": date(2024, 3, 31)}
    )
    assert list(cards) == [
        "cla", "rate_per_10k", "started", "ceased", "uasc", "three_plus_placements",
        "long_term_stability", "over_20_miles",
    ]  # fmt: skip
    cla = cards["cla"]
    assert (cla["title"], cla["value"], cla["detail"]) == ("Children looked after", "3", "")
    # 2 -> 3: up 1, which is 50.0% of 2.
    assert cla["change"] == "up (50.0%) from 2 on 31 March 2024"
    assert cla["england"] == "England 2024-25: 81,770"
    assert cla["definition"].startswith("Children with an episode of care open on the date")
    assert cards["rate_per_10k"]["value"] == "1.0"
    assert cards["rate_per_10k"]["change"] == "No figure for a year earlier"
    assert cards["rate_per_10k"]["england"] == "England 2024-25: 70.0"
    # 1 -> 0 ceased: down 1, 100.0% of 1.
    assert cards["ceased"]["change"] == "down (100.0%) from 1 on 31 March 2024"
    assert cards["uasc"]["change"] == "Same as on 31 March 2024"
    assert cards["uasc"]["england"] == "England: no published figure here"
    three = cards["three_plus_placements"]
    # 1 of 4 = 25.0% against 2 of 10 = 20.0%: up 5.0 percentage points.
    assert (three["value"], three["detail"]) == ("25.0%", "1 of 4")
    assert three["change"] == "up 5.0 points from 20.0% on 31 March 2024"
    assert three["england"] == "England 2024-25: 10.0%"
    assert cards["long_term_stability"]["change"] == "Same as 31 March 2024 (100.0%)"
    # 2 of 2 = 100.0% -> 1 of 3 = 33.3%: down 66.7 points.
    assert cards["over_20_miles"]["change"] == "down 66.7 points from 100.0% on 31 March 2024"
    # The distance measure has no England figure in the published tables.
    assert cards["over_20_miles"]["england"] == "England: no published figure here"


def test_headline_cards_without_a_year_earlier_or_england():
    cards = cards_by_key({"now": measures(), "before": None, "england": None, "year_earlier": None})
    assert {card["change"] for card in cards.values()} == {"No figure for a year earlier"}
    assert {card["england"] for card in cards.values()} == {"England: no published figure here"}
    # 0 of 3 with 3+ placements; the long-term stability denominator may be empty.
    assert cards["three_plus_placements"]["value"] == "0.0%"
    empty = cards_by_key(
        {"now": measures(long_term_stability=ratio(0, 0)), "before": None, "england": None,
         "year_earlier": None}
    )  # fmt: skip
    assert (empty["long_term_stability"]["value"], empty["long_term_stability"]["detail"]) == (
        "–", "0 of 0"
    )  # fmt: skip


def test_share_rows_with_labels_and_a_total():
    assert presenters.share_rows({"male": 2, "female": 1}, {"male": "Male"}) == [
        ["Male", "2", "66.7%"],
        ["female", "1", "33.3%"],  # no label: the key
        ["Total", "3", "100.0%"],
    ]
    assert presenters.share_rows({"male": 0}) == [["male", "0", "–"], ["Total", "0", "–"]]
    assert presenters.share_rows({"a": 1234}) == [
        ["a", "1,234", "100.0%"],
        ["Total", "1,234", "100.0%"],
    ]


def test_measures_table_for_the_terminal():
    result = measures(
        care_leavers={"17_18": {"cohort": 2, "suitable_accommodation": 1, "eet": 0}},
        rate_per_10k=None,
    )
    lines = presenters.measures_table(result).splitlines()
    # Labels padded to the longest ("Long-term stability", "Supported accommodation"...) + 2.
    width = max(len(line.split("  ")[0]) for line in lines)
    assert lines[:7] == [
        f"{'Council':<{width}}  E10000099",
        f"{'Reference date':<{width}}  2025-03-31",
        f"{'Children looked after':<{width}}  3",
        f"{'Started in the year':<{width}}  1",
        f"{'Ceased in the year':<{width}}  0",
        f"{'UASC':<{width}}  1",
        f"{'Rate per 10,000':<{width}}  –",
    ]
    # The longest label is the needs analysis's (version 4 of the contract).
    assert width == len("Legal status: emergency protection")
    assert f"{'Age 16-plus':<{width}}  2" in lines
    assert f"{'Sex: male':<{width}}  2" in lines
    assert f"{'Fostering: kinship':<{width}}  1" in lines
    stability = lines.index(f"{'3+ placements':<{width}}  0/3 = 0.0%")
    assert lines[stability : stability + 5] == [
        f"{'3+ placements':<{width}}  0/3 = 0.0%",
        f"{'Long-term stability':<{width}}  1/1 = 100.0%",
        f"{'Placed over 20 miles':<{width}}  1/3 = 33.3%",
        f"{'Distance unknown':<{width}}  0",
        f"{'Care leavers 17-18':<{width}}  2 (1 suitably housed, 0 in EET)",
    ]
    assert lines[-2:] == [
        f"{'Placed outside the area':<{width}}  0/3 = 0.0%",
        f"{'Area not known':<{width}}  0",
    ]


@pytest.mark.django_db
def test_import_summary_lines_list_the_counts_and_the_first_twenty_problems():
    return_obj = ReturnFactory(
        la__code="E10000099", year=2025, status="imported", rows_read=1234, rows_imported=1200,
        rows_rejected=34, warnings=0, table_counts={"header": 600, "episodes": 600},
    )  # fmt: skip
    ImportProblemFactory(return_obj=return_obj, row=5, column="DEC", value="bad")
    ImportProblemFactory(return_obj=return_obj, row=None, column="", value="", severity="warning",
                         file="uasc.csv", reason="the file is not UTF-8")  # fmt: skip
    ImportProblemFactory.create_batch(20, return_obj=return_obj)
    lines = presenters.import_summary_lines(return_obj)
    assert lines[:8] == [
        "E10000099 2024-25 return: Imported",
        "Rows read:     1,234",
        "Imported:      1,200",
        "Rejected:      34",
        "Warnings:      0",
        "  episodes: 600 rows",
        "  header: 600 rows",
        "ERROR: episodes.csv, row 5, DEC: 'bad' not a valid date",
    ]
    assert lines[8] == "WARNING: uasc.csv: the file is not UTF-8"
    assert len(lines) == 7 + 20 + 1
    assert lines[-1] == "... and 2 more (use --problems to list all)"
    assert len(presenters.import_summary_lines(return_obj, every_problem=True)) == 7 + 22


@pytest.mark.django_db
def test_problems_csv_rows():
    return_obj = ReturnFactory()
    ImportProblemFactory(return_obj=return_obj, row=None, column="", value="")
    assert list(presenters.problems_csv_rows(return_obj)) == [
        ["severity", "file", "row", "column", "value", "reason"],
        ["error", "episodes.csv", "", "", "", "not a valid date"],
    ]
