"""Figures for people: one rule per kind of number, each checked on hand-worked values."""

import math
from decimal import Decimal

import pandas as pd
import pytest

from sufficiency import formatting as f
from sufficiency.templatetags.formatting import weekly_money

MISSING = [None, float("nan"), math.nan, pd.NA, pd.NaT]


@pytest.mark.parametrize("value", MISSING)
def test_a_missing_figure_is_an_en_dash_never_nought(value):
    assert f.is_missing(value)
    for formatter in (f.count, f.number, f.percent, f.rate, f.money, f.signed, f.signed_percent):
        assert formatter(value) == "–", formatter.__name__
    assert f.share(value, 10) == "–" and f.share(1, value) == "–"
    assert f.plain(value) is None


@pytest.mark.parametrize("value", [0, 0.0, "", Decimal("0"), False])
def test_nought_and_blanks_are_not_missing(value):
    assert not f.is_missing(value)


@pytest.mark.parametrize(
    "value,text",
    [
        (0, "0"),
        (7, "7"),
        (81770, "81,770"),
        (1234567, "1,234,567"),
        (3.0, "3"),
        (Decimal("12"), "12"),
        (2.6, "3"),  # a count is whole
        (-1500, "-1,500"),
    ],
)
def test_count(value, text):
    assert f.count(value) == text


@pytest.mark.parametrize(
    "value,places,text",
    [
        (2.5, 1, "2.5"),
        (1234, 1, "1,234"),  # whole: no decimal places
        (1234.0, 1, "1,234"),
        (1234.56, 1, "1,234.6"),
        (0.125, 2, "0.12"),  # 0.125 is exact in binary: half to even
        (Decimal("10.25"), 1, "10.2"),
    ],
)
def test_number(value, places, text):
    assert f.number(value, places) == text


@pytest.mark.parametrize(
    "value,text",
    [
        (19.25, "19.2%"),  # 19.25 is exact in binary; Python's round, half to even, as MEASURES.md
        (19.26, "19.3%"),
        (50, "50.0%"),
        (0, "0.0%"),
        (100, "100.0%"),
        (33.333333, "33.3%"),
        (Decimal("66.65"), "66.7%"),
    ],
)
def test_percent(value, text):
    assert f.percent(value) == text


def test_percent_to_other_places():
    assert f.percent(12.3456, 2) == "12.35%"
    assert f.percent(12.5, 0) == "12%"  # half to even


@pytest.mark.parametrize(
    "part,whole,text",
    [
        (1, 2, "50.0%"),
        (1, 3, "33.3%"),
        (2, 3, "66.7%"),
        (0, 5, "0.0%"),
        (3, 0, "–"),  # nothing to take a share of
        (Decimal("1"), Decimal("8"), "12.5%"),
    ],
)
def test_share(part, whole, text):
    assert f.share(part, whole) == text


@pytest.mark.parametrize(
    "value,text", [(103.24, "103.2"), (1.0, "1.0"), (0, "0.0"), (12345.67, "12,345.7")]
)
def test_rate_per_10000(value, text):
    assert f.rate(value) == text


@pytest.mark.parametrize(
    "value,pence,text",
    [
        (6782, False, "£6,782"),
        (6782.49, False, "£6,782"),
        (852.5, True, "£852.50"),
        (852.5, False, "£852"),  # whole pounds: 852.5 rounds half to even
        (9999.99, True, "£9,999.99"),
        (10_000, True, "£10,000"),  # pence only below £10,000
        (56_300_000, False, "£56.3m"),
        (1_000_000, False, "£1.0m"),
        (999_999, False, "£999,999"),
        (0, False, "£0"),
        (Decimal("1500.00"), False, "£1,500"),
        # Negative money has a true minus sign before the pound sign.
        (-6782, False, "−£6,782"),
        (-852.5, True, "−£852.50"),
        (-2_500_000, False, "−£2.5m"),
    ],
)
def test_money(value, pence, text):
    assert f.money(value, pence=pence) == text


def test_money_that_rounds_to_nought_has_no_sign():
    assert f.money(-0.4) == "£0"


@pytest.mark.parametrize(
    "value,places,text",
    [
        (18, 0, "+18"),
        (-18, 0, "−18"),  # U+2212, not a hyphen
        (0, 0, "0"),
        (0.4, 0, "0"),  # rounds to nought: no sign
        (-0.4, 0, "0"),
        (1.5, 1, "+1.5"),
        (-0.04, 1, "0.0"),
        (1234, 0, "+1,234"),
        (-1234.56, 1, "−1,234.6"),
    ],
)
def test_signed(value, places, text):
    assert f.signed(value, places) == text


@pytest.mark.parametrize(
    "value,text", [(1.7, "+1.7%"), (-10, "−10.0%"), (0, "0.0%"), (-0.01, "0.0%")]
)
def test_signed_percent(value, text):
    assert f.signed_percent(value) == text


def test_plain_numbers_for_spreadsheets():
    assert f.plain(Decimal("852.50")) == 852.5 and isinstance(f.plain(Decimal("1")), float)
    assert f.plain(3) == 3 and isinstance(f.plain(3), int)
    assert f.plain(2.5) == 2.5
    assert f.plain("Oak House") == "Oak House"


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.2, "0.20"), (0.1, "0.10"), (50.73, "50.7"), (5.18, "5.18"), (None, "–")],
)
def test_per_child_year_is_not_a_percentage(value, text):
    # The forecast once printed 50.73 leavings per child-year as "5073%".
    assert f.per_child_year(value) == text
    assert f.PER_CHILD_YEAR == "per child-year"


def test_the_weekly_money_filter_is_money_with_pence():
    # The provider page's prices and costs, as the market's registers write them.
    assert weekly_money(Decimal("852.5")) == "£852.50"
    assert weekly_money(Decimal("5500")) == "£5,500.00"
    assert weekly_money(Decimal("12000")) == "£12,000"
    assert weekly_money(None) == "–"
