"""Populations with known rates, for testing the forecast and timing it.

A continuous-time process: children enter care at a constant rate, into a placement category
drawn from a fixed mix, at an age drawn uniformly from a range; in each category they leave
care and move to other categories at constant hazards (per year), and leave at 18. Vectorised
over children: the loop is over each child's successive episodes, not over children.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from placements.forecast.stock_flow import CATEGORIES

# A PLACE code (and provider) for each category, to write episodes the reader accepts.
PLACE_OF: dict[str, tuple[str, str]] = {
    "kinship_foster": ("U1", "PR1"),
    "inhouse_foster": ("U4", "PR1"),
    "ifa_foster": ("U4", "PR4"),
    "childrens_home": ("K2", "PR4"),
    "secure": ("K1", "PR1"),
    "supported_accommodation": ("K3", "PR4"),
    "residential_school": ("S1", "PR4"),
    "other_residential": ("R1", "PR1"),
    "placed_with_parents": ("P1", "PR0"),
    "placed_for_adoption": ("A3", "PR1"),
    "temporary": ("T0", "PR1"),
    "other": ("Z1", "PR1"),
}


@dataclass
class Process:
    entries_per_year: float = 150.0
    entry_mix: dict[str, float] = field(
        default_factory=lambda: {"inhouse_foster": 0.5, "ifa_foster": 0.3, "childrens_home": 0.2}
    )
    exit_per_year: dict[str, float] = field(
        default_factory=lambda: {"inhouse_foster": 0.5, "ifa_foster": 0.5, "childrens_home": 0.5}
    )
    moves_per_year: dict[tuple[str, str], float] = field(default_factory=dict)
    entry_age: tuple[float, float] = (0.0, 17.0)


def simulate(
    process: Process, *, start: date, end: date, seed: int = 1, prefix: str = "C"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Episodes and header frames of children entering between start and end; episodes still
    running at `end` are open (DEC blank)."""
    rng = np.random.default_rng(seed)
    start_day = np.datetime64(start, "D").astype(np.int64)
    end_day = np.datetime64(end, "D").astype(np.int64)
    span = end_day - start_day
    n = rng.poisson(process.entries_per_year * span / 365.25)
    entry = start_day + np.sort(rng.uniform(0, span, n)).astype(np.int64)
    age = rng.uniform(*process.entry_age, n)
    dob = entry - (age * 365.25).astype(np.int64)
    eighteen = _eighteenth(dob)
    names = list(process.entry_mix)
    mix = np.array([process.entry_mix[c] for c in names], dtype=float)
    category = np.array([CATEGORIES.index(c) for c in names])[
        rng.choice(len(names), n, p=mix / mix.sum())
    ]
    exit_h = np.array([process.exit_per_year.get(c, 0.0) for c in CATEGORIES]) / 365.25
    move_h = np.zeros((len(CATEGORIES), len(CATEGORIES)))
    for (a, b), rate in process.moves_per_year.items():
        move_h[CATEGORIES.index(a), CATEGORIES.index(b)] = rate / 365.25
    total_h = exit_h + move_h.sum(axis=1)

    rows = []
    child = np.arange(n)
    t = entry.copy()
    first = np.ones(n, dtype=bool)
    alive = np.ones(n, dtype=bool) & (t < eighteen)
    while alive.any():
        idx = np.flatnonzero(alive)
        h = total_h[category[idx]]
        wait = np.where(h > 0, rng.exponential(1 / np.maximum(h, 1e-12)), np.inf)
        stop = t[idx] + np.ceil(np.minimum(wait, 1e9)).astype(np.int64)
        stop = np.maximum(stop, t[idx] + 1)
        at_18 = stop >= eighteen[idx]
        stop = np.where(at_18, eighteen[idx], stop)
        censored = stop > end_day
        # What happens at the stop: leave, or move to another category.
        probs = (
            np.column_stack([exit_h[category[idx]], move_h[category[idx]]])
            / np.maximum(h, 1e-12)[:, None]
        )
        u = rng.uniform(size=len(idx))[:, None]
        outcome = (u > np.cumsum(probs, axis=1)).sum(axis=1)  # 0 exit, 1+k move to k
        outcome = np.minimum(outcome, len(CATEGORIES))
        leaves = at_18 | (outcome == 0) | (h == 0)
        rows.append(
            pd.DataFrame(
                {
                    "child": child[idx],
                    "decom": t[idx],
                    "rne": np.where(first[idx], "S", "P"),
                    "category": category[idx],
                    "dec": np.where(censored, -1, stop),
                    "rec": np.where(censored, "", np.where(leaves, "E13", "X1")),
                }
            )
        )
        moving = ~leaves & ~censored
        t[idx[moving]] = stop[moving]
        category[idx[moving]] = outcome[moving] - 1
        first[idx] = False
        alive[idx[~moving]] = False
    frame = pd.concat(rows, ignore_index=True).sort_values(["child", "decom"], kind="stable")
    place = np.array([PLACE_OF[c][0] for c in CATEGORIES])
    provider = np.array([PLACE_OF[c][1] for c in CATEGORIES])
    dec = frame["dec"].to_numpy()
    episodes = pd.DataFrame(
        {
            "CHILD": [f"{prefix}{c}" for c in frame["child"]],
            "DECOM": pd.to_datetime(frame["decom"].to_numpy().astype("datetime64[D]")),
            "RNE": frame["rne"].to_numpy(),
            "LS": "C2",
            "CIN": "N1",
            "PLACE": place[frame["category"].to_numpy()],
            "PLACE_PROVIDER": provider[frame["category"].to_numpy()],
            "DEC": pd.to_datetime(
                np.where(dec < 0, np.datetime64("NaT", "D"), dec.astype("datetime64[D]"))
            ),
            "REC": frame["rec"].replace("", pd.NA).to_numpy(),
        }
    ).reset_index(drop=True)
    header = pd.DataFrame(
        {
            "CHILD": [f"{prefix}{c}" for c in range(n)],
            "SEX": np.where(rng.uniform(size=n) < 0.55, "M", "F"),
            "DOB": pd.to_datetime(dob.astype("datetime64[D]")),
        }
    )
    return episodes, header[header["CHILD"].isin(set(episodes["CHILD"]))].reset_index(drop=True)


def _eighteenth(dob: np.ndarray) -> np.ndarray:
    dates = pd.to_datetime(dob.astype("datetime64[D]"))
    shifted = dates + pd.DateOffset(years=18)
    return shifted.to_numpy(dtype="datetime64[D]").astype(np.int64)


def returns_from(
    episodes: pd.DataFrame, header: pd.DataFrame, years: list[int]
) -> dict[int, list[tuple[str, bytes]]]:
    """SSDA903 returns (as uploaded CSV files) holding each collection year's episodes: those
    open at any time in the year, with endings after the year's end not yet known."""
    out = {}
    for year in years:
        first, last = pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)
        part = episodes[
            (episodes["DECOM"] <= last) & (episodes["DEC"].isna() | (episodes["DEC"] >= first))
        ].copy()
        later = part["DEC"] > last
        part.loc[later, "DEC"] = pd.NaT
        part.loc[later, "REC"] = pd.NA
        lines = ["CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
                 "HOME_POST,PL_POST,URN"]  # fmt: skip
        for row in part.itertuples(index=False):
            dec = "" if pd.isna(row.DEC) else row.DEC.strftime("%d/%m/%Y")
            rec = "" if pd.isna(row.REC) else row.REC
            lines.append(
                f"{row.CHILD},{row.DECOM:%d/%m/%Y},{row.RNE},{row.LS},{row.CIN},{row.PLACE},"
                f"{row.PLACE_PROVIDER},{dec},{rec},,,,"
            )
        children = set(part["CHILD"])
        people = header[header["CHILD"].isin(children)]
        head = ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"] + [
            f"{r.CHILD},{r.SEX},{r.DOB:%d/%m/%Y},WBRI,,," for r in people.itertuples(index=False)
        ]
        out[year] = [
            ("header.csv", ("\r\n".join(head) + "\r\n").encode()),
            ("episodes.csv", ("\r\n".join(lines) + "\r\n").encode()),
        ]
    return out
