"""Synthetic SSDA903 generator: speed at council and national scale, and how realistic it is.

Targets: a 2,000-child council over 6 collection years in < 3 s (cold process, including the
one-off postcode directory load); 100,000 children over 3 years (~300,000+ episode rows) in
<= 60 s. The realism report reads the generated files back with the reader, merges them and
computes the MEASURES.md figures at each 31 March.

    .venv/bin/python bench/bench_synthetic_sizes.py [--skip-national] [--skip-realism]
"""

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLD = """
import time
started = time.perf_counter()
from demo import synthetic
returns = synthetic.generate(children=2000, first_year=2020, last_year=2025, seed=1)
elapsed = time.perf_counter() - started
rows = sum(len(t["Episodes"]) for t in returns.values())
print(f"{elapsed:.2f} {rows}")
"""


def council() -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cold, rows = result.stdout.split()
    from demo import synthetic

    synthetic.generate(children=50, first_year=2024, last_year=2025, seed=1)  # warm caches
    started = time.perf_counter()
    synthetic.generate(children=2000, first_year=2020, last_year=2025, seed=1)
    warm = time.perf_counter() - started
    print(f"council: 2,000 children, 6 years, {int(rows):,} episode rows in 6 returns")
    print(f"  cold process (incl. postcode directory) : {float(cold):6.2f} s  (target < 3 s)")
    print(f"  CPU time of that process (incl. start)  : {cpu:6.2f} s")
    print(f"  warm                                    : {warm:6.2f} s")


def national() -> None:
    from demo import synthetic

    started = time.perf_counter()
    returns = synthetic.generate(
        la_code=synthetic.ENGLAND,
        children=100_000,
        first_year=2023,
        last_year=2025,
        seed=1,
        districts=None,
    )
    elapsed = time.perf_counter() - started
    rows = sum(len(t["Episodes"]) for t in returns.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"national: 100,000 children, 3 years, {rows:,} episode rows in 3 returns")
    print(f"  generate                                : {elapsed:6.2f} s  (target <= 60 s)")
    print(f"  peak memory of the process              : {peak:6.0f} MB")


def realism(seed: int = 1) -> None:
    """The demo council's figures, computed the way the product computes them."""
    import pandas as pd

    from demo import synthetic
    from placements.cohort import measures
    from placements.cohort.postcodes import district_of
    from placements.cohort.ssda903 import merge_returns, read_return

    sim = synthetic.simulate(children=2000, first_year=2020, last_year=2025, seed=seed)
    out = Path(tempfile.mkdtemp(prefix="synthetic-903-"))
    synthetic.write_returns(sim.returns, out)
    returns = {}
    problems = 0
    for year in sim.returns:
        read = read_return([out / str(year)], year=year)
        problems += len(read.problems)
        returns[year] = read.tables
    merged = merge_returns(returns)
    episodes = merged["Episodes"]
    looked_after = episodes[~episodes["LS"].isin(["V3", "V4"])]
    print(
        f"realism (seed {seed}): {looked_after['CHILD'].nunique():,} distinct children looked "
        f"after, population 0-17 {sim.population:,}, reader problems {problems}"
    )
    header = (
        "  31 March  looked after  per 10k  started  ceased  UASC%  male%  3+ moves%  "
        "stable%  >20 miles%  PL_POST in LA%"
    )
    print(header)
    mixes = {}
    for year in sim.returns:
        on = pd.Timestamp(year, 3, 31)
        oc3 = merged["OC3"][merged["OC3"]["YEAR"] == year]
        m = measures.headline_measures(
            la_code=sim.la_code,
            on=on,
            episodes=episodes,
            header=merged["Header"],
            uasc=merged["UASC"],
            oc3=oc3,
            population=sim.population,
        )
        cla = m["cla"]
        current = measures.current_episodes(episodes, on=on)
        in_la = (district_of(current["PL_POST"]) == sim.la_code).mean() * 100
        print(
            f"  {year}      {cla:12,}  {m['rate_per_10k']:7.1f}  {m['started']:7,}  "
            f"{m['ceased']:6,}  {100 * m['uasc'] / cla:5.1f}  "
            f"{100 * m['sex']['male'] / cla:5.1f}  "
            f"{m['three_plus_placements']['percent']:9.1f}  "
            f"{m['long_term_stability']['percent']:7.1f}  "
            f"{m['over_20_miles']['percent']:10.1f}  {in_la:14.1f}"
        )
        mixes[year] = {k: round(100 * v / cla, 1) for k, v in m["placement_mix"].items()}
        ages = m["age_bands"]
        leavers = m["care_leavers"]
    print("  placement mix, % of children looked after:")
    print(pd.DataFrame(mixes).to_string(float_format=lambda v: f"{v:5.1f}"))
    print(f"  ages at 31 March {max(sim.returns)}: {ages}")
    print(f"  care leavers at 31 March {max(sim.returns)}: {leavers}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--skip-realism", action="store_true")
    parser.add_argument("--seed", type=int, default=1, help="Seed for the realism report")
    args = parser.parse_args()
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sufficiency.settings")
    council()
    if not args.skip_national:
        national()
    if not args.skip_realism:
        realism(args.seed)


if __name__ == "__main__":
    main()
