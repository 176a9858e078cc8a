"""Pure figures for the Children in care page, beyond the headline measures: filters, profiles,
distance and location. DataFrames in, plain numbers out; no ORM, no HTTP."""

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from placements.cohort import measures

AGE_BAND_LABELS = {
    "under_1": "Under 1",
    "1_4": "1 to 4",
    "5_9": "5 to 9",
    "10_15": "10 to 15",
    "16_plus": "16 and over",
}
UASC_FILTERS = {"": "All children", "uasc": "UASC only", "not_uasc": "Not UASC"}


@dataclass(frozen=True)
class Frames:
    """The cohort tables the page works from (raw merged episodes, not prepared)."""

    episodes: pd.DataFrame
    header: pd.DataFrame
    uasc: pd.DataFrame
    oc3: pd.DataFrame


def uasc_children(uasc: pd.DataFrame, *, on: date) -> set[str]:
    """Children who are UASC at D: in the UASC table with DUC blank or after D."""
    d = pd.Timestamp(on)
    current = uasc[uasc["DUC"].isna() | (uasc["DUC"] > d)]
    return set(current["CHILD"].astype(str))


def age_band_of(header: pd.DataFrame, *, on: date) -> pd.Series:
    """Each child's age band at D (CHILD -> band key), from the latest header row."""
    latest = header.drop_duplicates("CHILD", keep="last")
    ages = measures.age_in_years(latest["DOB"], on).astype("float64")
    bands = pd.cut(ages, bins=[0, 1, 5, 10, 16, np.inf], right=False, labels=list(AGE_BAND_LABELS))
    return pd.Series(bands.astype("object").to_numpy(), index=latest["CHILD"].astype(str))


def filter_children(frames: Frames, *, on: date, uasc: str = "", age_band: str = "") -> Frames:
    """Keep only the children matching the filters at D (UASC status, age band)."""
    if not uasc and not age_band:
        return frames
    children = set(frames.episodes["CHILD"].astype(str))
    if uasc:
        at_d = uasc_children(frames.uasc, on=on)
        children = children & at_d if uasc == "uasc" else children - at_d
    if age_band:
        bands = age_band_of(frames.header, on=on)
        children &= set(bands[bands == age_band].index)

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["CHILD"].astype(str).isin(children)].reset_index(drop=True)

    return Frames(
        episodes=keep(frames.episodes),
        header=keep(frames.header),
        uasc=keep(frames.uasc),
        oc3=frames.oc3,  # care leavers are not in care at D, so the filters do not apply
    )


def location(current: pd.DataFrame) -> dict[str, int]:
    """Where children in care at D live: inside the council's area, outside it, or unknown."""
    in_area = current["PLACED_IN_AREA"] if "PLACED_IN_AREA" in current else pd.Series(dtype=object)
    known = in_area.dropna().astype(bool)
    return {
        "in_area": int(known.sum()),
        "out_of_area": int((~known).sum()),
        "unknown": int(len(current) - len(known)),
    }


def change(now: float | None, before: float | None) -> dict:
    """A figure's change on a year earlier: difference and per cent (None when not known)."""
    if now is None or before is None:
        return {"before": before, "difference": None, "percent": None}
    difference = round(now - before, 1)
    percent = round(100 * difference / before, 1) if before else None
    return {"before": before, "difference": difference, "percent": percent}
