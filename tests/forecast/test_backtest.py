"""Rolling-origin backtests: a hand-made cohort whose future is known exactly, the naive
baselines on a series worked by hand, and coverage counted correctly."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from placements.forecast import accuracy, backtest, stock_flow, targets

CH = stock_flow.CATEGORIES.index("childrens_home")
INHOUSE = stock_flow.CATEGORIES.index("inhouse_foster")


def frame(rows):
    df = pd.DataFrame(
        rows, columns=["CHILD", "DECOM", "RNE", "LS", "PLACE", "PLACE_PROVIDER", "DEC", "REC"]
    )
    df["DECOM"] = pd.to_datetime(df["DECOM"])
    df["DEC"] = pd.to_datetime(df["DEC"])
    return df


# --------------------------------------------------------------------------- naive baselines


def test_straight_line_trend_worked_by_hand():
    # 10, 12, 14 at two months before, one month before and the origin: the line rises 2 a
    # month and reads 14 at the origin, so 6 months on it reads 14 + 2 x 6 = 26 and 12 months
    # on 14 + 24 = 38.
    history = np.array([[10.0], [12.0], [14.0]])
    line = backtest.straight_line(history, np.array([-2, -1, 0]), np.array([6, 12]))
    assert line[:, 0].tolist() == pytest.approx([26.0, 38.0])


def test_straight_line_is_least_squares_and_floored_at_nought():
    # 1, 5, 3 at -2, -1, 0: mean x -1, mean y 3; slope = sum((x-xm)(y-ym)) / sum((x-xm)^2)
    # = ((-1)(-2) + 0 + (1)(0)) / 2 = 1; the line is 3 + 1 x (x + 1): 6 months on, 10.
    # A falling series 6, 4, 2 (slope -2) would read 2 - 2 x 2 = -2 two months on: floored to 0.
    history = np.array([[1.0, 6.0], [5.0, 4.0], [3.0, 2.0]])
    line = backtest.straight_line(history, np.array([-2, -1, 0]), np.array([2, 6]))
    assert line[:, 0].tolist() == pytest.approx([6.0, 10.0])
    assert line[:, 1].tolist() == [0.0, 0.0]


def test_accuracy_and_coverage_counted_by_hand():
    # Four origins; the last target is after the data (NaN): three are compared.
    # Errors: (100 - 90) / 90 = +11.11%, (100 - 105) / 105 = -4.76%, (100 - 120) / 120 = -16.67%.
    # MAPE = (11.11 + 4.76 + 16.67) / 3 = 10.85; bias = (11.11 - 4.76 - 16.67) / 3 = -3.44.
    # Band 95 to 110: 90 below, 105 inside, 120 above: coverage 1 of 3 = 33.3%.
    # Same as at the start, 95 each time: 5.56%, 9.52%, 20.83% -> 11.97.
    # Trend 110, 110, 110: 22.22%, 4.76%, 8.33% -> 11.77.
    forecast = np.array([100.0, 100, 100, 100])
    actual = np.array([90.0, 105, 120, np.nan])
    result = backtest.accuracy(
        forecast,
        actual,
        lower=np.full(4, 95.0),
        upper=np.full(4, 110.0),
        naive=np.full(4, 95.0),
        trend=np.full(4, 110.0),
    )
    assert result.origins == 3
    assert result.mape == pytest.approx((10 / 90 + 5 / 105 + 20 / 120) / 3 * 100)
    assert result.bias == pytest.approx((10 / 90 - 5 / 105 - 20 / 120) / 3 * 100)
    assert result.coverage == pytest.approx(100 / 3)
    assert result.naive_mape == pytest.approx((5 / 90 + 10 / 105 + 25 / 120) / 3 * 100)
    assert result.trend_mape == pytest.approx((20 / 90 + 5 / 105 + 10 / 120) / 3 * 100)
    # The model (10.85) is closer than both rules (11.97 and 11.77).
    assert accuracy.verdict(result) == accuracy.BEATS_BOTH


def test_a_band_edge_counts_as_inside():
    result = backtest.accuracy(
        np.array([10.0, 10.0]), np.array([8.0, 12.0]), lower=np.array([8.0, 8.0]),
        upper=np.array([12.0, 12.0]), naive=np.array([10.0, 10.0]), trend=np.array([10.0, 10.0]),
    )  # fmt: skip
    assert result.coverage == 100.0


# --------------------------------------------------------------------------- origins


def test_origins_are_quarter_ends_with_the_reference_period_before_them():
    # Data from 1 April 2019 to 31 March 2025, 12 months of reference: the first origin with a
    # whole year before it is 31 March 2020; the last with 6 months after it 30 September
    # 2024. Quarter ends between: 4 a year for 2020-2023 and 3 in 2024 = 19.
    origins = backtest.origins_for(date(2019, 4, 1), date(2025, 3, 31), 12)
    assert origins[0] == date(2020, 3, 31) and origins[-1] == date(2024, 9, 30)
    assert len(origins) == 19
    # 36 months of reference from three years of data: no origin has it all.
    assert backtest.origins_for(date(2022, 4, 1), date(2025, 3, 31), 36) == []


# --------------------------------------------------------------------------- a known future

# Ten children with in-house foster carers and six in a children's home since 2015, none
# moving, so the rates learnt up to either origin are all nought (no dates of birth: every
# child is taken to be 12 1/2, so no birthday crosses an age band in the year before).
# What the origins could not know:
# - child X leaves the children's home on 1 August 2023 (still open as known on both
#   origins: its end date is in the future then);
# - child Y comes into a children's home on 15 June 2023.
# So the forecast from each origin is flat (10 + 6 = 16) with a band of no width, and what
# happened was: 30 Jun 2023: homes 7 (X and Y); 30 Sep 2023 on: homes 6 (Y, not X).
KNOWN = frame(
    [(f"F{i}", "2015-01-01", "S", "C2", "U4", "PR1", None, None) for i in range(10)]
    + [(f"H{i}", "2015-01-01", "S", "C2", "K2", "PR4", None, None) for i in range(5)]
    + [
        ("X", "2015-01-01", "S", "C2", "K2", "PR4", "2023-08-01", "E13"),
        ("Y", "2023-06-15", "S", "C2", "K2", "PR4", None, None),
    ]
)


def known_backtest():
    return backtest.rolling_backtest(
        KNOWN, None, first_day=date(2019, 4, 1), last_day=date(2025, 3, 31),
        reference_months=12, horizons=(6, 12), origins=[date(2022, 12, 31), date(2023, 3, 31)],
    )  # fmt: skip


def test_backtest_on_a_cohort_whose_future_is_known():
    test = known_backtest()
    # Forecasts: flat at what was known on each origin.
    assert test.forecast[:, :, CH].tolist() == [[6, 6], [6, 6]]
    assert test.forecast[:, :, INHOUSE].tolist() == [[10, 10], [10, 10]]
    assert test.total_forecast.tolist() == [[16, 16], [16, 16]]
    # What happened on the targets: 30 Jun 2023 and 31 Dec 2023; 30 Sep 2023 and 31 Mar 2024.
    assert test.targets == [
        [date(2023, 6, 30), date(2023, 12, 31)],
        [date(2023, 9, 30), date(2024, 3, 31)],
    ]
    assert test.actual[:, :, CH].tolist() == [[7, 6], [6, 6]]
    # Children's homes at 6 months: -1/7 = -14.29% from the first origin, 0 from the second:
    # MAPE 7.14, bias -7.14; the band has no width, so only the second is inside: 50%.
    homes = test.accuracy(6, "childrens_home")
    assert homes.mape == pytest.approx(100 / 7 / 2)
    assert homes.bias == pytest.approx(-100 / 7 / 2)
    assert homes.coverage == 50.0
    # Nothing changed before either origin: "same as at the start" and the trend are flat too.
    assert homes.naive_mape == pytest.approx(100 / 7 / 2)
    assert homes.trend_mape == pytest.approx(100 / 7 / 2)
    # At 12 months every forecast was right.
    assert test.accuracy(12, "childrens_home").mape == 0.0
    assert test.accuracy(12, "childrens_home").coverage == 100.0
    # The total at 6 months: 16 against 17 (-5.88%) and 16 against 16: MAPE 2.94.
    total = test.accuracy(6)
    assert total.mape == pytest.approx(100 / 17 / 2)
    assert total.coverage == 50.0
    # Over every comparison with children (2 horizons x 2 origins x {total, in-house, homes}
    # = 12), the two 6-month misses from the first origin fall outside: 10 of 12.
    assert test.band_coverage() == pytest.approx(1000 / 12)


def test_backtest_json_has_the_keys_the_command_writes():
    payload = known_backtest().as_json()
    assert payload["origins"] == ["2022-12-31", "2023-03-31"]
    twelve = payload["by_horizon"]["12"]
    assert set(twelve["total"]) >= {"mape", "bias", "coverage", "naive_mape", "trend_mape"}
    assert twelve["by_category"]["childrens_home"]["mape"] == 0.0
    assert payload["by_horizon"]["6"]["by_category"]["childrens_home"]["coverage"] == 50.0


def test_year_ahead_sentence_gives_the_largest_error():
    # From the two origins the 12-month forecasts of homes were 6 against 6 and 6 against 6.
    sentence = accuracy.year_ahead_sentence(known_backtest(), "childrens_home")
    assert sentence == (
        "For children's home placements, forecasts made a year ahead, from each of the last 2 "
        "quarter ends "
        "(31 December 2022 to 31 March 2023), were within 0% of what happened (0.0% out on "
        "average)."
    )


def test_horizon_note_beyond_the_checked_horizon():
    test = known_backtest()
    # Two origins only: fewer than MIN_ORIGINS (4), so no horizon is supported.
    assert test.supported_horizon() is None
    assert "not yet enough history" in accuracy.horizon_note(test, 36, date(2025, 3, 31))


# --------------------------------------------------------------------------- targets


def flat_projection(name: str, level: float, sd: float) -> stock_flow.Projection:
    months = 24
    dates = stock_flow.month_dates(date(2025, 3, 31), months)
    mean = np.zeros((months, stock_flow.N_STATES))
    mean[:, 0] = level
    return stock_flow.Projection(
        base_date=date(2025, 3, 31), dates=dates, stock0=mean[0].copy(), mean=mean,
        sd_total=np.full(months, sd), sd_category=np.zeros((months, stock_flow.N_CATEGORIES)),
        name=name,
    )  # fmt: skip


def test_a_target_outside_every_scenario_is_flagged():
    # Current trends 700 +/- 2 x 20 (660 to 740); a scenario at 640 +/- 40 (600 to 680).
    projections = [flat_projection("Current trends", 700, 20), flat_projection("Edge", 640, 20)]
    far = targets.check_target("Children looked after", 550, date(2026, 3, 31), projections)
    assert far.month_end == date(2026, 3, 31)
    assert far.reachable is False
    words = accuracy.target_rows([far])[0]["text"]
    assert "below the likely range" in words and "do not reach this target" in words
    near = targets.check_target("Children looked after", 650, date(2026, 3, 31), projections)
    assert near.reachable is True  # inside the scenario's 600 to 680, below current trends
    assert accuracy.target_rows([near])[0]["text"] == (
        "On current trends 700 by 31 March 2026; the target is below the likely range. "
        "Inside the likely range of Edge."
    )
    beyond = targets.check_target("Children looked after", 650, date(2028, 3, 31), projections)
    assert beyond.reason == "beyond" and beyond.reachable is None


def test_scenario_end_points_against_current_trends():
    projections = [flat_projection("Current trends", 700, 20), flat_projection("Edge", 640, 20)]
    [(reading, position)] = targets.end_points(projections)
    assert (reading.name, reading.mean, position) == ("Edge", 640.0, targets.BELOW)


# --------------------------------------------------------------------------- pooled changes


def test_changes_of_type_are_pulled_towards_the_types_rate_over_all_ages(monkeypatch):
    monkeypatch.setattr(stock_flow, "SHRINK_DAYS", 365.0)

    def s(category, band):
        return stock_flow.state_index(
            stock_flow.CATEGORIES.index(category), stock_flow.AGE_BANDS.index(band)
        )

    exposure = np.zeros(stock_flow.N_STATES)
    moves = np.zeros((stock_flow.N_STATES, stock_flow.N_STATES + 1))
    # Children's homes: 730 child-days aged 10-15 with 2 moves to agency fostering and 4
    # exits; 365 child-days aged 16 with none.
    exposure[s("childrens_home", "10_15")] = 730
    exposure[s("childrens_home", "16")] = 365
    moves[s("childrens_home", "10_15"), s("ifa_foster", "10_15")] = 2
    moves[s("childrens_home", "10_15"), stock_flow.OUT] = 4
    counts = stock_flow.Counts(
        base_date=date(2025, 3, 31), reference_start=date(2024, 4, 1), days=365,
        exposure=exposure, entries=np.zeros(stock_flow.N_STATES), moves=moves,
        ageing=np.zeros(stock_flow.N_STATES), stock=np.zeros(stock_flow.N_STATES),
    )  # fmt: skip
    hazards = stock_flow.rates_from(counts).hazards
    # The type's rate over all ages: 2 / (730 + 365) a day. With a year's worth of it:
    # aged 10-15: (2 + 365 x 2/1095) / (730 + 365); aged 16: (0 + 365 x 2/1095) / (365 + 365).
    assert hazards[s("childrens_home", "10_15"), s("ifa_foster", "10_15")] == pytest.approx(
        (2 + 365 * 2 / 1095) / 1095
    )
    assert hazards[s("childrens_home", "16"), s("ifa_foster", "16")] == pytest.approx(
        (365 * 2 / 1095) / 730
    )
    # Leaving care is not pooled: 4 / 730.
    assert hazards[s("childrens_home", "10_15"), stock_flow.OUT] == pytest.approx(4 / 730)
