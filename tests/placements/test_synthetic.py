"""The synthetic SSDA903 generator: real-return behaviour across years, coding, realism."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command

from demo import synthetic
from placements.cohort.postcodes import district_of

FIRST, LAST = 2020, 2026  # spans the SEX (2025), K3 (2025) and Z11-Z14 (2026) changes
CHILDREN = 200
SEED = 11


def _reader():
    """The SSDA903 reader, or None while it cannot be imported."""
    try:
        return importlib.import_module("placements.cohort.ssda903.reader")
    except ImportError:
        return None


@pytest.fixture(scope="module")
def sim() -> synthetic.Simulation:
    return synthetic.simulate(
        first_year=FIRST, last_year=LAST, children=CHILDREN, seed=SEED, districts="la"
    )


@pytest.fixture(scope="module")
def written(sim, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("returns")
    synthetic.write_returns(sim.returns, out)
    return out


def dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series.replace("", None), format="%d/%m/%Y")


def all_episodes(sim) -> pd.DataFrame:
    frames = [t["Episodes"].assign(YEAR=y) for y, t in sim.returns.items()]
    episodes = pd.concat(frames, ignore_index=True)
    episodes["DECOM_D"] = dates(episodes["DECOM"])
    episodes["DEC_D"] = dates(episodes["DEC"])
    return episodes


# --- Shape -------------------------------------------------------------------------------


def test_deterministic_for_a_seed_and_different_for_another():
    first = synthetic.generate(first_year=2024, last_year=2025, children=60, seed=5)
    again = synthetic.generate(first_year=2024, last_year=2025, children=60, seed=5)
    other = synthetic.generate(first_year=2024, last_year=2025, children=60, seed=6)
    for year in first:
        for table in first[year]:
            pd.testing.assert_frame_equal(first[year][table], again[year][table])
    assert not first[2025]["Episodes"].equals(other[2025]["Episodes"])


def test_one_folder_per_year_with_every_table_and_the_exact_903_header_rows(sim, written):
    assert sorted(p.name for p in written.iterdir()) == [str(y) for y in range(FIRST, LAST + 1)]
    for year in range(FIRST, LAST + 1):
        folder = written / str(year)
        assert sorted(p.name for p in folder.iterdir()) == sorted(synthetic.FILE_NAMES.values())
        for table, name in synthetic.FILE_NAMES.items():
            first_line = (folder / name).read_text(encoding="utf-8").splitlines()[0]
            assert first_line == ",".join(synthetic.COLUMNS[table])


def test_columns_match_the_readers_table_definitions():
    tables = pytest.importorskip("placements.cohort.ssda903.tables")
    for name, columns in synthetic.COLUMNS.items():
        assert tuple(tables.TABLES[name].columns) == columns


def test_every_value_is_a_string_and_dates_are_dd_mm_yyyy(sim):
    date_columns = {"DOB", "MC_DOB", "DECOM", "DEC", "DUC", "MIS_START", "MIS_END", "REVIEW",
                    "DATE_INT", "DATE_MATCH", "DATE_PLACED", "DATE_PLACED_CEASED"}  # fmt: skip
    for tables in sim.returns.values():
        for frame in tables.values():
            for column in frame.columns:
                values = frame[column]
                assert values.map(type).eq(str).all(), column
                if column in date_columns:
                    assert values[values != ""].str.fullmatch(r"\d\d/\d\d/\d{4}").all(), column


# --- Behaving like real returns -----------------------------------------------------------


def test_each_return_holds_exactly_the_episodes_open_during_its_year(sim):
    episodes = all_episodes(sim)
    for year, group in episodes.groupby("YEAR"):
        start, end = pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)
        assert (group["DECOM_D"] <= end).all()
        assert (group["DEC_D"].isna() | (group["DEC_D"] >= start)).all()
        # Nothing ends after the year it is reported in; open episodes have no REC.
        assert (group["DEC_D"].dropna() <= end).all()
        assert (group.loc[group["DEC"] == "", "REC"] == "").all()
        assert (group.loc[group["DEC"] != "", "REC"] != "").all()


def test_episodes_open_at_year_end_reappear_in_the_next_return_and_close_later(sim):
    episodes = all_episodes(sim)
    closed_next_year = 0
    for year in range(FIRST, LAST):
        open_now = episodes[(episodes["YEAR"] == year) & (episodes["DEC"] == "")]
        following = episodes[episodes["YEAR"] == year + 1].set_index(["CHILD", "DECOM"])
        assert len(open_now) > 20
        for child, decom in zip(open_now["CHILD"], open_now["DECOM"], strict=True):
            assert (child, decom) in following.index, (year, child, decom)
            if following.loc[(child, decom), "DEC"] != "":
                closed_next_year += 1
    assert closed_next_year > 20


def test_some_carried_over_episodes_are_corrected_in_the_later_return(sim):
    episodes = all_episodes(sim)
    columns = ["PLACE_PROVIDER", "URN", "PL_POST", "CIN"]
    changed = 0
    for year in range(FIRST, LAST):
        now = episodes[(episodes["YEAR"] == year) & (episodes["DEC"] == "")]
        later = episodes[episodes["YEAR"] == year + 1]
        pairs = now.merge(later, on=["CHILD", "DECOM"], suffixes=("", "_later"))
        differ = np.zeros(len(pairs), dtype=bool)
        for column in columns:
            differ |= (pairs[column] != pairs[column + "_later"]).to_numpy()
        changed += int(differ.sum())
    assert changed == len(sim.corrections) > 0


def test_merging_the_returns_gives_back_the_simulated_history(sim, written):
    reader = _reader()
    if reader is None:
        pytest.skip("placements.cohort.ssda903.reader is not importable yet")
    merge = pytest.importorskip("placements.cohort.ssda903.merge")
    returns = {y: reader.read_return([written / str(y)], year=y).tables for y in sim.returns}
    merged = merge.merge_returns(returns)["Episodes"]
    truth = sim.episodes
    horizon = pd.Timestamp(LAST, 3, 31)
    expected = pd.DataFrame(
        {
            "CHILD": truth["CHILD"].astype(str),
            "DECOM": truth["decom"].to_numpy().astype("datetime64[D]").astype("datetime64[ns]"),
            "DEC": pd.to_datetime(
                np.where(truth["dec"] >= 0, truth["dec"], np.iinfo(np.int64).min).astype(
                    "datetime64[D]"
                )
            ),
            "LS": truth["ls"].astype(str),
            "CIN": truth["cin"].astype(str),
            "URN": truth["urn"].replace("", None),
        }
    )
    expected.loc[expected["DEC"] > horizon, "DEC"] = pd.NaT
    key = ["CHILD", "DECOM"]
    got = merged[["CHILD", "DECOM", "DEC", "LS", "CIN", "URN"]].sort_values(key)
    expected = expected.sort_values(key)
    assert len(got) == len(expected)
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True).astype(str), expected.reset_index(drop=True).astype(str)
    )


def test_no_episode_ends_before_it_starts_and_no_child_has_overlapping_episodes(sim):
    episodes = all_episodes(sim)
    assert (episodes["DEC_D"].isna() | (episodes["DEC_D"] >= episodes["DECOM_D"])).all()
    # Within a return, a child's episodes follow one another (DEC of one <= DECOM of next).
    for _, group in episodes.groupby("YEAR"):
        ordered = group.sort_values(["CHILD", "DECOM_D"])
        same_child = ordered["CHILD"].eq(ordered["CHILD"].shift())
        previous_end = ordered["DEC_D"].shift()
        overlap = same_child & (previous_end.isna() | (previous_end > ordered["DECOM_D"]))
        assert not overlap.any(), ordered[overlap | overlap.shift(-1, fill_value=False)]


def test_episodes_chain_contiguously_within_a_period_of_care(sim):
    truth = sim.episodes.sort_values(["child", "decom"]).reset_index(drop=True)
    previous = truth.shift()
    same_child = truth["child"].eq(previous["child"])
    continuing = same_child & (truth["rne"] != "S")
    # Every change (RNE P, L, T, U, B) follows an episode of the same child that ended that
    # day with X1; the first episode seen may have started before the first year.
    linked = (previous["dec"] == truth["decom"]) & (previous["rec"] == "X1")
    assert linked[continuing].all()
    started = same_child & (truth["rne"] == "S")
    assert (previous.loc[started, "rec"] != "X1").all()
    assert set(truth["rne"]) <= {"S", "P", "L", "T", "U", "B"}
    assert {"S", "P", "L", "U"} <= set(truth["rne"])


def test_temporary_placements_are_followed_by_a_return_to_the_same_carer(sim):
    truth = sim.episodes.sort_values(["child", "decom"]).reset_index(drop=True)
    is_temporary = truth["place"].str.match(r"T[0-4]$").to_numpy()
    returns = 0
    i = 0
    while i < len(truth):
        if not is_temporary[i]:
            i += 1
            continue
        end = i
        while end + 1 < len(truth) and is_temporary[end + 1]:
            end += 1  # a legal status can change during a temporary placement
        child = truth.at[i, "child"]
        if (
            i > 0
            and end + 1 < len(truth)
            and {truth.at[i - 1, "child"], truth.at[end + 1, "child"]} == {child}
        ):
            before, after = truth.loc[i - 1], truth.loc[end + 1]
            assert (before["urn"], before["post"]) == (after["urn"], after["post"])
            returns += 1
        i = end + 1
    assert returns > 0


# --- Year-by-year coding -------------------------------------------------------------------


def test_sex_is_1_2_before_2024_25_and_m_f_from_then(sim):
    for year, tables in sim.returns.items():
        expected = {"1", "2"} if year < 2025 else {"M", "F"}
        assert set(tables["Header"]["SEX"]) == expected
        assert set(tables["UASC"]["SEX"]) <= expected


def test_supported_accommodation_is_h5_p2_before_k3_and_z1_before_z11_z14(sim):
    seen: dict[int, set[str]] = {y: set(t["Episodes"]["PLACE"]) for y, t in sim.returns.items()}
    for year, places in seen.items():
        if year < 2025:
            assert "K3" not in places
        else:
            assert not places & {"H5", "P2"}
        if year < 2026:
            assert not places & {"Z11", "Z12", "Z13", "Z14"}
        else:
            assert "Z1" not in places
    assert "H5" in set().union(*(seen[y] for y in range(FIRST, 2025)))
    assert "K3" in seen[2025] | seen[2026]


def test_place_codes_are_rendered_for_the_year():
    coding = synthetic._Coding(sex_mf_from=2025, k3_from=2025, z1x_from=2026)
    place = np.array(["H5", "P2", "Z1", "Z1", "U4"], dtype=object)
    zsub = np.array([0, 0, 1, 4, 0])
    assert list(synthetic._place_codes(place, zsub, 2024, coding)) == list(place)
    assert list(synthetic._place_codes(place, zsub, 2025, coding)) == [
        "K3", "K3", "Z1", "Z1", "U4"
    ]  # fmt: skip
    assert list(synthetic._place_codes(place, zsub, 2026, coding)) == [
        "K3", "K3", "Z11", "Z14", "U4"
    ]  # fmt: skip


def test_every_code_is_valid_for_its_year(sim):
    codes = pytest.importorskip("placements.cohort.ssda903.codes")
    fields = ["RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "REC", "REASON_PLACE_CHANGE"]
    for year, tables in sim.returns.items():
        for field in fields:
            values = set(tables["Episodes"][field]) - {""}
            assert values <= codes.valid_codes(field, year), (year, field)
        assert set(tables["Header"]["ETHNIC"]) <= codes.valid_codes("ETHNIC", year)


# --- The tables around the episodes ----------------------------------------------------------


def test_uasc_children_have_uasc_rows_ending_on_their_18th_birthday(sim):
    kids = sim.children.set_index("CHILD")
    uasc_ids = set(kids.index[kids["UASC"]])
    found = 0
    for tables in sim.returns.values():
        header, uasc = tables["Header"], tables["UASC"]
        expected = set(header["CHILD"]) & uasc_ids
        assert set(uasc["CHILD"]) == expected
        birthdays = dates(uasc["DOB"]) + pd.DateOffset(years=18)
        assert (dates(uasc["DUC"]) <= birthdays).all()
        assert (dates(uasc["DUC"]) == birthdays).mean() >= 0.75  # E15: age assessed
        found += len(uasc)
    assert found > 0
    uasc_kids = kids[kids["UASC"]]
    assert (uasc_kids["SEX"] == "M").mean() > 0.8


def test_every_child_in_a_table_has_a_header_row(sim):
    for tables in sim.returns.values():
        header = set(tables["Header"]["CHILD"])
        for name in ("Episodes", "UASC", "OC3", "Missing", "AD1", "PlacedAdoption", "Reviews"):
            assert set(tables[name]["CHILD"]) <= header, name


def test_care_leavers_are_17_to_21_with_valid_outcomes(sim):
    rows = 0
    for year, tables in sim.returns.items():
        oc3 = tables["OC3"]
        age = (pd.Timestamp(year, 3, 31) - dates(oc3["DOB"])).dt.days / 365.25
        assert ((age >= 17) & (age < 22)).all()
        assert set(oc3["IN_TOUCH"]) <= {"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"}
        in_touch = oc3["IN_TOUCH"] == "YES"
        assert oc3.loc[in_touch, "ACCOM"].str.fullmatch(r"[A-Z][12]").all()
        assert oc3.loc[in_touch, "ACTIV"].str.fullmatch(r"[FPG][1-6]").all()
        rows += len(oc3)
    assert rows > 0


def test_adoption_rows_match_adoptions_in_the_year(sim):
    for tables in sim.returns.values():
        episodes = tables["Episodes"]
        adopted = set(episodes.loc[episodes["REC"].isin(["E11", "E12"]), "CHILD"])
        assert set(tables["AD1"]["CHILD"]) == adopted
        ad1 = tables["AD1"]
        assert (dates(ad1["DATE_INT"]) <= dates(ad1["DATE_MATCH"])).all()
        assert set(tables["AD1"]["SEX_ADOPTR"]) <= {"M1", "F1", "MM", "FF", "MF"}
        assert set(tables["PlacedAdoption"]["REASON_PLACED_CEASED"]) <= {"", "RD1", "RD2",
                                                                         "RD3", "RD4"}  # fmt: skip


def test_missing_and_reviews_fall_inside_their_year(sim):
    for year, tables in sim.returns.items():
        start, end = pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)
        missing, reviews = tables["Missing"], tables["Reviews"]
        assert dates(missing["MIS_START"]).between(start, end).all()
        assert dates(missing["MIS_END"]).between(start, end).all()
        assert dates(reviews["REVIEW"]).between(start, end).all()
        assert set(missing["MISSING"]) <= {"M", "A"}


# --- Realism -------------------------------------------------------------------------------


def test_postcodes_are_real_homes_in_the_council_and_placements_mostly_near(sim):
    episodes = all_episodes(sim)
    homes = pd.Series(episodes["HOME_POST"].replace("", None).dropna().unique())
    placed = pd.Series(episodes["PL_POST"].replace("", None).dropna().unique())
    home_districts = district_of(homes)
    placed_districts = district_of(placed)
    assert home_districts.notna().all()
    assert placed_districts.notna().all()
    assert (home_districts == synthetic.DEFAULT_LA).all()
    local = (district_of(episodes["PL_POST"].replace("", None).dropna()) == "E08000031").mean()
    assert 0.5 < local < 0.85


def test_stock_on_31_march_is_plausible_per_10000(sim):
    episodes = all_episodes(sim)
    episodes = episodes[~episodes["LS"].isin(["V3", "V4"])]
    for year in range(FIRST, LAST + 1):
        d = pd.Timestamp(year, 3, 31)
        latest = episodes[episodes["YEAR"] == year]
        open_on = (latest["DECOM_D"] <= d) & (latest["DEC_D"].isna() | (latest["DEC_D"] > d))
        stock = latest.loc[open_on, "CHILD"].nunique()
        rate = stock / sim.population * 10_000
        assert 50 <= rate <= 120, (year, stock, rate)


def test_distinct_children_match_the_request(sim):
    episodes = all_episodes(sim)
    looked_after = episodes.loc[~episodes["LS"].isin(["V3", "V4"]), "CHILD"].nunique()
    assert looked_after == CHILDREN


def test_provider_pool_is_fixed_and_used(sim):
    assert len(synthetic.PROVIDER_URNS) == 60
    assert all(len(urn) == 7 and urn.isdigit() for urn in synthetic.PROVIDER_URNS)
    assert {"childrens_home", "ifa", "supported_accommodation"} <= set(
        synthetic.PROVIDER_URNS.values()
    )
    episodes = all_episodes(sim)
    urns = set(episodes["URN"]) - {"", synthetic.URN_PLACEHOLDER}
    assert urns <= set(synthetic.PROVIDER_URNS)
    homes = episodes[episodes["PLACE"] == "K2"]
    # Blank only where a first return had not recorded it yet (corrected the next year).
    assert homes["URN"].isin([*synthetic.PROVIDER_URNS, ""]).all()
    assert (homes["URN"] != "").mean() > 0.95
    sites = synthetic.provider_locations()
    fixed = sites[sites["band"] != "agency"]
    for urn, postcode in zip(fixed["urn"], fixed["postcode"], strict=True):
        used = homes.loc[(homes["URN"] == urn) & (homes["PL_POST"] != ""), "PL_POST"]
        assert set(used) <= {postcode}


# --- Reading it back -------------------------------------------------------------------------


def test_the_reader_reads_every_year_without_problems(sim, written):
    reader = _reader()
    if reader is None:
        pytest.skip("placements.cohort.ssda903.reader is not importable yet")
    for year in sim.returns:
        result = reader.read_return([written / str(year)], year=year)
        assert result.errors == [], result.errors[:5]
        assert result.warnings == [], result.warnings[:5]
        assert len(result.tables["Episodes"]) == len(sim.returns[year]["Episodes"])


def test_xml_output_reads_the_same_as_csv(sim, tmp_path):
    reader = _reader()
    if reader is None:
        pytest.skip("placements.cohort.ssda903.reader is not importable yet")
    returns = {y: sim.returns[y] for y in (2024, 2025)}
    synthetic.write_returns(returns, tmp_path / "xml", fmt="xml")
    synthetic.write_returns(returns, tmp_path / "csv")
    for year in returns:
        from_xml = reader.read_return([tmp_path / "xml" / str(year)], year=year)
        from_csv = reader.read_return([tmp_path / "csv" / str(year)], year=year)
        assert from_xml.problems == []
        for table, frame in from_csv.tables.items():
            columns = list(synthetic.COLUMNS[table])
            xml = from_xml.get(table)[columns].sort_values(columns).reset_index(drop=True)
            csv = frame[columns].sort_values(columns).reset_index(drop=True)
            pd.testing.assert_frame_equal(xml, csv, check_dtype=False, obj=table)


def test_management_command_writes_the_years(tmp_path):
    call_command(
        "generate_903", str(tmp_path), "--years", "2024-2025", "--children", "40", "--seed", "3"
    )
    for year in (2024, 2025):
        files = sorted(p.name for p in (tmp_path / str(year)).iterdir())
        assert files == sorted(synthetic.FILE_NAMES.values())


def test_management_command_rejects_bad_years(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_903", str(tmp_path), "--years", "2025-2020")
    with pytest.raises(CommandError):
        call_command("generate_903", str(tmp_path), "--years", "last year")
