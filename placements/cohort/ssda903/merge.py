"""Combine several collection years' returns into one history (MEASURES.md, "Merge rule").

Each return holds the episodes open at any time in its year, so an episode still open on
31 March appears again, closed and sometimes corrected, in the next return. The later return
is authoritative for each child it contains from the first day of its year: that child's
earlier episodes still open on or after that day are replaced; those that had ended stay.
Years are applied in collection-year order whatever order they were imported in.
"""

from __future__ import annotations

import pandas as pd

from placements.cohort.ssda903.tables import TABLES, empty_table

# Tables where a child has one row and the latest return's row is the truth.
LATEST_ROW_TABLES: frozenset[str] = frozenset({"Header", "UASC"})
# Tables the measures always expect, even when no return held them.
ALWAYS_PRESENT: tuple[str, ...] = ("Header", "Episodes", "UASC", "OC3")


def collection_year_bounds(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of collection year `year`: 2025 -> (2024-04-01, 2025-03-31)."""
    return pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)


def merge_returns(returns: dict[int, dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Merge returns keyed by collection year into one frame per table, each with a YEAR.

    Episodes follow the merge rule; Header and UASC keep the latest return's row per child;
    every other table (OC3, Reviews, ...) keeps each year's rows side by side.
    """
    years = sorted(returns)
    names = {name for year in years for name in returns[year]} | set(ALWAYS_PRESENT)
    merged: dict[str, pd.DataFrame] = {}
    for name in sorted(names):
        frames = [_with_year(returns[year][name], year) for year in years if name in returns[year]]
        if name == "Episodes":
            merged[name] = _merge_episodes(frames)
        elif not frames:
            merged[name] = _with_year(empty_table(name), 0).iloc[0:0]
        elif name in LATEST_ROW_TABLES:
            combined = pd.concat(frames, ignore_index=True)
            # Frames are in year order, so the last row per child is the latest return's.
            merged[name] = combined.drop_duplicates("CHILD", keep="last").reset_index(drop=True)
        else:
            merged[name] = pd.concat(frames, ignore_index=True)
    return merged


def _with_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    return frame.assign(YEAR=pd.Series(year, index=frame.index, dtype="int64"))


def _merge_episodes(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        return _with_year(empty_table("Episodes"), 0).iloc[0:0]
    history = frames[0]
    for later in frames[1:]:
        year = int(later["YEAR"].iloc[0]) if len(later) else None
        if year is None:
            continue
        start, _ = collection_year_bounds(year)
        covered = history["CHILD"].isin(later["CHILD"].unique())
        still_open = history["DEC"].isna() | (history["DEC"] >= start)
        history = pd.concat([history[~(covered & still_open)], later], ignore_index=True)
    # Episode columns first, in the standard order, then _file, _row and YEAR.
    standard = [c for c in TABLES["Episodes"].columns if c in history.columns]
    columns = standard + [c for c in history.columns if c not in standard]
    ordered = history.sort_values(["CHILD", "DECOM", "YEAR"], kind="stable")
    return ordered.loc[:, columns].reset_index(drop=True)
