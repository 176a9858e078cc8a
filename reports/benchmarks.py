"""Reading DfE's published tables (explore education statistics' tidy CSV layout).

Each file has `time_period, time_identifier, geographic_level, ..., new_la_code, <filters>,
<counts>`; which of our measures a row gives depends on its filter values. A file is recognised
by its filter columns, never by its name, so a newer release with another name loads the same.

A file may say when its figures were published, in a column `published_on` (or
`publication_date`, `release_date`): an ISO date or day/month/year. That date is kept with each
figure and wins over the usual rule (30 November after the year ends,
`sufficiency.calendar.dfe_published_on`) when a report decides what was published by its date.
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

LEVELS = {"National": "national", "Regional": "regional", "Local authority": "la"}
SUPPRESSED = {"c", "x", "z", "low", "u", "k", ":", "..", ""}

LOOKED_AFTER = "Children looked after on 31 March each year"
STARTING = "Children starting to be looked after each year"
CEASING = "Children ceasing to be looked after each year"

# (filter column -> value, ...) -> (measure, value column)
RULES: dict[str, list[tuple[dict[str, str], str, str]]] = {
    "cla_number": [
        ({"population_type": LOOKED_AFTER}, "cla", "children_count"),
        ({"population_type": LOOKED_AFTER}, "rate_per_10k", "rate_per_10000"),
        ({"population_type": STARTING}, "started", "children_count"),
        ({"population_type": CEASING}, "ceased", "children_count"),
        ({"population_type": LOOKED_AFTER}, "population", "population_estimate"),
    ],
    "stability": [
        ({"cla_group": "CLA on 31 March",
          "placement_stability": "With 3 or more placements during the year"},
         "three_plus_placements", "children_percent"),
        ({"cla_group": "Children looked after continuously for at least 2.5 years on 31 March "
                       "aged under 16 years",
          "placement_stability": "Living with the same carer for at least 2 years"},
         "long_term_stability", "children_percent"),
    ],
    "accommodation": [
        ({"care_leaver_age": "17 to 18 years", "breakdown": "Accommodation considered suitable"},
         "care_leavers_suitable_17_18", "care_leaver_percent"),
        ({"care_leaver_age": "19 to 21 years", "breakdown": "Accommodation considered suitable"},
         "care_leavers_suitable_19_21", "care_leaver_percent"),
    ],
    "activity": [
        ({"care_leaver_age": "17 to 18 years",
          "breakdown": "Total in education, employment or training"},
         "care_leavers_eet_17_18", "care_leaver_percent"),
        ({"care_leaver_age": "19 to 21 years",
          "breakdown": "Total in education, employment or training"},
         "care_leavers_eet_19_21", "care_leaver_percent"),
    ],
}  # fmt: skip

SIGNATURES = {
    "cla_number": {"population_type", "children_count", "rate_per_10000"},
    "stability": {"cla_group", "placement_stability", "children_percent"},
    "activity": {"care_leaver_age", "breakdown", "care_leaver_percent", "__activity__"},
    "accommodation": {"care_leaver_age", "breakdown", "care_leaver_percent"},
}
REQUIRED = {"time_period", "geographic_level", "country_code"}
PUBLISHED_COLUMNS = ("published_on", "publication_date", "release_date")

MEASURE_LABELS = {
    "cla": "Children looked after",
    "rate_per_10k": "Rate per 10,000 children",
    "started": "Started to be looked after",
    "ceased": "Ceased to be looked after",
    "population": "Population aged 0 to 17",
    "three_plus_placements": "3 or more placements in the year (%)",
    "long_term_stability": "Long-term stability (%)",
    "care_leavers_suitable_17_18": "Care leavers 17-18 in suitable accommodation (%)",
    "care_leavers_suitable_19_21": "Care leavers 19-21 in suitable accommodation (%)",
    "care_leavers_eet_17_18": "Care leavers 17-18 in education, employment or training (%)",
    "care_leavers_eet_19_21": "Care leavers 19-21 in education, employment or training (%)",
}


class BenchmarkFileError(Exception):
    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file, self.reason = file, reason


@dataclass(frozen=True)
class Neighbours:
    frame: pd.DataFrame  # old_la_code, rank, neighbour_old_la_code, closeness


def _kind(columns: set[str], frame: pd.DataFrame) -> str | None:
    if {"care_leaver_age", "breakdown"} <= columns:
        breakdowns = set(frame["breakdown"].dropna().unique())
        return "accommodation" if any("Accommodation" in b for b in breakdowns) else "activity"
    for kind, signature in SIGNATURES.items():
        if signature <= columns:
            return kind
    return None


def read_table(path: Path) -> pd.DataFrame:
    """A DfE tidy file as rows of (measure, year, level, area_code, area_name, old_la_code,
    region_code, published_on, value, source)."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise BenchmarkFileError(path.name, f"cannot be read as CSV ({exc})") from exc
    frame.columns = [c.strip().lower() for c in frame.columns]
    columns = set(frame.columns)
    if not columns >= REQUIRED:
        missing = ", ".join(sorted(REQUIRED - columns))
        raise BenchmarkFileError(path.name, f"is not in DfE's tidy layout (no {missing})")
    kind = _kind(columns, frame)
    if kind is None:
        raise BenchmarkFileError(path.name, "holds none of the measures Sufficiency benchmarks")
    frame = frame[frame["geographic_level"].isin(LEVELS)]
    level = frame["geographic_level"].map(LEVELS)
    area_code = frame["new_la_code"].where(level == "la", frame.get("region_code", ""))
    area_code = area_code.where(level != "national", frame["country_code"])
    area_name = frame.get("la_name", pd.Series("", index=frame.index))
    area_name = area_name.where(level == "la", frame.get("region_name", ""))
    area_name = area_name.where(level != "national", "England")
    base = pd.DataFrame(
        {
            "year": pd.to_numeric(frame["time_period"].str[:4], errors="coerce"),
            "level": level,
            "area_code": area_code,
            "area_name": area_name,
            "old_la_code": frame.get("old_la_code", "").where(level == "la", ""),
            "region_code": frame.get("region_code", ""),
            "published_on": publication_dates(frame, path.name),
        }
    )
    parts = []
    for filters, measure, value_column in RULES[kind]:
        mask = pd.Series(True, index=frame.index)
        for column, wanted in filters.items():
            mask &= frame[column].str.strip() == wanted
        raw = frame.loc[mask, value_column].str.strip()
        values = pd.to_numeric(raw.where(~raw.str.lower().isin(SUPPRESSED)), errors="coerce")
        parts.append(base[mask].assign(measure=measure, value=values, source=path.name))
    result = pd.concat(parts, ignore_index=True).dropna(subset=["year", "area_code"])
    result = result[result["area_code"].str.len() > 0]
    result["year"] = result["year"].astype(int)
    return result.drop_duplicates(["measure", "year", "area_code"], keep="last")


def publication_dates(frame: pd.DataFrame, file: str) -> pd.Series:
    """Each row's publication date from the file's own column, or None where it has none."""
    column = next((c for c in PUBLISHED_COLUMNS if c in frame.columns), None)
    if column is None:
        return pd.Series(None, index=frame.index, dtype=object)
    raw = frame[column].str.strip()
    iso = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
    dated = iso.fillna(pd.to_datetime(raw, format="%d/%m/%Y", errors="coerce"))
    bad = raw[(raw != "") & dated.isna()]
    if len(bad):
        raise BenchmarkFileError(
            file, f"has a {column} that is not a date ({bad.iloc[0]!r}): use 2025-11-27"
        )
    return dated.map(lambda d: None if pd.isna(d) else d.date()).astype(object)


def read_neighbours(path: Path) -> Neighbours:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip() for c in frame.columns]
    if "LA number" not in frame.columns or "SN1" not in frame.columns:
        raise BenchmarkFileError(path.name, "is not DfE's statistical neighbour groupings")
    # Columns run SN1, SNP, SN2, SNP.1, ...: each neighbour followed by its closeness.
    rows = []
    columns = list(frame.columns)
    for _, record in frame.iterrows():
        for rank in range(1, 11):
            name = f"SN{rank}"
            if name not in columns or not record[name].strip():
                continue
            closeness_column = columns[columns.index(name) + 1]
            rows.append(
                {
                    "old_la_code": record["LA number"].strip(),
                    "rank": rank,
                    "neighbour_old_la_code": record[name].strip(),
                    "closeness": record[closeness_column].strip(),
                }
            )
    return Neighbours(pd.DataFrame(rows))


def is_neighbours_file(path: Path) -> bool:
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        header = handle.readline()
    return "SN1" in header and "LA number" in header


# The published files the demo loads (fixtures/dfe/, as published).
PUBLISHED_FILES = (
    "cla_number_and_rate_per_10k_children.csv",
    "la_cla_placement_stability.csv",
    "la_care_leavers_accommodation_suitability.csv",
    "la_care_leavers_activity.csv",
    "New_Statistical_Neighbour_Groupings_April_2021.csv",
)
