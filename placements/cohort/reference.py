"""Reference data shipped in fixtures/: which council a district belongs to, and populations."""

from functools import cache
from pathlib import Path

import pandas as pd

# Beside the code rather than from settings, so the pure measures can use it without Django.
DFE = Path(__file__).resolve().parents[2] / "fixtures" / "dfe"


@cache
def upper_tier_of_district() -> dict[str, str]:
    """Lower-tier district code -> upper-tier council code (a county's districts -> the county;
    a unitary or metropolitan council maps to itself). ONS April 2023 lookup."""
    frame = pd.read_csv(
        DFE / "LTLA-UTLA_Apr23_Lookup_England-Wales.csv",
        usecols=["LTLA23CD", "UTLA23CD"],
        dtype=str,
        encoding="utf-8-sig",
    )
    return dict(zip(frame["LTLA23CD"], frame["UTLA23CD"], strict=True))


def council_of_districts(districts: pd.Series) -> pd.Series:
    """The council (upper-tier code) responsible for each district; NaN stays NaN."""
    mapping = upper_tier_of_district()
    return districts.map(lambda code: mapping.get(code, code) if isinstance(code, str) else code)


@cache
def _populations() -> pd.DataFrame:
    frame = pd.read_csv(
        DFE / "ons_mid-year_population_estimates_2012_to_2024.csv",
        dtype={"new_la_code": str},
        encoding="utf-8-sig",
    )
    frame = frame[
        (frame["geographic_level"] == "Local authority")
        & (frame["age_group"] == "Children aged 0 to 17 years")
    ]
    return frame[["new_la_code", "time_period", "population_estimate"]]


def published_populations(la_code: str) -> dict[int, int]:
    """ONS mid-year estimates of children aged 0-17 for a council, by collection year.

    DfE's rate per 10,000 at 31 March of collection year Y uses the mid-year estimate of
    year Y-1 (the latest then published), so the mid-2024 estimate serves 2025.
    """
    frame = _populations()
    rows = frame[frame["new_la_code"] == la_code]
    return {
        int(year) + 1: int(population)
        for year, population in zip(rows["time_period"], rows["population_estimate"], strict=True)
        if pd.notna(population)
    }
