"""A council with three years of returns drawn from a process with known rates."""

from datetime import date

import pytest

from placements.cohort.services import create_return, import_return
from placements.forecast.simulate import Process, returns_from, simulate

PROCESS = Process(
    entries_per_year=120,
    entry_mix={"inhouse_foster": 0.45, "ifa_foster": 0.3, "childrens_home": 0.15,
               "kinship_foster": 0.1},
    exit_per_year={"inhouse_foster": 0.45, "ifa_foster": 0.45, "childrens_home": 0.5,
                   "kinship_foster": 0.4},
    moves_per_year={("childrens_home", "ifa_foster"): 0.2},
)  # fmt: skip


def load_simulated(la, *, process: Process = PROCESS, seed: int = 5) -> None:
    episodes, header = simulate(process, start=date(2008, 4, 1), end=date(2025, 3, 31), seed=seed)
    for year, files in returns_from(episodes, header, [2023, 2024, 2025]).items():
        result = import_return(create_return(la=la, year=year, uploads=files, user=None))
        assert result.status == "imported", result.error


@pytest.fixture
def loaded(la):
    load_simulated(la)
    return la
