"""Forecast speed: a 36-month forecast with its bands, including learning the rates, and the
rolling backtest from every quarter end.

Targets (issue 16): the whole rolling backtest for a council of 2,000 children <= 2 s; a
36-month forecast <= 0.1 s warm (episodes prepared once, as the cohort selector does);
national scale (100,000 children) forecast <= 2 s.
The cohorts come from placements/synthetic.py (realistic returns, merged by the product's
merge rule, as the cohort selector does) and, with --simple, from
placements/forecast/simulate.py (a process with known rates). Preparing the episodes is
timed apart because the cohort selector does it once when it loads and caches the cohort.
The forecast page's server time is timed on a council imported into a throwaway database.

    .venv/bin/python bench/bench_forecast.py [--national] [--simple] [--page]
"""

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_with_fresh_database  # noqa: E402

sys.path.insert(0, str(ROOT))


def process(entries_per_year: float):
    from placements.forecast.simulate import Process

    return Process(
        entries_per_year=entries_per_year,
        entry_mix={"kinship_foster": 0.12, "inhouse_foster": 0.3, "ifa_foster": 0.25,
                   "childrens_home": 0.1, "supported_accommodation": 0.05,
                   "placed_with_parents": 0.05, "temporary": 0.05, "other": 0.08},
        exit_per_year={"kinship_foster": 0.3, "inhouse_foster": 0.4, "ifa_foster": 0.35,
                       "childrens_home": 0.5, "supported_accommodation": 0.9,
                       "placed_with_parents": 0.6, "temporary": 0.5, "other": 0.6},
        moves_per_year={("temporary", "inhouse_foster"): 2.0, ("temporary", "ifa_foster"): 1.5,
                        ("childrens_home", "ifa_foster"): 0.15,
                        ("inhouse_foster", "ifa_foster"): 0.05,
                        ("ifa_foster", "childrens_home"): 0.04},
    )  # fmt: skip


def simple_cohort(entries_per_year: float):
    from placements.forecast.simulate import simulate

    return simulate(process(entries_per_year), start=date(2007, 4, 1), end=date(2025, 3, 31))


def synthetic_cohort(children: int, first_year: int, national: bool):
    """The generator's returns, typed and merged as the cohort selector merges them."""
    import pandas as pd

    from demo import synthetic
    from placements.cohort.ssda903.merge import merge_returns

    started = time.perf_counter()
    returns = synthetic.generate(
        la_code=synthetic.ENGLAND if national else synthetic.DEFAULT_LA,
        children=children, first_year=first_year, last_year=2025, seed=1,
        districts=None if national else "la",
    )  # fmt: skip
    typed = {}
    for year, tables in returns.items():
        episodes = tables["Episodes"].replace("", pd.NA)
        for column in ("DECOM", "DEC"):
            episodes[column] = pd.to_datetime(episodes[column], format="%d/%m/%Y")
        header = tables["Header"].replace("", pd.NA)
        header["DOB"] = pd.to_datetime(header["DOB"], format="%d/%m/%Y")
        typed[year] = {"Episodes": episodes, "Header": header}
    merged = merge_returns(typed)
    print(f"  (generated and merged in {time.perf_counter() - started:.1f} s)")
    return merged["Episodes"], merged["Header"]


def model_timings(label: str, episodes, header, repeats: int, first_day: date) -> None:
    from placements.cohort.measures import prepare_episodes
    from placements.forecast import backtest as rolling
    from placements.forecast import stock_flow

    base = date(2025, 3, 31)
    started = time.perf_counter()
    prepared = prepare_episodes(episodes)
    prepare = time.perf_counter() - started
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        counts = stock_flow.observed_counts(
            prepared, header, base_date=base, reference_months=36,
            half_life_months=stock_flow.HALF_LIFE_MONTHS,
        )  # fmt: skip
        t1 = time.perf_counter()
        baseline = stock_flow.project(counts, months=36)
        t2 = time.perf_counter()
        stock_flow.project_scenario(
            counts, baseline, name="Edge of care",
            adjustments=[stock_flow.Adjustment(stock_flow.ENTRIES, date(2026, 4, 1), percent=-10)],
        )  # fmt: skip
        t3 = time.perf_counter()
        test = stock_flow.backtest(
            prepared, header, base_date=date(2024, 3, 31), last_date=base, reference_months=36
        )
        t4 = time.perf_counter()
        test_all = rolling.rolling_backtest(
            prepared, header, first_day=first_day, last_day=base, reference_months=36
        )
        t5 = time.perf_counter()
        runs.append((t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4))
    estimate, project, scenario_time, backtest_time, rolling_time = (
        statistics.median(x) for x in zip(*runs, strict=True)
    )
    print(
        f"{label}: {counts.children:,} children in care during the 3 reference years, "
        f"{len(episodes):,} episode rows; {counts.stock.sum():,.0f} in care on {base}"
    )
    print(f"  prepare episodes (once per cohort load) : {prepare:6.3f} s")
    print(f"  learn the rates (36 months)             : {estimate:6.3f} s")
    print(f"  project 36 months with +/-2 sd bands    : {project:6.3f} s")
    print(f"  36-month forecast incl. rates and bands : {estimate + project:6.3f} s")
    print(f"  and one scenario                        : {scenario_time:6.3f} s")
    print(f"  backtest from 31 March 2024 (12 months) : {backtest_time:6.3f} s")
    print(f"  rolling backtest, {len(test_all.origins):>2} origins x 6/12/24 m : "
          f"{rolling_time:6.3f} s")  # fmt: skip
    print(f"  forecast total at 36 months: {baseline.total[-1]:,.0f} "
          f"({baseline.lower[-1]:,.0f} to {baseline.upper[-1]:,.0f}); "
          f"backtest error {test.mape:.1f}% on average")  # fmt: skip


def page_timings() -> None:
    folder = django_with_fresh_database("forecast-page")
    from django.conf import settings
    from django.test import Client

    from demo import forecast as demo
    from placements.cohort.services import create_return, import_return
    from placements.forecast.simulate import returns_from, simulate
    from sufficiency.councils import LocalAuthority, Membership, User

    settings.ALLOWED_HOSTS = ["testserver"]
    la = LocalAuthority.objects.create(name="Bench", code="E08000031")
    episodes, header = simulate(process(700), start=date(2007, 4, 1), end=date(2025, 3, 31))
    for year, files in returns_from(episodes, header, [2023, 2024, 2025]).items():
        import_return(create_return(la=la, year=year, uploads=files, user=None))
    demo.load_demo(la=la)
    user = User.objects.create_user("viewer", password="x")
    Membership.objects.create(user=user, la=la, role="viewer")
    client = Client()
    from tests.conftest import sign_in  # password and TOTP, as allauth records them

    sign_in(client, user)
    url = f"/{la.code}/forecast/"
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    cold = (time.perf_counter() - started) * 1000
    timings = []
    for months in (12, 24, 36, 48, 60):  # each a new forecast, not a cached one
        started = time.perf_counter()
        response = client.get(
            url, {"base_date": "2025-03-31", "reference_months": "24", "months": str(months),
                  "compare": ["1", "2", "3"]},
            headers={"HX-Request": "true"},
        )  # fmt: skip
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    print(f"Forecast page, 3 returns of a council and 3 scenarios ({folder.name}):")
    print(f"  first view (cohort load, forecast, 3 scenarios, backtest): {cold:5.0f} ms")
    print(f"  a new forecast through htmx: median {statistics.median(timings):5.0f} ms, "
          f"max {max(timings):5.0f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--national", action="store_true", help="also 100,000 children")
    parser.add_argument("--page", action="store_true", help="also the page's server time")
    parser.add_argument("--simple", action="store_true", help="also the known-rates process")
    args = parser.parse_args()
    # 2,000 children over six years, so the 3 reference years have history before them.
    model_timings("council (synthetic.py)", *synthetic_cohort(2_000, 2020, False), repeats=5,
                  first_day=date(2019, 4, 1))  # fmt: skip
    if args.national:
        model_timings("national (synthetic.py)", *synthetic_cohort(100_000, 2023, True),
                      repeats=1, first_day=date(2022, 4, 1))  # fmt: skip
    if args.simple:
        # ~2,000 children pass through a council's care in three years at ~380 entries a
        # year; ~100,000 through England's at ~19,000 (the simulated stays are short).
        model_timings("council (simple process)", *simple_cohort(380), repeats=5,
                      first_day=date(2007, 4, 1))  # fmt: skip
        if args.national:
            model_timings("national (simple process)", *simple_cohort(19_000), repeats=1,
                          first_day=date(2007, 4, 1))  # fmt: skip
    if args.page:
        page_timings()


if __name__ == "__main__":
    main()
