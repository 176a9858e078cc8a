"""The demand model: counts worked by hand, known rates recovered, a steady state kept, and
scenario and cost arithmetic by hand."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from placements.forecast import stock_flow
from placements.forecast.simulate import Process, simulate

CH = stock_flow.CATEGORIES.index("childrens_home")
INHOUSE = stock_flow.CATEGORIES.index("inhouse_foster")
IFA = stock_flow.CATEGORIES.index("ifa_foster")


def state(category: str, band: str) -> int:
    return stock_flow.state_index(
        stock_flow.CATEGORIES.index(category), stock_flow.AGE_BANDS.index(band)
    )


def frame(rows, columns="CHILD DECOM RNE LS PLACE PLACE_PROVIDER DEC REC"):
    df = pd.DataFrame(rows, columns=columns.split())
    df["DECOM"] = pd.to_datetime(df["DECOM"])
    df["DEC"] = pd.to_datetime(df["DEC"])
    return df


def header(rows):
    df = pd.DataFrame(rows, columns=["CHILD", "SEX", "DOB"])
    df["DOB"] = pd.to_datetime(df["DOB"])
    return df


# --------------------------------------------------------------------------- hand-worked counts

# Base date 31 Dec 2024, 12 months of reference: 1 Jan to 31 Dec 2024, 366 days (a leap year).
# Child 1 (aged 13) is with in-house carers until 1 March, moves to a children's home, and
# leaves care on 1 September: 60 days in-house, 184 days in the home, one move, one exit.
# Child 2 starts in a children's home on 1 February and turns 16 on 1 July: 151 days aged
# 10-15, then 184 days aged 16 to the end (still there); one entry, one birthday move.
EPISODES = frame(
    [
        ("1", "2023-06-01", "S", "C2", "U4", "PR1", "2024-03-01", "X1"),
        ("1", "2024-03-01", "P", "C2", "K2", "PR4", "2024-09-01", "E13"),
        ("2", "2024-02-01", "S", "C2", "K2", "PR4", None, None),
        # Known only after the base date: ignored.
        ("3", "2025-01-10", "S", "C2", "K2", "PR4", None, None),
    ]
)
HEADER = header([("1", "M", "2010-06-15"), ("2", "F", "2008-07-01"), ("3", "F", "2012-01-01")])


def test_counts_worked_by_hand():
    counts = stock_flow.observed_counts(
        EPISODES, HEADER, base_date=date(2024, 12, 31), reference_months=12
    )
    assert counts.reference_start == date(2024, 1, 1)
    assert counts.days == 366
    assert counts.exposure[state("inhouse_foster", "10_15")] == 60
    assert counts.exposure[state("childrens_home", "10_15")] == 184 + 151
    assert counts.exposure[state("childrens_home", "16")] == 184
    assert counts.exposure.sum() == 60 + 184 + 151 + 184
    assert counts.entries.sum() == 1 and counts.entries[state("childrens_home", "10_15")] == 1
    moves = counts.moves
    assert moves[state("inhouse_foster", "10_15"), state("childrens_home", "10_15")] == 1
    assert moves[state("childrens_home", "10_15"), stock_flow.OUT] == 1
    assert moves[state("childrens_home", "10_15"), state("childrens_home", "16")] == 1
    assert counts.ageing.sum() == 1
    assert moves.sum() == 3
    assert counts.stock.sum() == 1 and counts.stock[state("childrens_home", "16")] == 1
    rates = stock_flow.rates_from(counts)
    # Two events out of the children's home aged 10-15 over 335 days.
    assert rates.hazards[state("childrens_home", "10_15"), stock_flow.OUT] == pytest.approx(1 / 335)
    assert rates.entries.sum() == pytest.approx(1 / 366)


def test_only_what_was_known_on_the_base_date_is_used():
    # On 31 August 2024 child 1's exit (1 September) has not happened: the home is open, and
    # child 3, who came later, is unknown.
    counts = stock_flow.observed_counts(
        EPISODES, HEADER, base_date=date(2024, 8, 31), reference_months=12
    )
    assert counts.moves[:, stock_flow.OUT].sum() == 0
    assert counts.stock.sum() == 2
    later = EPISODES.copy()
    later.loc[1, ["DEC", "REC"]] = [pd.Timestamp("2030-01-01"), "E4A"]
    same = stock_flow.observed_counts(
        later, HEADER, base_date=date(2024, 8, 31), reference_months=12
    )
    np.testing.assert_array_equal(counts.moves, same.moves)
    np.testing.assert_array_equal(counts.exposure, same.exposure)


def test_leaving_at_18_is_an_exit_from_the_17_band():
    episodes = frame([("1", "2020-01-01", "S", "C2", "K3", "PR4", "2024-05-01", "E8")])
    counts = stock_flow.observed_counts(
        episodes, header([("1", "M", "2006-03-01")]), base_date=date(2024, 12, 31),
        reference_months=12,
    )  # fmt: skip
    # 1 Jan to 1 March 2024 (the 18th birthday) aged 17, then nothing: care ends at 18.
    assert counts.exposure[state("supported_accommodation", "17")] == 60
    assert counts.moves[state("supported_accommodation", "17"), stock_flow.OUT] == 1
    assert counts.moves.sum() == 1


# --------------------------------------------------------------------------- known rates


@pytest.fixture(scope="module")
def known():
    process = Process(
        entries_per_year=1000,
        entry_mix={"inhouse_foster": 0.5, "ifa_foster": 0.3, "childrens_home": 0.2},
        exit_per_year={"inhouse_foster": 0.5, "ifa_foster": 0.6, "childrens_home": 0.4},
        moves_per_year={("childrens_home", "inhouse_foster"): 0.3},
        entry_age=(0.0, 9.0),  # young, so few reach 18 and the exit rates are the process's
    )
    episodes, head = simulate(process, start=date(2000, 4, 1), end=date(2025, 3, 31), seed=11)
    counts = stock_flow.observed_counts(episodes, head, base_date=date(2025, 3, 31))
    return process, episodes, head, counts


def test_the_estimator_recovers_known_rates(known):
    process, _, _, counts = known
    summary = stock_flow.summary_rates(counts)
    assert summary["entries_per_year"].sum() == pytest.approx(1000, rel=0.06)
    for category, share in process.entry_mix.items():
        assert summary.loc[category, "entries_per_year"] == pytest.approx(1000 * share, rel=0.1)
    for category, rate in process.exit_per_year.items():
        assert summary.loc[category, "exit_rate"] == pytest.approx(rate, rel=0.08)
    assert summary.loc["childrens_home", "move_rate"] == pytest.approx(0.3, rel=0.15)
    assert summary.loc["inhouse_foster", "move_rate"] == pytest.approx(0, abs=1e-9)


def test_a_steady_state_stays_steady(known):
    _, _, _, counts = known
    projection = stock_flow.project(counts, months=36)
    start = counts.stock.sum()
    # In steady state about 1000/yr x mean stay; the forecast neither drifts nor jumps.
    assert np.abs(projection.total / start - 1).max() < 0.05
    assert np.all(projection.lower <= projection.total)
    assert np.all(projection.total <= projection.upper)
    assert projection.upper[-1] - projection.lower[-1] > projection.upper[0] - projection.lower[0]


def test_steady_state_exactly_by_hand():
    # One state, 1 child a day arriving, each leaving at 1/500 a day: 500 in care stays 500.
    s = state("inhouse_foster", "5_9")
    exposure = np.zeros(stock_flow.N_STATES)
    exposure[s] = 500 * 1000
    entries = np.zeros(stock_flow.N_STATES)
    entries[s] = 1000
    moves = np.zeros((stock_flow.N_STATES, stock_flow.N_STATES + 1))
    moves[s, stock_flow.OUT] = 1000
    stock = np.zeros(stock_flow.N_STATES)
    stock[s] = 500
    counts = stock_flow.Counts(
        base_date=date(2025, 3, 31), reference_start=date(2022, 7, 5), days=1000,
        exposure=exposure, entries=entries, moves=moves, ageing=np.zeros(stock_flow.N_STATES),
        stock=stock,
    )  # fmt: skip
    projection = stock_flow.project(counts, months=24, draws=0)
    np.testing.assert_allclose(projection.total, 500, atol=1e-6)


def test_a_month_by_hand():
    # 100 children, none arriving, each leaving at 1% a day: after April (30 days),
    # 100 x 0.99^30 = 73.97 remain.
    s = state("ifa_foster", "10_15")
    counts = stock_flow.Counts(
        base_date=date(2025, 3, 31), reference_start=date(2024, 4, 1), days=365,
        exposure=np.where(np.arange(stock_flow.N_STATES) == s, 100.0, 0.0),
        entries=np.zeros(stock_flow.N_STATES),
        moves=np.zeros((stock_flow.N_STATES, stock_flow.N_STATES + 1)),
        ageing=np.zeros(stock_flow.N_STATES),
        stock=np.where(np.arange(stock_flow.N_STATES) == s, 100.0, 0.0),
    )  # fmt: skip
    counts.moves[s, stock_flow.OUT] = 1
    projection = stock_flow.project(counts, months=2, draws=0)
    assert projection.dates == [date(2025, 4, 30), date(2025, 5, 31)]
    assert projection.total[0] == pytest.approx(100 * 0.99**30)
    assert projection.total[1] == pytest.approx(100 * 0.99**61)
    # The band of a pure decay is binomial: sd = sqrt(n p (1 - p)).
    p = 0.99**30
    assert projection.sd_total[0] == pytest.approx(np.sqrt(100 * p * (1 - p)), rel=1e-6)


def test_backtest_compares_with_what_happened(known):
    _, episodes, head, _ = known
    test = stock_flow.backtest(
        episodes, head, base_date=date(2024, 3, 31), last_date=date(2025, 3, 31)
    )
    assert len(test.dates) == 12
    assert test.mape is not None and test.mape < 5
    assert test.coverage >= 75


# --------------------------------------------------------------------------- scenarios by hand


def simple_rates() -> stock_flow.Rates:
    entries = np.zeros(stock_flow.N_STATES)
    hazards = np.zeros((stock_flow.N_STATES, stock_flow.N_STATES + 1))
    entries[state("inhouse_foster", "5_9")] = 0.6
    entries[state("ifa_foster", "5_9")] = 0.4
    entries[state("childrens_home", "10_15")] = 0.2
    hazards[state("childrens_home", "10_15"), stock_flow.OUT] = 0.001
    hazards[state("childrens_home", "10_15"), state("ifa_foster", "10_15")] = 0.0004
    hazards[state("childrens_home", "10_15"), state("inhouse_foster", "10_15")] = 0.0001
    return stock_flow.Rates(entries, hazards)


START = date(2026, 4, 1)


def test_entry_and_exit_changes_multiply_the_rates():
    rates = simple_rates()
    fewer = stock_flow.apply_adjustments(
        rates, [stock_flow.Adjustment(stock_flow.ENTRIES, START, percent=-10)], {}
    )
    np.testing.assert_allclose(fewer.entries, rates.entries * 0.9)
    homes = stock_flow.apply_adjustments(
        rates,
        [stock_flow.Adjustment(stock_flow.ENTRIES, START, percent=50, category="childrens_home")],
        {},
    )
    assert homes.entries[state("childrens_home", "10_15")] == pytest.approx(0.3)
    assert homes.entries[state("inhouse_foster", "5_9")] == pytest.approx(0.6)
    more_exits = stock_flow.apply_adjustments(
        rates, [stock_flow.Adjustment(stock_flow.EXITS, START, percent=20)], {}
    )
    assert more_exits.hazards[state("childrens_home", "10_15"), stock_flow.OUT] == pytest.approx(
        0.0012
    )


def test_a_step_down_of_15_a_year_is_a_rate_on_the_children_there():
    rates = simple_rates()
    stock = np.zeros(stock_flow.N_STATES)
    stock[state("childrens_home", "10_15")] = 20
    stock[state("childrens_home", "16")] = 10
    adjusted = stock_flow.apply_adjustments(
        rates,
        [stock_flow.Adjustment(stock_flow.TRANSITION, START, category="childrens_home",
                          to_category="inhouse_foster", number=15, percent=100)],
        {START: stock},
    )  # fmt: skip
    # 15 a year among the 30 children in homes: 15 / 365.25 / 30 a day each, on top of the
    # existing rate doubled (+100%): 0.0001 x 2.
    extra = 15 / 365.25 / 30
    h = adjusted.hazards
    assert h[state("childrens_home", "10_15"), state("inhouse_foster", "10_15")] == pytest.approx(
        0.0002 + extra
    )
    assert h[state("childrens_home", "16"), state("inhouse_foster", "16")] == pytest.approx(extra)
    assert h[state("childrens_home", "10_15"), state("ifa_foster", "10_15")] == pytest.approx(
        0.0004
    )


def test_the_inhouse_share_moves_fostering_from_agencies():
    rates = simple_rates()
    adjusted = stock_flow.apply_adjustments(
        rates, [stock_flow.Adjustment(stock_flow.INHOUSE_SHARE, START, percent=10)], {}
    )
    # Entries: 60% in-house of 1.0 a day becomes 70%.
    assert adjusted.entries[state("inhouse_foster", "5_9")] == pytest.approx(0.7)
    assert adjusted.entries[state("ifa_foster", "5_9")] == pytest.approx(0.3)
    # Moves from the home into fostering: 0.0005 a day, 20% in-house becomes 30%.
    row = state("childrens_home", "10_15")
    assert adjusted.hazards[row, state("inhouse_foster", "10_15")] == pytest.approx(0.00015)
    assert adjusted.hazards[row, state("ifa_foster", "10_15")] == pytest.approx(0.00035)
    assert adjusted.entries.sum() == pytest.approx(rates.entries.sum())


def test_a_change_applies_from_its_date(known):
    _, _, _, counts = known
    baseline = stock_flow.project(counts, months=24, draws=0)
    change = stock_flow.Adjustment(stock_flow.ENTRIES, date(2026, 4, 1), percent=-50)
    scenario = stock_flow.project_scenario(
        counts, baseline, adjustments=[change], name="Half the entries", draws=0
    )
    # Months ending up to 31 March 2026 are the same; after, fewer children.
    same = [i for i, d in enumerate(baseline.dates) if d <= date(2026, 3, 31)]
    np.testing.assert_allclose(scenario.total[same], baseline.total[same])
    assert scenario.total[-1] < baseline.total[-1] - 100


# --------------------------------------------------------------------------- costs by hand


def flat_projection(months: int) -> stock_flow.Projection:
    # 10 children in in-house fostering throughout.
    stock = np.zeros(stock_flow.N_STATES)
    stock[state("inhouse_foster", "5_9")] = 10
    return stock_flow.Projection(
        base_date=date(2025, 3, 31),
        dates=stock_flow.month_dates(date(2025, 3, 31), months),
        stock0=stock,
        mean=np.tile(stock, (months, 1)),
        sd_total=np.zeros(months),
        sd_category=np.zeros((months, stock_flow.N_CATEGORIES)),
    )


def test_costs_by_hand():
    projection = flat_projection(13)
    costs = stock_flow.annual_costs(
        projection, {"inhouse_foster": 500, "childrens_home": 5000}, inflation_percent=10
    )
    # April 2025 to March 2026: 365 days of 10 children at £500 a week = £260,714.29.
    assert costs.loc[2025, "total"] == pytest.approx(10 * 500 * 365 / 7)
    assert costs.loc[2025, "months"] == 12
    # April 2026: 30 days at prices 10% up: 10 x 500 x 1.1 x 30 / 7 = £23,571.43.
    assert costs.loc[2026, "total"] == pytest.approx(10 * 500 * 1.1 * 30 / 7)
    assert costs.loc[2026, "months"] == 1
    assert costs.loc[2025, "childrens_home"] == 0


def test_a_month_costs_the_average_of_its_start_and_end():
    projection = flat_projection(1)
    projection.mean[0, state("inhouse_foster", "5_9")] = 20  # 10 on 31 March, 20 on 30 April
    monthly = stock_flow.monthly_costs(projection, {"inhouse_foster": 700})
    assert monthly[0, INHOUSE] == pytest.approx(15 * 700 * 30 / 7)  # £45,000


def test_json_shape():
    result = flat_projection(3).as_json()
    assert set(result) == {"base_date", "dates", "total", "by_category"}
    assert result["dates"] == ["2025-04-30", "2025-05-31", "2025-06-30"]
    assert set(result["total"]) == {"mean", "lower", "upper"}
    assert list(result["by_category"]) == list(stock_flow.CATEGORIES)
    assert result["by_category"]["inhouse_foster"] == [10.0, 10.0, 10.0]


def test_month_dates_step_to_month_ends():
    assert stock_flow.month_dates(date(2025, 1, 31), 3) == [
        date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)
    ]  # fmt: skip
    assert stock_flow.month_dates(date(2025, 1, 15), 2) == [date(2025, 2, 15), date(2025, 3, 15)]


def test_a_state_left_on_the_day_it_was_entered_is_not_a_trap():
    # A same-day temporary placement: no child-days in it, but children pass through it.
    episodes = frame(
        [
            ("1", "2024-03-01", "S", "C2", "T0", "PR1", "2024-03-01", "X1"),
            ("1", "2024-03-01", "P", "C2", "U4", "PR1", None, None),
        ]
    )
    counts = stock_flow.observed_counts(
        episodes, header([("1", "M", "2015-01-01")]), base_date=date(2024, 12, 31),
        reference_months=12,
    )  # fmt: skip
    assert counts.exposure[state("temporary", "5_9")] == 0
    assert counts.entries[state("temporary", "5_9")] == 1
    rates = stock_flow.rates_from(counts)
    assert rates.hazards[state("temporary", "5_9"), state("inhouse_foster", "5_9")] == 0.5
    projection = stock_flow.project(counts, months=12)
    assert projection.by_category[-1, stock_flow.CATEGORIES.index("temporary")] < 0.1
    assert np.isfinite(projection.sd_total).all()
