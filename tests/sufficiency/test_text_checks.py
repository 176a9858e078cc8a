"""Checks on the council's own words against its data (issue 12): pure, with hand-worked
figures."""

from datetime import date

from sufficiency.plan.text_checks import check_text, sentences

ON = date(2025, 3, 31)
# Children in care on each 31 March: 730 in 2020 falling to 706 in 2025.
SERIES = {date(2020, 3, 31): 730, date(2021, 3, 31): 715, date(2022, 3, 31): 694,
          date(2023, 3, 31): 699, date(2024, 3, 31): 713}  # fmt: skip


def messages(text):
    return [w.message for w in check_text(text, on=ON, cla=706, cla_by_date=SERIES)]


def test_a_stated_rise_the_data_contradicts_is_warned():
    # "in five years": 31 March 2020 (730) to 31 March 2025 (706) is a fall.
    assert messages("The number of children in care rose by a fifth in five years.") == [
        "It says the number rose; the data says it fell: 730 children in care on 31 March "
        "2020 and 706 on 31 March 2025."
    ]


def test_a_direction_the_data_bears_out_is_not_warned():
    # Over one year (no span given): 713 on 31 March 2024 to 706 is a fall, as stated.
    assert messages("The number of children looked after fell this year.") == []
    # Over three years: 694 on 31 March 2022 to 706 is a rise, as stated.
    assert messages("Children in care have increased over the last three years.") == []


def test_a_stated_count_far_from_every_count_is_warned():
    # 640 is more than 5% from 706 and from every earlier count; 700 is within 5% of 706.
    assert messages("We look after 640 children.") == [
        "It says 640 children; the data gives 706 children in care on 31 March 2025."
    ]
    assert messages("We look after about 700 children in care.") == []
    # Years and small numbers are not counts of children in care.
    assert messages("Since 2020 children in care have had 3 children's homes nearby.") == []


def test_nothing_to_check_without_data():
    assert check_text("640 children in care.", on=ON, cla=None, cla_by_date={}) == []


def test_sentences_split_on_full_stops_and_lines():
    assert sentences("One. Two!\nThree") == ["One.", "Two!", "Three"]
