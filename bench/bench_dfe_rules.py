"""How long DfE's validation rules (csc-validator-be-903, in var/dfe-validator) take on a
return: the demo council's six synthetic returns (2,000 children) and the cs-demand-model
samples, each with the previous year's files, as the product runs them after an import.
Not part of the import's 5-second target: the rules run afterwards, in the background.

    .venv/bin/python bench/bench_dfe_rules.py [--samples-only | --demo-only]
"""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_with_fresh_database  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "data" / "external" / "cs-demand-model-samples"


def run(label: str, year: int, files: list[Path], previous: list[Path]) -> None:
    from django.conf import settings

    from placements.cohort.dfe_rules import RUNNER

    request = {"year": year, "la": "E08000031", "this_year": [str(f) for f in files],
               "previous_year": [str(f) for f in previous]}  # fmt: skip
    started = time.perf_counter()
    completed = subprocess.run(  # noqa: S603
        [str(settings.DFE_VALIDATOR_PYTHON), str(RUNNER)],
        input=json.dumps(request), capture_output=True, text=True, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    if completed.returncode:
        print(f"{label}: the runner failed: {completed.stderr.strip().splitlines()[-1:]}")
        return
    result = json.loads(completed.stdout)
    rules = len({i["rule"] for i in result["issues"]})
    print(
        f"{label}: {wall:.1f} s wall ({result['seconds']:.1f} s in the rules), "
        f"{result['ruleset']}, {result['rules_run']} rules ran, {rules} failing on "
        f"{len(result['issues']):,} rows{' ' + result['error'] if result['error'] else ''}"
    )


def main() -> None:
    django_with_fresh_database("dfe-rules")
    from placements.cohort import dfe_rules

    if not dfe_rules.installed():
        print("The DfE rules' environment is absent: run make install")
        return
    which = sys.argv[1] if len(sys.argv) > 1 else ""
    if which != "--demo-only" and SAMPLES.exists():
        for start in range(2017, 2022):
            previous = sorted(SAMPLES.glob(f"{start - 1}-*.csv"))
            run(f"cs-demand-model sample {start}-{(start + 1) % 100:02d}", start + 1,
                sorted(SAMPLES.glob(f"{start}-*.csv")), previous)  # fmt: skip
    if which != "--samples-only":
        from demo import synthetic
        from demo.cohort import CHILDREN, FIRST_YEAR, LAST_YEAR, SEED

        folder = Path(tempfile.mkdtemp(prefix="dfe-rules-demo-"))
        returns = synthetic.generate(la_code="E08000031", first_year=FIRST_YEAR,
                                     last_year=LAST_YEAR, children=CHILDREN, seed=SEED)  # fmt: skip
        synthetic.write_returns(returns, folder, la_code="E08000031")
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            files = sorted((folder / str(year)).glob("*.csv"))
            previous = sorted((folder / str(year - 1)).glob("*.csv"))
            run(f"demo {year - 1}-{year % 100:02d} ({CHILDREN:,} children)", year, files, previous)


if __name__ == "__main__":
    main()
