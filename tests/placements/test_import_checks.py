"""An import an analyst can trust: the preview before replacing a year, refusals, the checks of
a return against its collection year, and every unreadable file reported at once."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.urls import reverse

from placements.cohort.models import ImportProblem, Return
from placements.cohort.selectors import headline_measures
from placements.cohort.services import accept_return
from placements.cohort.validation import YearChecks, _duplicates, year_named_in
from sufficiency.councils import LocalAuthority
from tests.html import text_of
from tests.placements.returns import episodes, header, load, saved

HEADER = header("1,1,01/06/2010,WBRI,A1,,", "2,2,15/01/2008,BAFR,A2,,", "3,1,2007-09-09,AIND,A3,,")
# 2024-25: three children start care in the year and are still in care on 31 March 2025.
GOOD_2025 = episodes(
    "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "2,01/06/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "3,01/07/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
)
# The same year again: child 2 now leaves care on 1 December 2024 (E11, adopted), and child 3's
# row has an impossible start date so it is rejected: 1 of the 3 episodes, not most of them.
PARTIAL_2025 = episodes(
    "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "2,01/06/2024,S,C2,N1,U1,PR1,01/12/2024,E11,,WV1 1AA,WV1 1AA,",
    "3,31/02/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
)


@pytest.fixture
def wolverhampton(db) -> LocalAuthority:
    return LocalAuthority.objects.create(name="Wolverhampton", code="E08000031")


def warnings_of(result: Return) -> list[ImportProblem]:
    return list(result.problems.filter(severity="warning"))


def figures(la, on: str) -> dict:
    result = headline_measures(la=la, on=date.fromisoformat(on))
    return {key: result[key] for key in ("cla", "started", "ceased")}


def test_a_return_replacing_a_year_waits_for_its_preview_and_its_figures_come_true(wolverhampton):
    first = load(wolverhampton, 2025, HEADER, GOOD_2025)
    assert figures(wolverhampton, "2025-03-31") == {"cla": 3, "started": 3, "ceased": 0}

    second = load(wolverhampton, 2025, HEADER, PARTIAL_2025)
    assert second.status == Return.Status.PREVIEW
    # Nothing changed: the first import is still in use, with its 3 episodes.
    first.refresh_from_db()
    assert first.status == Return.Status.IMPORTED
    assert len(saved("Episodes", la=wolverhampton)) == 3
    assert saved("Episodes", pk=second.pk).empty
    assert figures(wolverhampton, "2025-03-31") == {"cla": 3, "started": 3, "ceased": 0}
    # The preview: 2 episodes kept, 1 rejected; at 31 March 2025 today's 3 in care, 3 started,
    # 0 ceased become 1 in care (child 1; child 2 has left, child 3 has no episode), 2 started
    # (children 1 and 2) and 1 ceased (child 2).
    assert second.preview["tables"]["Episodes"] == {"kept": 2, "rejected": 1}
    assert second.preview["before"]["2025-03-31"] == {"cla": 3, "started": 3, "ceased": 0}
    assert second.preview["after"]["2025-03-31"] == {"cla": 1, "started": 2, "ceased": 1}

    accepted = accept_return(second)
    assert accepted.status == Return.Status.IMPORTED
    first.refresh_from_db()
    assert first.status == Return.Status.REPLACED
    # The figures after are the figures the preview showed, at both dates.
    for on, expected in second.preview["after"].items():
        assert figures(wolverhampton, on) == expected


def test_the_return_page_shows_the_preview_and_accepting_it_replaces_the_year(client_for, la):
    load(la, 2025, HEADER, GOOD_2025)
    second = load(la, 2025, HEADER, PARTIAL_2025)
    client = client_for("analyst")
    page = client.get(reverse("data:return", kwargs={"la_code": la.code, "pk": second.pk}))
    html = page.content.decode()
    assert text_of(html, '[data-figure="cla-2025-03-31-now"]') == "3"
    assert text_of(html, '[data-figure="cla-2025-03-31-after"]') == "1"
    assert text_of(html, '[data-table-rejected="Episodes"]') == "1"
    assert 'id="accept-preview"' in html
    client.post(reverse("data:return_accept", kwargs={"la_code": la.code, "pk": second.pk}))
    second.refresh_from_db()
    assert second.status == Return.Status.IMPORTED


def test_import_903_replaces_a_year_only_with_yes(db, tmp_path, capsys):
    good, partial = tmp_path / "good", tmp_path / "partial"
    for folder, files in ((good, (HEADER, GOOD_2025)), (partial, (HEADER, PARTIAL_2025))):
        folder.mkdir()
        for name, data in files:
            (folder / name).write_bytes(data)
    call_command("import_903", "--la", "E08000031", "--year", "2025", str(good))
    with pytest.raises(SystemExit) as refused:
        call_command("import_903", "--la", "E08000031", "--year", "2025", str(partial))
    assert refused.value.code != 0
    assert "--yes" in capsys.readouterr().err
    la = LocalAuthority.objects.get(code="E08000031")
    assert figures(la, "2025-03-31") == {"cla": 3, "started": 3, "ceased": 0}
    call_command("import_903", "--la", "E08000031", "--year", "2025", "--yes", str(partial))
    assert figures(la, "2025-03-31") == {"cla": 1, "started": 2, "ceased": 1}


def test_a_mostly_rejected_return_is_refused_even_when_accepted(wolverhampton, tmp_path):
    load(wolverhampton, 2025, HEADER, GOOD_2025)
    # 2 of the 3 episodes have no start date that can be read: most of a required table.
    bad = episodes(
        "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "2,32/06/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "3,yesterday,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    )
    result = load(wolverhampton, 2025, HEADER, bad, accept=True)
    assert result.status == Return.Status.FAILED
    assert "2 of the 3 rows of the Episodes table were rejected" in result.error
    assert len(saved("Episodes", la=wolverhampton)) == 3
    folder = tmp_path / "bad"
    folder.mkdir()
    for name, data in (HEADER, bad):
        (folder / name).write_bytes(data)
    with pytest.raises(SystemExit) as refused:
        call_command("import_903", "--la", "E08000031", "--year", "2025", "--yes", str(folder))
    assert refused.value.code != 0


def test_a_return_loaded_as_the_wrong_year_is_refused(wolverhampton):
    # 2024-25's episodes loaded as 2023-24 (1 April 2023 to 31 March 2024): all three start
    # after that year ends.
    result = load(wolverhampton, 2024, HEADER, GOOD_2025)
    assert result.status == Return.Status.FAILED
    assert result.error.startswith("3 of the 3 episodes lie outside 2023-24")
    assert "in 2024-25" in result.error
    assert saved("Episodes", la=wolverhampton).empty


def test_a_few_episodes_outside_the_year_are_named(wolverhampton):
    # One of three episodes ended on 1 March 2024, before 2024-25 began.
    some_outside = episodes(
        "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "2,01/06/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "3,01/07/2023,S,C2,N1,U1,PR1,01/03/2024,E11,,WV1 1AA,WV1 1AA,",
    )
    result = load(wolverhampton, 2025, HEADER, some_outside)
    assert result.status == Return.Status.IMPORTED
    found = [(p.file, p.row, p.column, p.value) for p in warnings_of(result)]
    assert ("episodes.csv", 4, "DEC", "01/03/2024") in found


def test_two_years_files_in_one_upload_are_refused_naming_each_years_files(wolverhampton):
    earlier = episodes(
        "1,01/05/2023,S,C2,N1,U1,PR1,01/06/2023,E11,,WV1 1AA,WV1 1AA,",
        "2,01/06/2023,S,C2,N1,U1,PR1,01/02/2024,E11,,WV1 1AA,WV1 1AA,",
        name="episodes-2024.csv",
    )
    later = episodes(
        "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "2,01/06/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "3,01/07/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        name="episodes-2025.csv",
    )
    result = load(wolverhampton, 2025, HEADER, earlier, later)
    assert result.status == Return.Status.FAILED
    assert (
        "(2023-24: episodes-2024.csv; 2024-25: episodes-2025.csv). Load each year's files"
        in result.error
    )


def test_a_file_name_naming_another_year_is_pointed_out(wolverhampton):
    named = ("903_Header_2022-23.csv", HEADER[1])
    result = load(wolverhampton, 2025, named, GOOD_2025)
    assert result.status == Return.Status.IMPORTED
    [warning] = [p for p in warnings_of(result) if p.file == "903_Header_2022-23.csv"]
    assert warning.reason == ("the file name names 2022-23, but the return is loaded as 2024-25")
    assert year_named_in("ssda903_2019_20_episodes.csv") == 2020
    assert year_named_in("episodes-2024.csv") is None  # a lone year is start or end: unsaid


def test_future_and_after_the_year_dates_are_warnings(wolverhampton):
    # Child 2's episode ends on 1 April 2035: in the future (the test runs before 2035).
    dated = episodes(
        "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "2,01/06/2024,S,C2,N1,U1,PR1,01/04/2035,E11,,WV1 1AA,WV1 1AA,",
        "3,01/07/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    )
    result = load(wolverhampton, 2025, HEADER, dated)
    found = {(p.file, p.row, p.column): p.reason for p in warnings_of(result)}
    assert found[("episodes.csv", 3, "DEC")] == "the date is in the future"


def test_truncated_overlapping_and_duplicate_rows_are_warnings(wolverhampton):
    rows = episodes(
        "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        # Child 1 again from 1 August 2024 while the episode above is still open.
        "1,01/08/2024,P,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "2,01/06/2024,S,C2,N1,U1,PR1",  # cut short after PLACE_PROVIDER: 7 of 13 values
        "3,01/07/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "3,01/07/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",  # the row above again
    )
    result = load(wolverhampton, 2025, HEADER, rows)
    found = {(p.row, p.column): p.reason for p in warnings_of(result)}
    assert found[(3, "DECOM")] == (
        "the episode starts before child 1's previous episode (row 2) ends; the episodes overlap"
    )
    assert found[(4, "DEC")] == (
        "the row has 7 of the header's 13 values (it may be cut short); the missing values "
        "were left blank"
    )
    assert found[(6, None) if (6, None) in found else (6, "")] == (
        "the row repeats row 5 of the Episodes table exactly"
    )


def test_only_rows_repeating_every_value_are_duplicates():
    """Rows sharing a child and dates but differing elsewhere are not repeats; a row repeated
    twice names the first each time; a blank child or date repeats like any value."""
    frame = pd.DataFrame(
        {
            "CHILD": ["1", "1", "2", "1", "2", np.nan, np.nan, "1"],
            "DECOM": pd.to_datetime(
                [
                    "2024-05-01",
                    "2024-05-01",
                    "2024-06-01",
                    "2024-05-01",
                    "2024-06-01",
                    None,
                    None,
                    "2024-05-01",
                ]
            ),  # fmt: skip
            "PLACE": ["U1", "U4", "K2", "U1", "K2", "U1", "U1", "U1"],
            "_file": "episodes.csv",
            "_row": [2, 3, 4, 5, 6, 7, 8, 9],
        }
    )
    result = YearChecks()
    _duplicates("Episodes", frame, result)
    # Row 3 shares child 1's start date with row 2 but not its PLACE: not a repeat.
    assert [(p.row, p.reason) for p in result.problems] == [
        (5, "the row repeats row 2 of the Episodes table exactly"),
        (6, "the row repeats row 4 of the Episodes table exactly"),
        (8, "the row repeats row 7 of the Episodes table exactly"),
        (9, "the row repeats row 2 of the Episodes table exactly"),
    ]


def test_every_unreadable_file_is_listed_with_a_hint(wolverhampton, client_for, la):
    semicolons = ("header.csv", b"CHILD;SEX;DOB\r\n1;1;01/06/2010\r\n")
    spreadsheet = ("episodes.xlsx", b"PK\x03\x04 not really a workbook")
    result = load(la, 2025, semicolons, spreadsheet)
    assert result.status == Return.Status.FAILED
    assert result.error.startswith("2 files could not be read")
    reasons = {p.file: p.reason for p in result.problems.filter(severity="error")}
    assert "separated by semicolons" in reasons["header.csv"]
    assert "save each sheet as a CSV file" in reasons["episodes.xlsx"]
    page = client_for("analyst").get(
        reverse("data:return", kwargs={"la_code": la.code, "pk": result.pk})
    )
    assert "No problems were found" not in page.content.decode()
