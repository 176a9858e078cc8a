"""Importing returns into the database: errors, replacement, merging, and the commands."""

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command

from placements.cohort.models import ImportProblem, Return, ReturnTable
from placements.cohort.selectors import headline_measures
from sufficiency.councils import LocalAuthority, Population
from tests.factories import LocalAuthorityFactory, PopulationFactory
from tests.placements.returns import episodes, header, load, oc3, saved, uasc

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "data" / "external" / "cs-demand-model-samples"

# Wolverhampton (E08000031) postcodes: WV1 1AA is in the city, B1 1AA in Birmingham 11.8 miles
# away, LS1 1AA in Leeds about 80 miles away.
GOOD_HEADER = header(
    "1,1,01/06/2010,WBRI,A1,,",
    "2,2,15/01/2008,BAFR,A2,,",
    "3,1,2007-09-09,AIND,A3,,",
)
GOOD_EPISODES = episodes(
    "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "2,01/06/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,1234567",
    "3,01/07/2024,S,V2,N1,U4,PR4,,,,WV1 1AA,B1 1AA,",
)


@pytest.fixture
def wolverhampton(db) -> LocalAuthority:
    return LocalAuthorityFactory(name="Wolverhampton", code="E08000031")


def test_good_return_is_imported_with_distance_and_area(wolverhampton):
    result = load(wolverhampton, 2025, GOOD_HEADER, GOOD_EPISODES, uasc("3,1,2007-09-09,"))
    assert result.status == Return.Status.IMPORTED
    assert (result.rows_read, result.rows_imported, result.rows_rejected) == (7, 7, 0)
    assert result.table_counts == {"Header": 3, "Episodes": 3, "UASC": 1}
    placed = saved("Episodes", pk=result.pk).set_index("CHILD")
    assert placed.loc["1", "DISTANCE"] == 0.0 and placed.loc["1", "PLACED_IN_AREA"]
    assert placed.loc["3", "DISTANCE"] == pytest.approx(11.8, abs=0.2)
    assert not placed.loc["3", "PLACED_IN_AREA"]
    assert placed.loc["2", "DISTANCE"] > 20 and not placed.loc["2", "PLACED_IN_AREA"]
    # Where each row was in the files, for anyone checking a figure against them.
    assert placed["_file"].tolist() == ["episodes.csv"] * 3
    assert placed["_row"].tolist() == [2, 3, 4]
    assert len(saved("UASC", pk=result.pk)) == 1
    # Files are kept so the import can be inspected and run again.
    assert sorted(f.name for f in result.files.all()) == ["episodes.csv", "header.csv", "uasc.csv"]


def test_deleting_a_council_deletes_its_rows(wolverhampton):
    missing = ("missing.csv", b"CHILD,DOB,MISSING,MIS_START,MIS_END\r\n1,01/06/2010,M,,\r\n")
    load(wolverhampton, 2025, GOOD_HEADER, GOOD_EPISODES, uasc("3,1,2007-09-09,"),
         oc3("2,15/01/2008,YES,F1,B1"), missing)  # fmt: skip
    other = LocalAuthorityFactory(name="Walsall", code="E08000030")
    load(other, 2025, GOOD_HEADER, GOOD_EPISODES)
    tables = ReturnTable.objects.filter(return_obj__la=wolverhampton)
    assert sorted(tables.values_list("table", flat=True)) == [
        "Episodes", "Header", "Missing", "OC3", "UASC"
    ]  # fmt: skip
    wolverhampton.delete()
    assert sorted(ReturnTable.objects.values_list("table", flat=True)) == ["Episodes", "Header"]
    assert len(saved("Episodes", la=other)) == 3


def test_bad_rows_are_rejected_and_listed_and_the_rest_imported(wolverhampton):
    bad_episodes = episodes(
        "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "2,31/02/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,",  # no 31 February
        "3,01/07/2024,S,C2,N1,U4,PR4,01/06/2024,E11,,WV1 1AA,B1 1AA,",  # ends before it starts
        ",01/07/2024,S,C2,N1,U4,PR4,,,,WV1 1AA,B1 1AA,",  # no CHILD
        "9,01/07/2024,S,C2,N1,U4,PR4,,,,WV1 1AA,B1 1AA,",  # no header row for child 9
        # Five good rows in all, so fewer than half the episodes are rejected (more would
        # refuse the whole return).
        *[f"{child},01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA," for child in (4, 5, 6, 7)],
    )
    more_header = header(
        "1,1,01/06/2010,WBRI,A1,,", "2,2,15/01/2008,BAFR,A2,,", "3,1,2007-09-09,AIND,A3,,",
        *[f"{child},1,01/06/2010,WBRI,A{child},," for child in (4, 5, 6, 7)],
    )  # fmt: skip
    result = load(wolverhampton, 2025, more_header, bad_episodes)
    assert result.status == Return.Status.IMPORTED
    assert result.table_counts["Episodes"] == 5
    assert result.rows_rejected == 4
    errors = list(ImportProblem.objects.filter(return_obj=result, severity="error"))
    found = {(p.file, p.row, p.column, p.value) for p in errors}
    assert ("episodes.csv", 3, "DECOM", "31/02/2024") in found
    assert ("episodes.csv", 4, "DEC", "01/06/2024") in found
    assert ("episodes.csv", 5, "CHILD", "") in found
    assert ("episodes.csv", 6, "CHILD", "9") in found
    assert all(p.reason for p in errors)


def test_unreadable_file_changes_nothing(wolverhampton):
    first = load(wolverhampton, 2025, GOOD_HEADER, GOOD_EPISODES)
    broken = ("episodes.csv", b"CHILD,DECOM,PLACE\r\n1,01/05/2024,U1\r\n")
    second = load(wolverhampton, 2025, GOOD_HEADER, broken)
    assert second.status == Return.Status.FAILED
    assert "episodes.csv" in second.error and "RNE" in second.error
    # The earlier import of the year is untouched and still the one in use.
    first.refresh_from_db()
    assert first.status == Return.Status.IMPORTED
    assert len(saved("Episodes", la=wolverhampton)) == 3
    assert saved("Episodes", pk=second.pk).empty


def test_reimporting_a_year_replaces_it(wolverhampton):
    first = load(wolverhampton, 2025, GOOD_HEADER, GOOD_EPISODES)
    second = load(
        wolverhampton,
        2025,
        GOOD_HEADER,
        episodes("1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,"),
        accept=True,
    )
    first.refresh_from_db()
    assert first.status == Return.Status.REPLACED
    assert second.status == Return.Status.IMPORTED
    assert len(saved("Episodes", la=wolverhampton)) == 1
    assert saved("Episodes", pk=first.pk).empty  # the replaced return's rows went
    assert first.files.count() == 2  # the replaced import's files are still kept


def test_return_with_no_usable_row_fails(wolverhampton):
    result = load(wolverhampton, 2025, header("1,1,not a date,WBRI,,,"))
    assert result.status == Return.Status.FAILED
    assert "No row could be imported" in result.error
    assert not ReturnTable.objects.exists()


def test_merge_is_the_same_whatever_the_import_order(db):
    # 2024: child 1 enters on 1 May 2023, still open on 31 March 2024.
    # 2025: the same episode again, closed on 30 June 2024 (the later return is authoritative).
    year_2024 = (
        header("1,1,01/06/2010,WBRI,,,"),
        episodes("1,01/05/2023,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,"),
    )
    year_2025 = (
        header("1,1,01/06/2010,WBRI,,,"),
        episodes("1,01/05/2023,S,C2,N1,U1,PR1,30/06/2024,E11,,WV1 1AA,WV1 1AA,"),
    )
    forwards = LocalAuthorityFactory(name="A", code="E06000001")
    backwards = LocalAuthorityFactory(name="B", code="E06000002")
    load(forwards, 2024, *year_2024)
    load(forwards, 2025, *year_2025)
    load(backwards, 2025, *year_2025)
    load(backwards, 2024, *year_2024)

    for la in (forwards, backwards):
        at_year_end = headline_measures(la=la, on=date(2025, 3, 31))
        # Ceased on 30 June 2024 (inside 2024-25), so not looked after on 31 March 2025.
        assert at_year_end["cla"] == 0
        assert at_year_end["ceased"] == 1
        assert headline_measures(la=la, on=date(2024, 3, 31))["cla"] == 1


def test_other_tables_are_kept(wolverhampton):
    missing = (
        "missing.csv",
        b"CHILD,DOB,MISSING,MIS_START,MIS_END\r\n1,01/06/2010,M,01/08/2024,03/08/2024\r\n",
    )
    load(wolverhampton, 2025, GOOD_HEADER, GOOD_EPISODES, missing, oc3("2,15/01/2008,YES,F1,B1"))
    [row] = saved("Missing", la=wolverhampton).to_dict("records")
    assert row["CHILD"] == "1" and row["MISSING"] == "M"
    assert row["MIS_START"] == pd.Timestamp(2024, 8, 1) and row["MIS_END"] == pd.Timestamp(
        2024, 8, 3
    )
    assert (row["_file"], row["_row"]) == ("missing.csv", 2)


def test_import_903_command_creates_the_council_and_prints_a_summary(db, tmp_path, capsys):
    for name, data in (GOOD_HEADER, GOOD_EPISODES):
        (tmp_path / name).write_bytes(data)
    call_command("import_903", "--la", "E08000031", "--year", "2025", str(tmp_path))
    out = capsys.readouterr().out
    assert "Imported:      6" in out and "Rejected:      0" in out
    la = LocalAuthority.objects.get(code="E08000031")
    # Wolverhampton's published ONS estimate for mid-2024 (68,405) serves 2025.
    assert Population.objects.get(la=la, year=2025).children == 68405


def test_import_903_exits_non_zero_when_nothing_imports(db, tmp_path, capsys):
    (tmp_path / "header.csv").write_text("CHILD,SEX,DOB\n1,1,not a date\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_903", "--la", "E06000003", "--year", "2025", str(tmp_path))
    assert exit_.value.code != 0
    captured = capsys.readouterr()
    assert "Nothing could be imported" in captured.err
    assert "Rejected:      1" in captured.out


def test_measures_command_prints_the_contract_json(wolverhampton, capsys):
    load(wolverhampton, 2025, GOOD_HEADER, GOOD_EPISODES)
    PopulationFactory(la=wolverhampton, year=2025, children=10000)
    call_command("measures", "--la", "E08000031", "--date", "2025-03-31", "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert list(result) == [
        "la", "reference_date", "cla", "started", "ceased", "uasc", "rate_per_10k", "age_bands",
        "sex", "placement_mix", "three_plus_placements", "long_term_stability", "over_20_miles",
        "care_leavers", "started_rate_per_10k", "legal_status", "ethnicity", "placement_codes",
        "ceased_by_reason", "outside_area",
    ]  # fmt: skip
    # Three children, all entered in 2024-25 and still in care: 3 per 10,000 children.
    assert result["cla"] == 3 and result["started"] == 3 and result["rate_per_10k"] == 3.0
    # Only Leeds (about 80 miles) is more than 20 miles away: 1 of 3 = 33.3%.
    assert result["over_20_miles"] == {
        "numerator": 1,
        "denominator": 3,
        "unknown": 0,
        "percent": 33.3,
    }
    call_command("measures", "--la", "E08000031", "--date", "2025-03-31", "--format", "text")
    assert "Children looked after" in capsys.readouterr().out


@pytest.mark.skipif(not SAMPLES.exists(), reason="shared/ is not beside the repository")
def test_every_sample_file_imports_with_its_warnings(db):
    la = LocalAuthority.objects.create(name="Samples", code="E09000998")
    for start in range(2017, 2022):
        files = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob(f"{start}-*.csv"))]
        result = load(la, start + 1, *files)
        assert result.status == Return.Status.IMPORTED, result.error
        assert result.rows_rejected == 0
        # The samples' postcodes are invented, so distances are unknown and say so.
        reasons = [p.reason for p in result.problems.filter(severity="warning")]
        assert any("not in the ONS Postcode Directory" in r for r in reasons)
    assert Return.objects.filter(la=la, status=Return.Status.IMPORTED).count() == 5
