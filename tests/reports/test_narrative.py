"""The needs analysis sentences, on hand-worked figures."""

from datetime import date

from placements.cohort.measures import CATEGORY_LABELS
from reports import narrative


def test_looked_after_sentence_as_in_the_issue():
    # 864 now, 811 a year earlier: (864 - 811) / 811 = 6.535% -> "6.5% more".
    assert narrative.looked_after(
        on=date(2025, 3, 31), cla=864, before=811, rate=93.7, england_rate=67
    ) == (
        "On 31 March 2025, 864 children were looked after, 6.5% more than a year earlier: "
        "93.7 per 10,000 children, against 67 in England."
    )


def test_looked_after_fewer_one_child_and_no_rate():
    assert narrative.looked_after(
        on=date(2024, 12, 31), cla=1, before=4, rate=None, england_rate=67
    ) == ("On 31 December 2024, 1 child was looked after, 75.0% fewer than a year earlier.")


def test_looked_after_without_a_year_earlier():
    assert narrative.looked_after(
        on=date(2025, 3, 31), cla=10, before=None, rate=5.0, england_rate=None
    ) == ("On 31 March 2025, 10 children were looked after: 5.0 per 10,000 children.")


def test_flows():
    assert narrative.flows(started=310, ceased=290) == (
        "During the year, 310 children started to be looked after and 290 ceased, so more "
        "came into care than left, by 20."
    )
    assert narrative.flows(started=5, ceased=9).endswith("so more left care than came in, by 4.")
    assert narrative.flows(started=3, ceased=3).endswith("ceased, as many as came in.")


def test_placement_mix_names_fostering_then_the_three_largest_others():
    mix = dict.fromkeys(CATEGORY_LABELS, 0)
    mix.update(kinship_foster=20, inhouse_foster=30, ifa_foster=25, childrens_home=10,
               supported_accommodation=8, placed_with_parents=5, secure=2)  # fmt: skip
    # Total 100; fostering 75 = 75.0%; then children's home 10, supported 8, parents 5.
    assert narrative.placement_mix(mix, CATEGORY_LABELS) == (
        "75 of 100 children (75.0%) lived in foster care: 20 with family or friends, 30 with "
        "the council's own foster carers and 25 with independent fostering agencies. Of the "
        "rest, the largest groups were: 10 (10.0%) children's home, 8 (8.0%) supported "
        "accommodation and 5 (5.0%) placed with parents."
    )


def test_distance_with_unknown():
    # 12 of 80 = 15.0%.
    assert narrative.distance(numerator=12, denominator=80, unknown=3, out_of_area=30) == (
        "12 children (15.0%) lived more than 20 miles from home, and 30 outside the council's "
        "area. For 3, the distance is not known."
    )


def test_stability_against_england():
    text = narrative.stability(
        three_plus={"numerator": 9, "denominator": 90, "percent": 10.0},
        long_term={"numerator": 30, "denominator": 40, "percent": 75.0},
        england_three_plus=10,
        england_long_term=69,
    )
    assert text == (
        "10.0% of children in care had 3 or more placements in the year (England: 10%). Of the "
        "40 children under 16 who had been in care for at least two and a half years, 75.0% "
        "had lived in the same placement for at least two years (England: 69%)."
    )


def test_care_leavers():
    groups = {
        "17_18": {"cohort": 40, "suitable_accommodation": 36, "eet": 26},
        "19_21": {"cohort": 0, "suitable_accommodation": 0, "eet": 0},
    }
    # 36/40 = 90.0%, 26/40 = 65.0%; the empty 19-21 group is not mentioned.
    assert narrative.care_leavers(groups) == (
        "Of 40 care leavers aged 17 or 18, 90.0% were in suitable accommodation and 65.0% in "
        "education, employment or training."
    )
    assert narrative.care_leavers(None) == "Care leavers are counted at 31 March each year."


def test_long_term_stability_of_one_child_is_singular():
    sentence = narrative.stability(
        three_plus={"numerator": 0, "denominator": 3, "percent": 0.0},
        long_term={"numerator": 1, "denominator": 1, "percent": 100.0},
        england_three_plus=None,
        england_long_term=None,
    )
    assert "Of the 1 child under 16 who had been in care" in sentence


def test_placement_mix_of_one_child_is_singular():
    sentence = narrative.placement_mix({"kinship_foster": 1}, CATEGORY_LABELS)
    assert sentence.startswith("1 of 1 child (100.0%) lived in foster care")


def test_looked_after_names_the_year_of_englands_rate():
    # At 31 March 2025 the latest published year is 2023-24: the sentence says so.
    assert narrative.looked_after(
        on=date(2025, 3, 31), cla=706, before=713, rate=103.2, england_rate=69,
        england_year="2023-24",
    ) == (
        "On 31 March 2025, 706 children were looked after, 1.0% fewer than a year earlier: "
        "103.2 per 10,000 children, against 69 in England (2023-24)."
    )  # fmt: skip
