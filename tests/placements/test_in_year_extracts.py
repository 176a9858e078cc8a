"""In-year SSDA903 extracts (ADR 0021): a return of a year not yet ended, as at its extract date.

The hand-made council: three children looked after on 31 March 2025 (2024-25 year-end return);
then 2025-26 extracts and the 2025-26 year-end return:

- child 1 in care since 1 May 2022; leaves on 1 February 2026 (only the year-end return says so)
- child 2 in care since 1 June 2023; leaves on 15 August 2025
- child 3 in care since 1 July 2024
- child 4 starts on 1 July 2025
- child 5 starts on 1 November 2025 (the extract to 31 December 2025 and the year-end return)
"""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils.datastructures import MultiValueDict

from placements.cohort import selectors
from placements.cohort.forms import ReturnUploadForm
from placements.cohort.models import ImportProblem, Return
from placements.cohort.services import accept_return
from reports import selectors as report_selectors
from tests.factories import LocalAuthorityFactory
from tests.placements.returns import episodes, header, load

HEADER = header(
    "1,M,01/06/2010,WBRI,,,", "2,F,15/01/2008,BAFR,,,", "3,M,09/09/2009,AIND,,,",
    "4,F,01/01/2015,WBRI,,,", "5,M,01/02/2016,WBRI,,,",
)  # fmt: skip
ONE = "1,01/05/2022,S,C2,N1,U1,PR1,{dec},{rec},,WV1 1AA,WV1 1AA,"
TWO = "2,01/06/2023,S,C2,N1,U1,PR1,{dec},{rec},,WV1 1AA,WV1 1AA,"
THREE = "3,01/07/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,"
FOUR = "4,01/07/2025,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,"
FIVE = "5,01/11/2025,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,"

YEAR_2025 = [HEADER, episodes(ONE.format(dec="", rec=""), TWO.format(dec="", rec=""), THREE)]
TO_SEPTEMBER = [
    HEADER,
    episodes(ONE.format(dec="", rec=""), TWO.format(dec="15/08/2025", rec="E4A"), THREE, FOUR),
]
TO_DECEMBER = [
    HEADER,
    episodes(
        ONE.format(dec="", rec=""), TWO.format(dec="15/08/2025", rec="E4A"), THREE, FOUR, FIVE
    ),
]
YEAR_2026 = [
    HEADER,
    episodes(
        ONE.format(dec="01/02/2026", rec="E4A"),
        TWO.format(dec="15/08/2025", rec="E4A"),
        THREE,
        FOUR,
        FIVE,
    ),  # fmt: skip
]


@pytest.fixture
def council(db):
    la = LocalAuthorityFactory(code="E08000031", name="Wolverhampton")
    load(la, 2025, *YEAR_2025)
    return la


def figures(la, on: date) -> tuple[int, int, int]:
    result = selectors.headline_measures(la=la, on=on)
    return result["cla"], result["started"], result["ceased"]


def test_an_extract_to_30_september_offers_june_and_september_and_not_december(council):
    extract = load(council, 2026, *TO_SEPTEMBER, as_at=date(2025, 9, 30))
    assert extract.status == Return.Status.IMPORTED
    assert extract.is_extract and extract.data_to == date(2025, 9, 30)
    assert extract.data_label == "2025-26 in-year extract, data as at 30 September 2025"
    data = selectors.cohort(la=council)
    assert data.last_day == date(2025, 9, 30)
    dates = selectors.reference_dates(data)
    assert date(2025, 6, 30) in dates and date(2025, 9, 30) in dates
    assert date(2025, 12, 31) not in dates and date(2026, 3, 31) not in dates
    assert dates[0] == selectors.default_reference_date(data) == date(2025, 9, 30)
    # On 30 June 2025: children 1, 2 and 3 (child 4 starts on 1 July).
    assert figures(council, date(2025, 6, 30))[0] == 3
    # On 30 September 2025: 1, 3 and 4; in the 12 months to then child 4 started and child 2
    # ceased (child 3 started on 1 July 2024, before 1 October 2024).
    assert figures(council, date(2025, 9, 30)) == (3, 1, 1)
    # The year-end figures before the extract are as they were.
    assert figures(council, date(2025, 3, 31))[0] == 3


def test_the_dashboard_says_the_data_ends_before_a_later_report_date(council):
    load(council, 2026, *TO_SEPTEMBER, as_at=date(2025, 9, 30))
    dash = report_selectors.dashboard(council, date(2025, 12, 31))
    assert dash.data_ends_before == date(2025, 9, 30)
    assert [s.on for s in dash.snapshots][-1] == date(2025, 9, 30)
    assert report_selectors.dashboard(council, date(2025, 9, 30)).data_ends_before is None


def test_a_later_extract_replaces_the_earlier_through_the_preview(council):
    first = load(council, 2026, *TO_SEPTEMBER, as_at=date(2025, 9, 30))
    later = load(council, 2026, *TO_DECEMBER, as_at=date(2025, 12, 31))
    assert later.status == Return.Status.PREVIEW  # nothing changed yet
    assert selectors.cohort(la=council).last_day == date(2025, 9, 30)
    # The preview: at 31 December 2025 nothing was known before; after, children 1, 3, 4, 5.
    assert later.preview["before"]["2025-12-31"] is None
    assert later.preview["after"]["2025-12-31"]["cla"] == 4
    assert later.preview["before"]["2025-09-30"]["cla"] == 3
    later = accept_return(later)
    first.refresh_from_db()
    assert (first.status, later.status) == (Return.Status.REPLACED, Return.Status.IMPORTED)
    data = selectors.cohort(la=council)
    assert data.last_day == date(2025, 12, 31)
    dates = selectors.reference_dates(data)
    assert date(2025, 12, 31) in dates and date(2026, 3, 31) not in dates
    assert figures(council, date(2025, 12, 31))[0] == 4


def test_the_year_end_return_replaces_the_last_extract(council):
    extract = load(council, 2026, *TO_DECEMBER, as_at=date(2025, 12, 31))
    year_end = load(council, 2026, *YEAR_2026)
    assert year_end.status == Return.Status.PREVIEW
    assert not year_end.is_extract and year_end.data_label == "2025-26"
    year_end = accept_return(year_end)
    extract.refresh_from_db()
    assert extract.status == Return.Status.REPLACED
    data = selectors.cohort(la=council)
    assert data.as_at is None and data.last_day == date(2026, 3, 31)
    assert selectors.default_reference_date(data) == date(2026, 3, 31)
    # On 31 March 2026: 3, 4 and 5 (child 1 left on 1 February 2026).
    assert figures(council, date(2026, 3, 31))[0] == 3


def test_an_extract_date_of_31_march_is_the_year_end_return(council):
    result = load(council, 2026, *YEAR_2026, as_at=date(2026, 3, 31))
    assert result.as_at is None and not result.is_extract


def test_a_date_after_the_extract_date_is_a_warning(council):
    after = [HEADER, episodes(ONE.format(dec="", rec=""), TWO.format(dec="15/10/2025", rec="E4A"),
                              THREE)]  # fmt: skip
    result = load(council, 2026, *after, as_at=date(2025, 9, 30))
    assert result.status == Return.Status.IMPORTED
    reasons = ImportProblem.objects.filter(return_obj=result, column="DEC").values_list(
        "reason", flat=True
    )
    assert "the date is after the extract's date (30 September 2025)" in reasons


def test_import_903_takes_the_extract_date(council, tmp_path):
    folder = tmp_path / "extract"  # (uploads are stored under tmp_path in tests)
    folder.mkdir()
    for name, data in TO_SEPTEMBER:
        (folder / name).write_bytes(data)
    call_command(
        "import_903", "--la", council.code, "--year", "2026", "--as-at", "2025-09-30",
        str(folder), stdout=io.StringIO(),
    )  # fmt: skip
    assert Return.objects.get(year=2026, status=Return.Status.IMPORTED).as_at == date(2025, 9, 30)
    with pytest.raises(CommandError, match="not in the 2025-26 collection year"):
        call_command(
            "import_903", "--la", council.code, "--year", "2026", "--as-at", "2026-05-01",
            str(folder),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("year", "as_at", "error"),
    [
        ("2027", "", "Enter the date the data is as at"),
        ("2027", "30/12/2026", "must be today or in the past"),
        ("2027", "30/9/2025", "must be in the 2026-27 year"),
        ("2027", "30/9/2026", None),
        ("2026", "", None),
    ],
)
def test_the_upload_form_asks_for_the_date_of_a_year_not_ended(year, as_at, error):
    files = {"files": [SimpleUploadedFile("header.csv", HEADER[1])]}
    form = ReturnUploadForm(
        {"year": year, "as_at": as_at}, MultiValueDict(files), today=date(2026, 11, 29)
    )
    if error is None:
        assert form.is_valid(), form.errors
    else:
        assert not form.is_valid()
        assert error in " ".join(form.errors.get("as_at", []))
