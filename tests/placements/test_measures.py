"""Hand-worked fixtures for every measure in docs/MEASURES.md.

Unless a test says otherwise D = 31 March 2025, so P0 = 1 April 2024,
D - 2 years = 31 March 2023 and D - 2 years 6 months = 30 September 2022.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from placements.cohort import measures as m

D = pd.Timestamp("2025-03-31")
P0 = pd.Timestamp("2024-04-01")


def ep(
    child: str,
    decom: str,
    dec: str | None = None,
    *,
    rne: str = "S",
    rec: str | None = None,
    place: str = "U4",
    provider: str | None = "PR1",
    ls: str = "C2",
    urn: str | None = "SC000001",
    pl_post: str | None = "B1 1AD",
    home_post: str | None = "B1 1AA",
    distance: float = np.nan,
) -> dict:
    """One episode row; an episode with an end date and no REC ends with E11 (went home)."""
    return {
        "CHILD": child,
        "DECOM": decom,
        "RNE": rne,
        "LS": ls,
        "CIN": "N1",
        "PLACE": place,
        "PLACE_PROVIDER": provider,
        "DEC": dec,
        "REC": rec if rec is not None or dec is None else "E11",
        "REASON_PLACE_CHANGE": None,
        "HOME_POST": home_post,
        "PL_POST": pl_post,
        "URN": urn,
        "DISTANCE": distance,
    }


def episodes(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows))
    frame["DECOM"] = pd.to_datetime(frame["DECOM"])
    frame["DEC"] = pd.to_datetime(frame["DEC"])
    return frame


def header(*rows: tuple[str, str | None, str | None]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["CHILD", "SEX", "DOB"])
    frame["DOB"] = pd.to_datetime(frame["DOB"])
    frame["ETHNIC"] = "WBRI"
    return frame


# --------------------------------------------------------------------------- categories


def test_placement_categories_follow_measures_md_order_and_have_labels():
    assert m.PLACEMENT_CATEGORIES == (
        "kinship_foster",
        "inhouse_foster",
        "ifa_foster",
        "childrens_home",
        "secure",
        "supported_accommodation",
        "residential_school",
        "other_residential",
        "placed_with_parents",
        "placed_for_adoption",
        "temporary",
        "other",
    )
    assert list(m.CATEGORY_LABELS) == list(m.PLACEMENT_CATEGORIES)
    assert m.CATEGORY_LABELS["ifa_foster"] == "Fostering: independent agency"


def test_placement_category_table():
    place = pd.Series(
        ["U1", " u3", "U4", "U5", "U6", "U6", "K2", "K1", "H5", "K3", "P2", "S1", "R5", "P3"]
        + ["P1", "A6", "T0", "T4", "Z1", "Z12", None, ""]
    )
    provider = pd.Series(
        [None, None, "PR1", "pr4", "PR5", None, "PR4", None, None, None, None, None, None, None]
        + [None, None, None, None, None, None, None, None]
    )
    assert m.placement_category(place, provider).tolist() == [
        "kinship_foster",
        "kinship_foster",
        "inhouse_foster",
        "ifa_foster",  # U5 with PR4 (lower case in the file)
        "ifa_foster",
        "inhouse_foster",  # U6 with no provider is not an IFA
        "childrens_home",  # PR4 only matters for U4-U6
        "secure",
        "supported_accommodation",
        "supported_accommodation",
        "supported_accommodation",
        "residential_school",
        "other_residential",
        "other_residential",
        "placed_with_parents",
        "placed_for_adoption",
        "temporary",
        "temporary",
        "other",
        "other",
        "other",
        "other",
    ]


# --------------------------------------------------------------------------- preparation


def test_short_breaks_are_dropped_before_anything_is_counted():
    # B's only episode is a short break (V3), C's is V4 written in lower case with spaces:
    # neither is looked after. A is.
    data = episodes(
        ep("A", "2024-05-01"),
        ep("B", "2024-05-01", ls="V3"),
        ep("C", "2024-05-01", ls=" v4 "),
    )
    prepared = m.prepare_episodes(data)
    assert prepared["CHILD"].tolist() == ["A"]
    assert m.children_looked_after(data, on=D) == 1
    assert m.started(data, on=D) == 1


def test_blanks_are_normalised_to_missing():
    # "", None and NaN are all "missing"; codes are trimmed and upper-cased.
    data = episodes(
        ep("A", "2024-01-01", urn="", pl_post=None, rne=" s "),
        ep("B", "2024-01-01", urn=np.nan, pl_post="  "),
    )
    prepared = m.prepare_episodes(data)
    assert prepared["URN"].isna().all()
    assert prepared["PL_POST"].isna().all()
    assert prepared["RNE"].tolist() == ["S", "S"]
    # Preparing twice changes nothing.
    assert m.prepare_episodes(prepared) is prepared


def test_empty_episodes_give_zeros_and_null_percentages():
    data = episodes(ep("A", "2024-01-01")).iloc[0:0]
    assert m.children_looked_after(data, on=D) == 0
    assert m.three_plus_placements(data, on=D) == {
        "numerator": 0,
        "denominator": 0,
        "percent": None,
    }
    assert m.long_term_stability(data, header(), on=D)["percent"] is None


def test_contiguity_links_only_x1_same_day_transitions():
    data = episodes(
        ep("A", "2024-01-01", "2024-06-01", rec="X1"),
        ep("A", "2024-06-01", rne="P"),  # contiguous with the first
        ep("B", "2024-01-01", "2024-06-01", rec="E11"),
        ep("B", "2024-06-01", rne="S"),  # same day but B went home: not contiguous
        ep("C", "2024-01-01", "2024-05-31", rec="X1"),
        ep("C", "2024-06-01", rne="P"),  # a day's gap: not contiguous
    )
    prepared = m.prepare_episodes(data)
    assert prepared["PREV"].tolist() == [-1, 0, -1, -1, -1, -1]


# --------------------------------------------------------------------------- cla and friends


def test_children_looked_after_on_the_reference_date():
    data = episodes(
        # A: same-day transition on 1 June 2024 (X1): one child, counted once.
        ep("A", "2024-01-01", "2024-06-01", rec="X1"),
        ep("A", "2024-06-01", rne="P"),
        # B: episode ends on D -> not looked after at D.
        ep("B", "2024-01-01", "2025-03-31"),
        # C: starts on D -> looked after.
        ep("C", "2025-03-31"),
        # E: starts after D -> not yet.
        ep("E", "2025-04-01"),
        # F: ends the day after D -> still looked after on D.
        ep("F", "2024-01-01", "2025-04-01"),
        # G: two overlapping open episodes (bad data) -> counted once.
        ep("G", "2024-01-01", place="K2"),
        ep("G", "2024-02-01", rne="P", place="U1"),
    )
    # A, C, F, G.
    assert m.children_looked_after(data, on=D) == 4
    current = m.current_episodes(data, on=D)
    assert sorted(current["CHILD"]) == ["A", "C", "F", "G"]
    # G's current episode is the open one with the latest DECOM.
    assert current.set_index("CHILD").loc["G", "PLACE"] == "U1"
    # On 1 June 2024 A is in its second episode only.
    at_june = m.current_episodes(data, on="2024-06-01")
    assert at_june.set_index("CHILD").loc["A", "RNE"] == "P"


def test_started_and_ceased_in_the_period():
    data = episodes(
        # A: started on P0 (counts), still in care.
        ep("A", "2024-04-01"),
        # B: started the day before P0 (does not count); ceased on D (counts).
        ep("B", "2024-03-31", "2025-03-31", rec="E4A"),
        # C: RNE P is a change of placement, not a start; ended X1 so not a ceasing.
        ep("C", "2023-01-01", "2024-05-01", rec="X1"),
        ep("C", "2024-05-01", rne="P"),
        # E: ceased the day before P0 (does not count).
        ep("E", "2023-01-01", "2024-03-31", rec="E11"),
        # F: an end date but no reason recorded -> not a ceasing.
        ep("F", "2023-01-01", "2024-06-01", rec=""),
        # G: two starts in the period (left and came back) -> one child.
        ep("G", "2024-05-01", "2024-07-01", rec="E11"),
        ep("G", "2024-09-01"),
    )
    # started: A, G. ceased: B, G.
    assert m.started(data, on=D) == 2
    assert m.ceased(data, on=D) == 2


def test_re_entry_starts_a_new_period_of_care():
    # H left care in 2023 and came back on 1 Sept 2024: the return is a start, and the
    # period of care starts at the re-entry, not in 2018.
    data = episodes(
        ep("H", "2018-01-01", "2023-05-01", rec="E11"),
        ep("H", "2024-09-01", rne="S"),
    )
    assert m.started(data, on=D) == 1
    assert m.period_of_care_start(data, on=D).to_dict() == {"H": pd.Timestamp("2024-09-01")}


def test_uasc():
    data = episodes(*(ep(c, "2024-01-01") for c in "ABCDE"))
    table = pd.DataFrame(
        {
            "CHILD": ["A", "B", "C", "D", "F"],
            "SEX": "M",
            "DOB": pd.Timestamp("2008-01-01"),
            "DUC": pd.to_datetime([None, "2025-06-01", "2025-03-31", "2024-01-01", None]),
        }
    )
    # A (DUC blank) and B (DUC after D). C's DUC is D itself, D's is past, E is not in the
    # table, F is not looked after.
    assert m.uasc(data, table, on=D) == 2
    assert m.uasc(data, None, on=D) == 0


def test_rate_per_10k():
    assert m.rate_per_10k(150, 30_000) == 50.0
    assert m.rate_per_10k(7, 3_000) == 23.3  # 23.33...
    assert m.rate_per_10k(100, None) is None
    assert m.rate_per_10k(100, float("nan")) is None


# --------------------------------------------------------------------------- ages and sex


def test_age_in_completed_years_and_29_february_birthdays():
    dob = pd.to_datetime(pd.Series(["2008-02-29", "2008-02-29", "2008-02-29", None]))
    # Leap year 2024: the 16th birthday is 29 Feb.
    assert m.age_in_years(dob, "2024-02-28").tolist()[:3] == [15, 15, 15]
    assert m.age_in_years(dob, "2024-02-29").tolist()[:3] == [16, 16, 16]
    # Non-leap 2025: still 16 on 28 Feb, 17 from 1 March.
    assert m.age_in_years(dob, "2025-02-28").tolist()[:3] == [16, 16, 16]
    assert m.age_in_years(dob, "2025-03-01").tolist()[:3] == [17, 17, 17]
    assert pd.isna(m.age_in_years(dob, "2025-03-01").iloc[3])


def test_29_february_birthday_moves_band_on_1_march():
    data = episodes(ep("A", "2020-01-01"))
    hdr = header(("A", "F", "2012-02-29"))
    # 28 Feb 2028 (leap year): 15 -> 10_15; 29 Feb 2028: 16 -> 16_plus.
    assert m.age_bands(data, hdr, on="2028-02-28")["10_15"] == 1
    assert m.age_bands(data, hdr, on="2028-02-29")["16_plus"] == 1
    # 28 Feb 2027 (not leap): still 14; 1 March 2027: 15. Both 10_15, but age checks the rule.
    assert m.age_in_years(hdr["DOB"], "2027-02-28").iloc[0] == 14
    assert m.age_in_years(hdr["DOB"], "2027-03-01").iloc[0] == 15


def test_age_bands():
    children = "ABCDEFGH"
    data = episodes(*(ep(c, "2024-01-01") for c in children))
    hdr = header(
        ("A", "M", "2024-04-01"),  # 0 -> under_1
        ("B", "M", "2024-03-31"),  # 1 today -> 1_4
        ("C", "M", "2020-04-01"),  # 4 -> 1_4
        ("D", "M", "2020-03-31"),  # 5 today -> 5_9
        ("E", "M", "2009-04-01"),  # 15 -> 10_15
        ("F", "M", "2009-03-31"),  # 16 today -> 16_plus
        ("G", "M", None),  # no DOB -> no band
        # H is not in the header -> no band
    )
    assert m.age_bands(data, hdr, on=D) == {
        "under_1": 1,
        "1_4": 2,
        "5_9": 1,
        "10_15": 1,
        "16_plus": 1,
    }


def test_sex():
    data = episodes(*(ep(c, "2024-01-01") for c in "ABCDEFGI"))
    hdr = header(
        ("A", "M", "2010-01-01"),
        ("B", "1", "2010-01-01"),  # pre-2024-25 coding
        ("C", "F", "2010-01-01"),
        ("D", "2", "2010-01-01"),
        ("E", "U", "2010-01-01"),
        ("F", None, "2010-01-01"),
        ("G", "F", "2010-01-01"),
        ("X", "M", "2010-01-01"),  # not looked after
        # I is not in the header
    )
    hdr["YEAR"] = 2025
    # G appears again in an older return as M: the latest return (F) wins.
    older = header(("G", "M", "2010-01-01")).assign(YEAR=2024)
    hdr = pd.concat([hdr, older], ignore_index=True)
    # male: A, B. female: C, D, G. unknown: E (U), F (missing), I (no header row).
    assert m.sex(data, hdr, on=D) == {"male": 2, "female": 3, "unknown": 3}


def test_placement_mix_has_every_category():
    data = episodes(
        ep("A", "2024-01-01", place="U1"),
        ep("B", "2024-01-01", place="U4", provider="PR4"),
        ep("C", "2024-01-01", place="U4", provider="PR1"),
        ep("E", "2024-01-01", place="K2"),
        ep("F", "2024-01-01", place="K2"),
        # G moved from K2 to T1 on 1 March 2025: the current episode decides.
        ep("G", "2024-01-01", "2025-03-01", rec="X1", place="K2"),
        ep("G", "2025-03-01", rne="P", place="T1"),
    )
    mix = m.placement_mix(data, on=D)
    assert list(mix) == list(m.PLACEMENT_CATEGORIES)
    assert mix == {
        "kinship_foster": 1,
        "inhouse_foster": 1,
        "ifa_foster": 1,
        "childrens_home": 2,
        "secure": 0,
        "supported_accommodation": 0,
        "residential_school": 0,
        "other_residential": 0,
        "placed_with_parents": 0,
        "placed_for_adoption": 0,
        "temporary": 1,
        "other": 0,
    }


# --------------------------------------------------------------------------- new placements


def test_new_placements_temporary_and_same_carer_rules():
    data = episodes(
        # 0: a start is a new placement.
        ep("A", "2024-01-01", "2024-02-01", rec="X1", urn="SC1", pl_post="B1 1AD"),
        # 1: temporary placements (T0-T4) are never new placements.
        ep("A", "2024-02-01", "2024-02-10", rec="X1", rne="P", place="T1", urn=None),
        # 2: back to the same carer after the temporary one (postcode spaces ignored).
        ep("A", "2024-02-10", "2024-03-01", rec="X1", rne="P", urn="SC1", pl_post="B11AD"),
        # 3: a different carer: new.
        ep("A", "2024-03-01", "2024-04-01", rec="X1", rne="P", urn="XXXXXXX", pl_post="B2 2AA"),
        # 4: temporary again.
        ep("A", "2024-04-01", "2024-04-05", rec="X1", rne="P", place="T0", urn=None),
        # 5: same carer as 3: XXXXXXX counts as a blank URN, and blank equals blank.
        ep("A", "2024-04-05", "2024-05-01", rec="X1", rne="P", urn=None, pl_post="b2 2aa"),
        # 6: temporary.
        ep("A", "2024-05-01", "2024-05-10", rec="X1", rne="P", place="T2", urn=None),
        # 7: same URN and postcode as 5, but IFA rather than in-house: a different carer.
        ep("A", "2024-05-10", "2024-06-01", rec="X1", rne="P", provider="PR4", urn=None,
           pl_post="B2 2AA"),
        # 8: RNE L (legal status change only) is not a new placement.
        ep("A", "2024-06-01", "2024-07-01", rec="X1", rne="L", provider="PR4", urn=None,
           pl_post="B2 2AA"),
        # 9: RNE B (placement and legal status change) is.
        ep("A", "2024-07-01", rne="B", place="K2", urn="SC9"),
    )  # fmt: skip
    assert m.is_new_placement(data).tolist() == [
        True,
        False,
        False,
        True,
        False,
        False,
        False,
        True,
        False,
        True,
    ]


def test_three_plus_placements():
    data = episodes(
        # A: in care on P0 (+1), then two new placements in the period: 3 -> counted.
        ep("A", "2023-01-01", "2024-06-01", rec="X1"),
        ep("A", "2024-06-01", "2024-10-01", rec="X1", rne="P", place="K2"),
        ep("A", "2024-10-01", rne="P", place="U1"),
        # B: a new placement starting on P0 itself is counted once, not also as "in care on
        # P0"; one more new placement: 2 -> not counted.
        ep("B", "2023-01-01", "2024-04-01", rec="X1"),
        ep("B", "2024-04-01", "2024-08-01", rec="X1", rne="P", place="K2"),
        ep("B", "2024-08-01", rne="P", place="U1"),
        # C: the episode starting on P0 is not a new placement (RNE L), so P0 adds 1; two new
        # placements: 3 -> counted.
        ep("C", "2023-01-01", "2024-04-01", rec="X1"),
        ep("C", "2024-04-01", "2024-08-01", rec="X1", rne="L"),
        ep("C", "2024-08-01", "2024-09-01", rec="X1", rne="P", place="K2"),
        ep("C", "2024-09-01", rne="P", place="U1"),
        # E: started in the period (1), temporary (0), back to the same carer (0), new (1):
        # 2 -> not counted.
        ep("E", "2024-05-01", "2024-07-01", rec="X1"),
        ep("E", "2024-07-01", "2024-07-10", rec="X1", rne="P", place="T1"),
        ep("E", "2024-07-10", "2024-12-01", rec="X1", rne="P"),
        ep("E", "2024-12-01", rne="P", place="K2"),
        # F: three placements but no longer looked after at D: not in the denominator.
        ep("F", "2024-05-01", "2024-06-01", rec="X1"),
        ep("F", "2024-06-01", "2024-07-01", rec="X1", rne="P", place="K2"),
        ep("F", "2024-07-01", "2024-08-01", rec="E11", rne="P", place="U1"),
    )
    # Denominator A, B, C, E = 4; numerator A, C = 2 -> 50.0%.
    assert m.three_plus_placements(data, on=D) == {
        "numerator": 2,
        "denominator": 4,
        "percent": 50.0,
    }


# --------------------------------------------------------------------------- stability


def _stability_fixture() -> tuple[pd.DataFrame, pd.DataFrame]:
    data = episodes(
        # A: care since 2020, placement since 2022-01-01: in both.
        ep("A", "2020-01-01", "2022-01-01", rec="X1"),
        ep("A", "2022-01-01", rne="P", urn="SC2"),
        # B: care since 2021, new placement 2023-06-01 (after D - 2y): denominator only.
        ep("B", "2021-01-01", "2023-06-01", rec="X1"),
        ep("B", "2023-06-01", rne="P", urn="SC2"),
        # C: RNE L then T (same placement) walk back to the 2021 start: both.
        ep("C", "2021-01-01", "2023-06-01", rec="X1", place="K2"),
        ep("C", "2023-06-01", "2024-01-01", rec="X1", rne="L", place="K2"),
        ep("C", "2024-01-01", rne="T", place="K2"),
        # E: a temporary placement in June 2023, then back to the same carer: the placement
        # still started in 2021: both (without the rule it would be 2023-06-20).
        ep("E", "2021-01-01", "2023-06-01", rec="X1"),
        ep("E", "2023-06-01", "2023-06-20", rec="X1", rne="P", place="T1", urn=None),
        ep("E", "2023-06-20", rne="P"),
        # F: placed for adoption (A4) in Sept 2023 with the foster carer of 2021: the
        # adoptive placement and the one before count together -> 2021-01-01: both.
        ep("F", "2021-01-01", "2023-09-01", rec="X1"),
        ep("F", "2023-09-01", rne="P", place="A4", urn=None),
        # G: placed for adoption, but the placement before it only began 2023-05-01: the
        # adoption rule continues one step, not to the 2020 start: denominator only.
        ep("G", "2020-01-01", "2023-05-01", rec="X1", place="K2"),
        ep("G", "2023-05-01", "2023-09-01", rec="X1", rne="P"),
        ep("G", "2023-09-01", rne="P", place="A5", urn=None),
        # H: care since 2023-01-01, after D - 2y6m: not in the denominator.
        ep("H", "2023-01-01"),
        # I: aged 16: not in the denominator.
        ep("I", "2015-01-01"),
        # J: left in 2022 and re-entered 2022-11-01: the period of care starts at
        # re-entry, after D - 2y6m: not in the denominator.
        ep("J", "2018-01-01", "2022-01-01", rec="E11"),
        ep("J", "2022-11-01"),
        # K: no date of birth: not in the denominator.
        ep("K", "2015-01-01"),
    )
    hdr = header(
        *((c, "M", "2012-06-01") for c in "ABCEFGHJ"),
        ("I", "F", "2009-03-31"),  # 16 on D
        ("K", "F", None),
    )
    return data, hdr


def test_period_of_care_and_placement_start():
    data, _ = _stability_fixture()
    care = m.period_of_care_start(data, on=D)
    placement = m.placement_start(data, on=D)
    assert care["A"] == pd.Timestamp("2020-01-01")
    assert care["J"] == pd.Timestamp("2022-11-01")
    assert placement["A"] == pd.Timestamp("2022-01-01")
    assert placement["B"] == pd.Timestamp("2023-06-01")
    assert placement["C"] == pd.Timestamp("2021-01-01")
    assert placement["E"] == pd.Timestamp("2021-01-01")
    assert placement["F"] == pd.Timestamp("2021-01-01")
    assert placement["G"] == pd.Timestamp("2023-05-01")


def test_long_term_stability():
    data, hdr = _stability_fixture()
    # Denominator: A, B, C, E, F, G (6). Numerator: A, C, E, F (4). 4/6 = 66.7%.
    assert m.long_term_stability(data, hdr, on=D) == {
        "numerator": 4,
        "denominator": 6,
        "percent": 66.7,
    }


def test_truncated_history_warning():
    # Earliest return 2023-24 starts 1 April 2023; 2y6m later is 1 October 2025.
    assert m.truncated_history_warning("2023-04-01", "2025-09-30") is True
    assert m.truncated_history_warning("2023-04-01", "2025-10-01") is False
    assert m.truncated_history_warning(None, "2025-10-01") is False


# --------------------------------------------------------------------------- distance


def test_over_20_miles_uses_the_current_episode_distance():
    data = episodes(
        ep("A", "2024-01-01", distance=25.0),
        ep("B", "2024-01-01", distance=20.0),  # exactly 20 is not over 20
        ep("C", "2024-01-01", distance=np.nan),  # unknown postcode
        # E was 30 miles away but moved nearer: the current episode counts.
        ep("E", "2024-01-01", "2025-01-01", rec="X1", distance=30.0),
        ep("E", "2025-01-01", rne="P", distance=3.2),
    )
    # Numerator A; denominator 4 (cla); unknown C; 1/4 = 25.0%.
    assert m.over_20_miles(data, on=D) == {
        "numerator": 1,
        "denominator": 4,
        "unknown": 1,
        "percent": 25.0,
    }


def test_over_20_miles_from_postcodes_when_no_distance_column():
    data = episodes(
        # B1 1AA to LS1 1AA: 92.4 miles (see test_postcodes).
        ep("A", "2024-01-01", home_post="B1 1AA", pl_post="LS1 1AA"),
        # B1 1AA to WV1 1AA: 11.8 miles.
        ep("B", "2024-01-01", home_post="b11aa", pl_post="WV1 1AA"),
        # Not a real postcode -> unknown.
        ep("C", "2024-01-01", home_post="ZZ99 9ZZ", pl_post="B1 1AA"),
        # Blank -> unknown.
        ep("E", "2024-01-01", home_post="B1 1AA", pl_post=""),
    ).drop(columns="DISTANCE")
    assert m.over_20_miles(data, on=D) == {
        "numerator": 1,
        "denominator": 4,
        "unknown": 2,
        "percent": 25.0,
    }


# --------------------------------------------------------------------------- care leavers


def _oc3() -> pd.DataFrame:
    rows = [
        # CHILD, DOB, ACTIV, ACCOM, YEAR ; age at 31 March 2025
        ("A", "2008-04-01", "F1", "B1", 2025),  # 16 -> left out
        ("B", "2008-03-31", "P2", "B1", 2025),  # 17 -> 17_18, eet, suitable
        ("C", "2006-04-01", "G4", "S2", 2025),  # 18 -> 17_18, neither
        ("E", "2006-03-31", "F2", None, 2025),  # 19 -> 19_21, eet
        ("F", "2003-04-01", None, "K1", 2025),  # 21 -> 19_21, suitable
        ("G", "2003-03-31", "F1", "B1", 2025),  # 22 -> left out
        ("H", "2007-01-01", "F1", "B1", 2024),  # last year's OC3 -> ignored
    ]
    frame = pd.DataFrame(rows, columns=["CHILD", "DOB", "ACTIV", "ACCOM", "YEAR"])
    frame["DOB"] = pd.to_datetime(frame["DOB"])
    frame["IN_TOUCH"] = "YES"
    return frame


def test_care_leavers_on_31_march():
    assert m.care_leavers(_oc3(), on=D) == {
        "17_18": {"cohort": 2, "suitable_accommodation": 1, "eet": 1},
        "19_21": {"cohort": 2, "suitable_accommodation": 1, "eet": 1},
    }


def test_care_leavers_null_unless_31_march():
    assert m.care_leavers(_oc3(), on="2025-03-30") is None
    assert m.care_leavers(_oc3(), on="2024-12-31") is None


# --------------------------------------------------------------------------- headline


EXPECTED_SHAPE = json.loads(
    """
{
  "la": "E08000031", "reference_date": "2025-03-31",
  "cla": 0, "started": 0, "ceased": 0, "uasc": 0, "rate_per_10k": null,
  "age_bands": {"under_1": 0, "1_4": 0, "5_9": 0, "10_15": 0, "16_plus": 0},
  "sex": {"male": 0, "female": 0, "unknown": 0},
  "placement_mix": {"kinship_foster": 0, "inhouse_foster": 0, "ifa_foster": 0, "childrens_home": 0,
                    "secure": 0, "supported_accommodation": 0, "residential_school": 0,
                    "other_residential": 0, "placed_with_parents": 0, "placed_for_adoption": 0,
                    "temporary": 0, "other": 0},
  "three_plus_placements": {"numerator": 0, "denominator": 0, "percent": null},
  "long_term_stability": {"numerator": 0, "denominator": 0, "percent": null},
  "over_20_miles": {"numerator": 0, "denominator": 0, "unknown": 0, "percent": null},
  "care_leavers": {"17_18": {"cohort": 0, "suitable_accommodation": 0, "eet": 0},
                   "19_21": {"cohort": 0, "suitable_accommodation": 0, "eet": 0}},
  "started_rate_per_10k": null,
  "legal_status": {"interim_care_order": 0, "care_order": 0, "placement_order": 0, "section_20": 0,
                   "youth_justice": 0, "emergency_protection": 0, "other": 0},
  "ethnicity": {"white": 0, "mixed": 0, "asian": 0, "black": 0, "other": 0, "not_known": 0},
  "placement_codes": {},
  "ceased_by_reason": {"adopted": 0, "special_guardianship": 0, "child_arrangements_order": 0,
                       "returned_home": 0, "independent_living": 0, "stayed_with_carers_at_18": 0,
                       "youth_justice": 0, "moved_to_other_services": 0, "other": 0},
  "outside_area": {"numerator": 0, "denominator": 0, "unknown": 0, "percent": null}
}
"""
)


def _key_structure(value: object) -> object:
    if isinstance(value, dict):
        return [(key, _key_structure(inner)) for key, inner in value.items()]
    return None


def test_headline_measures_has_exactly_the_measures_md_shape():
    data, hdr = _stability_fixture()
    result = m.headline_measures(
        la_code="E08000031",
        on=D,
        episodes=data,
        header=hdr,
        uasc=None,
        oc3=_oc3(),
        population=20_000,
    )
    # placement_codes has a key for each code that occurs, so its keys are the data's.
    codes = result.pop("placement_codes")
    assert _key_structure(result) == _key_structure(
        {k: v for k, v in EXPECTED_SHAPE.items() if k != "placement_codes"}
    )
    assert all(isinstance(k, str) and n > 0 for k, n in codes.items())
    assert sum(codes.values()) == 10  # every child in care has a PLACE code here
    result["placement_codes"] = codes
    # JSON-serialisable with plain types, as the `measures` command prints it.
    assert json.loads(json.dumps(result)) == result
    assert result["la"] == "E08000031"
    assert result["reference_date"] == "2025-03-31"
    # A, B, C, E, F, G, H, I, J, K are all in care at D.
    assert result["cla"] == 10
    assert result["rate_per_10k"] == 5.0  # 10 / 20,000 x 10,000
    assert result["long_term_stability"]["numerator"] == 4
    assert result["care_leavers"]["17_18"]["cohort"] == 2


def test_headline_measures_on_empty_data():
    empty = episodes(ep("A", "2024-01-01")).iloc[0:0]
    result = m.headline_measures(
        la_code="E08000031",
        on="2025-03-31",
        episodes=empty,
        header=None,
        uasc=None,
        oc3=None,
        population=None,
    )
    # With no data at all every count is 0 and every rate or percentage null.
    assert result == EXPECTED_SHAPE


def test_headline_care_leavers_null_away_from_31_march():
    data, hdr = _stability_fixture()
    result = m.headline_measures(
        la_code="E08000031",
        on="2025-02-28",
        episodes=data,
        header=hdr,
        uasc=None,
        oc3=_oc3(),
        population=None,
    )
    assert result["care_leavers"] is None
    assert result["rate_per_10k"] is None


# --------------------------------------------------------------------------- series


def test_quarterly_series():
    data = episodes(
        # A: in care from 15 May 2024 throughout, one same-day move (X1) in August.
        ep("A", "2024-05-15", "2024-08-01", rec="X1"),
        ep("A", "2024-08-01", rne="P"),
        # B: in care 1 Jan 2024 to 30 Sept 2024 (ends on the quarter end: not in care then).
        ep("B", "2024-01-01", "2024-09-30", rec="E11"),
        # C: 1 Oct 2024 to 31 Dec 2024, then back 1 Feb 2025.
        ep("C", "2024-10-01", "2024-12-31", rec="E11"),
        ep("C", "2025-02-01"),
        # E: a short break only: never counted.
        ep("E", "2024-05-01", ls="V4"),
    )
    series = m.quarterly_series(data, start="2024-04-01", end="2025-03-31")
    assert list(series.columns) == ["date", "cla", "started", "ceased"]
    assert series["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-06-30",
        "2024-09-30",
        "2024-12-31",
        "2025-03-31",
    ]
    # 30 Jun: A, B. 30 Sep: A (B ended that day). 31 Dec: A (C ended that day). 31 Mar: A, C.
    assert series["cla"].tolist() == [2, 1, 1, 2]
    # Starts: A in Apr-Jun; C in Oct-Dec and again in Jan-Mar.
    assert series["started"].tolist() == [1, 0, 1, 1]
    # Ceasings: B on 30 Sep (Jul-Sep); C on 31 Dec (Oct-Dec). A's X1 is not a ceasing.
    assert series["ceased"].tolist() == [0, 1, 1, 0]
    for row in series.itertuples():
        assert row.cla == m.children_looked_after(data, on=row.date)


def test_quarterly_series_empty_range():
    data = episodes(ep("A", "2024-05-15"))
    series = m.quarterly_series(data, start="2024-04-01", end="2024-05-01")
    assert list(series.columns) == ["date", "cla", "started", "ceased"]
    assert len(series) == 0


@pytest.mark.parametrize("on", ["2024-02-29", "2025-03-31"])
def test_period_start(on):
    # P0 = D - 1 year + 1 day.
    expected = {"2024-02-29": "2023-03-01", "2025-03-31": "2024-04-01"}[on]
    assert m.period_start(on) == pd.Timestamp(expected)


# --------------------------------------------------------------------------- shared work


def test_shared_work_works_out_the_children_looked_after_once_per_frame_and_date(monkeypatch):
    data = m.prepare_episodes(
        episodes(ep("A", "2024-01-01"), ep("B", "2024-06-01", "2024-12-01"), ep("C", "2025-01-01"))
    )
    dedupes = []
    real = pd.DataFrame.drop_duplicates

    def counted(self, *args, **kwargs):
        dedupes.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "drop_duplicates", counted)
    # Outside the block every call works it out again.
    m.current_episodes(data, on=D)
    m.current_episodes(data, on=D)
    assert len(dedupes) == 2
    dedupes.clear()
    with m.shared_work():
        first = m.current_episodes(data, on=D)
        with m.shared_work():  # a nested block shares the outer one's work
            again = m.current_episodes(data, on="2025-03-31")
        on_p0 = m.current_episodes(data, on=P0)
        other = m.current_episodes(data.copy(), on=D)  # another frame is other work
    assert again is first and other is not first
    assert len(dedupes) == 3
    # On 31 March 2025: A and C; on 1 April 2024 only A (B started in June).
    assert list(first["CHILD"]) == ["A", "C"]
    assert list(on_p0["CHILD"]) == ["A"]
    # The block is gone: nothing is kept after it.
    m.current_episodes(data, on=D)
    assert len(dedupes) == 4


def test_headline_measures_are_the_same_with_the_work_shared_across_dates():
    """The Children in care page works out two dates in one block: each child's latest header
    row is shared by both, and the figures are those of each date on its own."""
    data = episodes(
        ep("A", "2023-05-01"),
        ep("B", "2023-06-01", "2024-06-01"),
        ep("C", "2024-09-01"),
    )
    hdr = header(("A", "M", "2010-01-01"), ("B", "F", "2016-06-01"), ("C", "F", "2024-04-01"))
    arguments = {"la_code": "E08000031", "episodes": data, "header": hdr, "uasc": None,
                 "oc3": None, "population": None}  # fmt: skip
    alone = [m.headline_measures(on=on, **arguments) for on in (D, "2024-03-31")]
    with m.shared_work():
        shared = [m.headline_measures(on=on, **arguments) for on in (D, "2024-03-31")]
    assert shared == alone
    # Hand-worked: at 31 March 2025, A (15) and C (0); at 31 March 2024, A (14) and B (7).
    assert alone[0]["cla"] == 2 and alone[0]["sex"] == {"male": 1, "female": 1, "unknown": 0}
    assert alone[0]["age_bands"] == {"under_1": 1, "1_4": 0, "5_9": 0, "10_15": 1, "16_plus": 0}
    assert alone[1]["cla"] == 2 and alone[1]["sex"] == {"male": 1, "female": 1, "unknown": 0}
    assert alone[1]["age_bands"] == {"under_1": 0, "1_4": 0, "5_9": 1, "10_15": 1, "16_plus": 0}


def test_the_same_carer_is_the_same_type_of_home_urn_and_placement_postcode():
    data = m.prepare_episodes(
        episodes(
            ep("A", "2024-01-01", "2024-02-01", rec="X1", place="K2", urn="SC1", pl_post="B1 1AD"),
            # The same home, its postcode written without the space: the same carer.
            ep(
                "A",
                "2024-02-01",
                "2024-03-01",
                rec="X1",
                rne="T",
                place="K2",
                urn="SC1",
                pl_post="B11AD",
            ),  # fmt: skip
            # The placeholder URN is no URN: blank and XXXXXXX are the same.
            ep("B", "2024-01-01", "2024-02-01", rec="X1", place="U4", urn=None, pl_post="B1 1AD"),
            ep("B", "2024-02-01", None, rne="P", place="U4", urn="XXXXXXX", pl_post="B1 1AD"),
            # Another home at the same postcode, and a blank postcode: each its own carer.
            ep("C", "2024-01-01", "2024-02-01", rec="X1", place="K2", urn="SC2", pl_post="B1 1AD"),
            ep("C", "2024-02-01", None, rne="P", place="K2", urn="SC2", pl_post=None),
        )
    )
    # Numbered in order of first appearance, rows sorted by child and start date.
    assert list(data["CARER"]) == [0, 0, 1, 1, 2, 3]


def test_preparing_leaves_the_callers_episodes_as_they_were():
    given = episodes(
        ep(" B ", "2024-02-01", rne="S", place="u4 "),
        ep("A", "2024-01-01", "2024-03-01", ls="V3"),  # a short break: dropped
        ep("A", "2024-05-01"),
    )
    before = given.copy(deep=True)
    prepared = m.prepare_episodes(given)
    pd.testing.assert_frame_equal(given, before)
    # Sorted by child, short break gone, child and codes cleaned, a fresh 0..n-1 index.
    assert list(prepared["CHILD"]) == ["A", "B"]
    assert list(prepared["PLACE"]) == ["U4", "U4"]
    assert list(prepared.index) == [0, 1]
