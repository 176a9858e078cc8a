"""Rolling backtest accuracy of the forecast on several cohorts, by horizon and type.

Prints, for each cohort, the model's MAPE, bias and band coverage against the two naive
baselines at 6, 12 and 24 months, and the 12-month check from 31 March 2024 that the issue
sets (total within 5%; categories with >= 50 children within 15% and inside their band; mean
absolute error over those categories no worse than "same as at the origin").

    .venv/bin/python bench/backtest_accuracy.py [--seeds 1 2 3] [--no-samples]

HALF_LIFE=<months> (0 = plain counts) and SHRINK_DAYS=<child-days> (0 = no pooling) try the
model's other settings, as docs/adr/0016-rolling-backtests.md compares them.
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT  # noqa: E402

sys.path.insert(0, str(ROOT))

import django  # noqa: E402

SAMPLES = Path("/work/shared/data/external/cs-demand-model-samples")


def setup():
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sufficiency.settings")
    django.setup()


def synthetic(seed: int, children: int = 2_000, first_year: int = 2019):
    import pandas as pd

    from demo import synthetic
    from placements.cohort.ssda903.merge import merge_returns

    returns = synthetic.generate(
        la_code=synthetic.DEFAULT_LA, children=children, first_year=first_year,
        last_year=2025, seed=seed, districts="la",
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
    return merged["Episodes"], merged["Header"], date(first_year - 1, 4, 1), date(2025, 3, 31)


def samples():
    from placements.cohort.ssda903.merge import merge_returns
    from placements.cohort.ssda903.reader import read_return

    typed = {}
    for start in range(2017, 2022):
        files = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob(f"{start}-*.csv"))]
        result = read_return(files, year=start + 1)
        typed[start + 1] = result.tables
    merged = merge_returns(typed)
    return merged["Episodes"], merged["Header"], date(2017, 4, 1), date(2022, 3, 31)


def report(label, episodes, header, first_day, last_day, check_origin):
    from placements.cohort.measures import CATEGORY_LABELS, prepare_episodes
    from placements.forecast import backtest, stock_flow

    prepared = prepare_episodes(episodes)
    started = time.perf_counter()
    test = backtest.rolling_backtest(
        prepared, header, first_day=first_day, last_day=last_day, reference_months=36,
        half_life_months=stock_flow.HALF_LIFE_MONTHS,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    print(
        f"\n== {label}: {len(test.origins)} origins {test.origins[0]}..{test.origins[-1]}"
        f" ({elapsed:.2f} s); band coverage overall {test.band_coverage():.0f}%"
    )
    for h in test.horizons:
        a = test.accuracy(h)
        print(
            f"  {h:>2} months, total: MAPE {a.mape:5.1f}  bias {a.bias:+5.1f}  cover "
            f"{a.coverage:3.0f}%  naive {a.naive_mape:5.1f}  trend {a.trend_mape:5.1f}  "
            f"(n={a.origins})"
        )
    for h in (12,):
        for c in stock_flow.CATEGORIES:
            a = test.accuracy(h, c)
            if a.origins == 0 or (test.actual[:, 1, stock_flow.CATEGORIES.index(c)] < 20).all():
                continue
            print(
                f"     {CATEGORY_LABELS[c][:30]:<30} MAPE {a.mape:5.1f}  bias {a.bias:+6.1f}  "
                f"cover {a.coverage:3.0f}%  naive {a.naive_mape:5.1f}  trend {a.trend_mape:5.1f}"
            )
    # The check: 12 months from check_origin.
    one = backtest.rolling_backtest(
        prepared, header, first_day=first_day, last_day=last_day, reference_months=36,
        horizons=(12,), origins=[check_origin], draws=100,
        half_life_months=stock_flow.HALF_LIFE_MONTHS,
    )  # fmt: skip
    f, a = one.total_forecast[0, 0], one.actual[0, 0].sum()
    print(f"  check from {check_origin}: total {f:.0f} vs {a:.0f} ({(f - a) / a * 100:+.1f}%)")
    model_err, naive_err = [], []
    for c in stock_flow.CATEGORIES:
        k = stock_flow.CATEGORIES.index(c)
        act = one.actual[0, 0, k]
        if act < 50:
            continue
        fc, lo, hi, nv = (
            one.forecast[0, 0, k],
            one.lower[0, 0, k],
            one.upper[0, 0, k],
            one.naive[0, 0, k],
        )
        ok = abs(fc - act) / act <= 0.15 and lo <= act <= hi
        model_err.append(abs(fc - act))
        naive_err.append(abs(nv - act))
        print(
            f"     {c:<26} {fc:6.0f} [{lo:4.0f}-{hi:4.0f}] actual {act:4.0f} "
            f"({(fc - act) / act * 100:+5.1f}%) naive {nv:4.0f} {'ok' if ok else 'FAIL'}"
        )
    if model_err:
        print(
            f"  MAE over those: model {sum(model_err) / len(model_err):.1f}, "
            f"same-as-origin {sum(naive_err) / len(naive_err):.1f}"
        )


def main():
    import os

    from placements.forecast import stock_flow

    if os.environ.get("HALF_LIFE"):  # try another half-life (months; 0 = plain counts)
        stock_flow.HALF_LIFE_MONTHS = float(os.environ["HALF_LIFE"])
    if os.environ.get("SHRINK_DAYS"):
        stock_flow.SHRINK_DAYS = float(os.environ["SHRINK_DAYS"])
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3])
    parser.add_argument("--no-samples", action="store_true")
    args = parser.parse_args()
    setup()
    for seed in args.seeds:
        report(f"synthetic seed {seed}", *synthetic(seed), check_origin=date(2024, 3, 31))
    if not args.no_samples:
        report("cs-demand-model samples", *samples(), check_origin=date(2021, 3, 31))


if __name__ == "__main__":
    main()
