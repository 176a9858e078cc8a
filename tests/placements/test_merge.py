"""Merging several years' returns (MEASURES.md, "Merge rule")."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from placements.cohort.ssda903 import collection_year_bounds, merge_returns, read_return

SAMPLES = Path("/work/shared/data/external/cs-demand-model-samples")
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)


def tables(year: int, *, header: list[str], episodes: list[str], oc3: list[str] | None = None):
    """Read a small return through the real reader, as the importer will."""
    files = [
        ("header.csv", ("\n".join([HEADER, *header]) + "\n").encode()),
        ("episodes.csv", ("\n".join([EPISODES, *episodes]) + "\n").encode()),
    ]
    if oc3 is not None:
        lines = ["CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", *oc3]
        files.append(("oc3.csv", ("\n".join(lines) + "\n").encode()))
    result = read_return(files, year=year)
    assert result.errors == []
    return result.tables


def summary(episodes: pd.DataFrame) -> list[tuple[str, str, str | None, str, int]]:
    return [
        (
            row.CHILD,
            row.DECOM.strftime("%Y-%m-%d"),
            None if pd.isna(row.DEC) else row.DEC.strftime("%Y-%m-%d"),
            row.PLACE,
            row.YEAR,
        )
        for row in episodes.itertuples()
    ]


def test_collection_year_bounds():
    assert collection_year_bounds(2025) == (pd.Timestamp("2024-04-01"), pd.Timestamp("2025-03-31"))


def test_merge_rule_hand_worked_example():
    # Three returns, passed in the wrong order: the merge must apply 2024, 2025, 2026.
    #
    # Child A moves through three placements:
    #   2023-24 (year 2024) has A1 (ended 30/09/2023) and A2 (open at 31 March).
    #   2024-25 (year 2025) repeats A2, now closed on 15/06/2024 and corrected from U4 to U5,
    #     and adds A3 (open). 2025 is authoritative for A from 1 April 2024: A1 ended before
    #     then and stays; A2 was open on 1 April and is replaced by the 2025 copy.
    #   2025-26 (year 2026) repeats A3, closed on 01/05/2025. It is authoritative from
    #     1 April 2025: A2 (2025 copy) ended 15/06/2024 and stays; A3 is replaced.
    # Child C has an open episode only in 2024: no later return has episodes for C (C is in
    # the 2025 header and OC3 as a care leaver), so the open episode stays.
    # Child D appears only in 2026.
    year_2024 = tables(
        2024,
        header=["A,1,01/01/2012,WBRI,,,", "C,2,01/01/2010,WBRI,,,"],
        episodes=[
            "A,01/05/2023,S,C2,N1,U4,PR1,30/09/2023,X1,,,,",
            "A,30/09/2023,P,C2,N1,U4,PR1,,,,,,",
            "C,01/02/2024,S,V2,N1,K2,PR4,,,,,,",
        ],
        oc3=["C,01/01/2006,YES,F1,S1"],
    )
    year_2025 = tables(
        2025,
        header=["A,1,01/01/2012,WBRI,,,", "C,2,01/01/2010,WBRI,,,"],
        episodes=[
            "A,30/09/2023,P,C2,N1,U5,PR1,15/06/2024,X1,,,,",
            "A,15/06/2024,P,C2,N1,K2,PR4,,,,,,",
        ],
        oc3=["C,01/01/2006,NO,G4,S2"],
    )
    year_2026 = tables(
        2026,
        header=["A,1,01/01/2012,WIRI,,,", "D,2,01/01/2015,BAFR,,,"],
        episodes=[
            "A,15/06/2024,P,C2,N1,K2,PR4,01/05/2025,E13,,,,",
            "D,01/06/2025,S,V2,N2,U1,PR1,,,,,,",
        ],
    )

    merged = merge_returns({2026: year_2026, 2024: year_2024, 2025: year_2025})

    assert summary(merged["Episodes"]) == [
        ("A", "2023-05-01", "2023-09-30", "U4", 2024),
        ("A", "2023-09-30", "2024-06-15", "U5", 2025),
        ("A", "2024-06-15", "2025-05-01", "K2", 2026),
        ("C", "2024-02-01", None, "K2", 2024),
        ("D", "2025-06-01", None, "U1", 2026),
    ]
    # The latest return's header row wins (A's ethnicity was corrected in 2026).
    header = merged["Header"].set_index("CHILD")
    assert header.loc["A", "ETHNIC"] == "WIRI" and header.loc["A", "YEAR"] == 2026
    assert header.loc["C", "YEAR"] == 2025  # C, a care leaver by then, is in the 2025 header
    assert sorted(header.index) == ["A", "C", "D"]
    # OC3 is kept per year.
    assert merged["OC3"][["CHILD", "IN_TOUCH", "YEAR"]].values.tolist() == [
        ["C", "YES", 2024],
        ["C", "NO", 2025],
    ]
    # Tables no return held are still there, empty, for the measures.
    assert merged["UASC"].empty and "YEAR" in merged["UASC"].columns
    assert merged["Episodes"]["YEAR"].dtype == "int64"
    assert merged["Episodes"]["DECOM"].dtype == "datetime64[ns]"


def test_order_of_import_does_not_matter():
    first = tables(
        2024, header=["A,1,01/01/2012,WBRI,,,"], episodes=["A,01/05/2023,S,C2,N1,U4,PR1,,,,,,"]
    )
    second = tables(
        2025,
        header=["A,1,01/01/2012,WBRI,,,", "C,2,01/01/2010,WBRI,,,"],
        episodes=["A,01/05/2023,S,C2,N1,U6,PR1,01/01/2025,E13,,,,"],
    )
    forwards = merge_returns({2024: first, 2025: second})
    backwards = merge_returns({2025: second, 2024: first})
    pd.testing.assert_frame_equal(forwards["Episodes"], backwards["Episodes"])
    # The open 2024 episode is replaced by its closed 2025 copy.
    assert summary(forwards["Episodes"]) == [("A", "2023-05-01", "2025-01-01", "U6", 2025)]


@pytest.mark.parametrize(
    ("dec", "kept"),
    [("31/03/2024", True), ("01/04/2024", False), ("", False)],
)
def test_episode_is_replaced_only_when_open_on_or_after_1_april(dec, kept):
    earlier = tables(
        2024,
        header=["A,1,01/01/2012,WBRI,,,"],
        episodes=[f"A,01/05/2023,S,C2,N1,U4,PR1,{dec},X1,,,,"],
    )
    later = tables(
        2025, header=["A,1,01/01/2012,WBRI,,,"], episodes=["A,01/04/2024,P,C2,N1,K2,PR4,,,,,,"]
    )
    merged = merge_returns({2024: earlier, 2025: later})
    years = merged["Episodes"]["YEAR"].tolist()
    assert years == ([2024, 2025] if kept else [2025])


def test_merge_of_no_returns_gives_empty_tables():
    merged = merge_returns({})
    assert set(merged) == {"Header", "Episodes", "UASC", "OC3"}
    assert all(frame.empty for frame in merged.values())


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="sample returns not available")
def test_sample_returns_merge_by_the_rule():
    groups: dict[int, list[Path]] = defaultdict(list)
    for path in sorted(SAMPLES.glob("*.csv")):
        groups[int(path.name[:4]) + 1].append(path)
    returns = {year: read_return(paths, year=year).tables for year, paths in groups.items()}
    merged = merge_returns(returns)["Episodes"]

    # Every episode kept from an earlier return either belongs to a child no later return
    # holds, or ended before the first later return (holding the child) began.
    for year in returns:
        later_children = {
            later: set(returns[later]["Episodes"]["CHILD"]) for later in returns if later > year
        }
        kept = merged[merged["YEAR"] == year]
        for later, children in later_children.items():
            start, _ = collection_year_bounds(later)
            covered = kept[kept["CHILD"].isin(children)]
            assert (covered["DEC"] < start).all(), (year, later)
    assert merged["YEAR"].between(2018, 2022).all()
