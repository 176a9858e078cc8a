"""Limits on what one SSDA903 import may hold, checked while reading (issue 15, findings 1, 7)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from placements.cohort.models import Return
from placements.cohort.services import create_return, import_return
from placements.cohort.ssda903 import ReturnFileError, read_return
from placements.cohort.ssda903.limits import ImportLimits, LimitExceeded, ReadBudget
from tests.conftest import sign_in
from tests.placements.returns import EPISODE_COLUMNS, episodes, header, saved

GENEROUS = ImportLimits(
    upload_bytes=10**9,
    expanded_bytes=10**9,
    files=100,
    zip_depth=2,
    rows_per_table=10**6,
    xml_depth=64,
)
HEADER = header("1,1,01/06/2010,WBRI,A1,,", "2,2,15/01/2008,BAFR,A2,,")
EPISODES = episodes(
    "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "2,01/06/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,WV1 1AA,",
)


def zipped(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def bomb(megabytes: int) -> bytes:
    """An episodes CSV of `megabytes` MB of one repeated row: compresses about 1,000 to 1."""
    row = b"1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,\r\n"
    body = EPISODE_COLUMNS.encode() + b"\r\n" + row * (megabytes * 1024**2 // len(row))
    return zipped(("episodes.csv", body))


def limits(**changes) -> ImportLimits:
    return ImportLimits(**{**GENEROUS.__dict__, **changes})


def test_a_zip_bomb_is_refused_naming_the_limit():
    data = bomb(20)  # 20 MB expanded from about 20 KB
    assert len(data) < 100_000
    with pytest.raises(LimitExceeded, match="IMPORT_MAX_EXPANDED_BYTES"):
        read_return([("return.zip", data)], year=2025, limits=limits(expanded_bytes=5 * 1024**2))


def test_decompressed_bytes_are_counted_as_they_come_not_as_declared():
    # read_member is called straight, as if the zip's directory had passed: the count stops
    # the read after the 2 MB allowed plus the 1 MB chunk that crossed it, of the 20 MB member.
    data = bomb(20)
    budget = ReadBudget(limits(expanded_bytes=2 * 1024**2))
    archive = zipfile.ZipFile(io.BytesIO(data))
    with pytest.raises(LimitExceeded, match="IMPORT_MAX_EXPANDED_BYTES"):
        budget.read_member("return.zip/episodes.csv", archive, archive.infolist()[0])
    assert budget.expanded <= 3 * 1024**2


def test_too_many_files_in_a_zip_are_refused():
    data = zipped(*[(f"episodes{i}.csv", EPISODES[1]) for i in range(5)])
    with pytest.raises(LimitExceeded, match="IMPORT_MAX_FILES"):
        read_return([("return.zip", data)], year=2025, limits=limits(files=3))


def test_zips_nested_too_deep_are_refused():
    inner = zipped(HEADER, EPISODES)
    nested = zipped(("middle.zip", zipped(("inner.zip", inner))))
    # return.zip (1) > middle.zip (2) > inner.zip (3): one more than the limit of 2.
    with pytest.raises(LimitExceeded, match="IMPORT_MAX_ZIP_DEPTH"):
        read_return([("return.zip", nested)], year=2025, limits=limits(zip_depth=2))
    # One level less is read.
    data = read_return([("return.zip", zipped(("inner.zip", inner)))], year=2025, limits=GENEROUS)
    assert len(data.tables["Episodes"]) == 2


def test_too_many_rows_in_a_table_are_refused():
    # Two episodes files of 2 rows each: 4 rows in the Episodes table, over a limit of 3.
    second = episodes("1,01/09/2024,S,C2,N1,U1,PR1,,,,,,", "2,01/09/2024,S,C2,N1,U1,PR1,,,,,,",
                      name="more.csv")  # fmt: skip
    with pytest.raises(LimitExceeded, match="Episodes table has more than 3 rows"):
        read_return([HEADER, EPISODES, second], year=2025, limits=limits(rows_per_table=3))


def test_deeply_nested_xml_is_refused_without_a_recursion_error():
    depth = 200_000
    xml = ("<Message>" + "<a>" * depth + "</a>" * depth + "</Message>").encode()
    with pytest.raises(ReturnFileError, match="IMPORT_MAX_XML_DEPTH") as raised:
        read_return([("deep.xml", xml)], year=2025)
    assert raised.value.file == "deep.xml"


@pytest.fixture
def council(db):
    from sufficiency.councils import LocalAuthority

    return LocalAuthority.objects.create(name="Wolverhampton", code="E08000031")


def test_a_refused_import_fails_naming_the_limit_and_changes_nothing(council, settings):
    first = import_return(create_return(la=council, year=2025, uploads=[HEADER, EPISODES],
                                        user=None))  # fmt: skip
    assert first.status == Return.Status.IMPORTED
    settings.IMPORT_MAX_EXPANDED_BYTES = 5 * 1024**2
    second = import_return(
        create_return(la=council, year=2025, uploads=[("return.zip", bomb(20))], user=None)
    )
    assert second.status == Return.Status.FAILED
    assert "IMPORT_MAX_EXPANDED_BYTES" in second.error
    first.refresh_from_db()
    assert first.status == Return.Status.IMPORTED
    assert len(saved("Episodes", la=council)) == 2


def test_an_oversized_upload_is_refused_before_it_is_read(client_for, la, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100 * 1024
    big = SimpleUploadedFile("episodes.csv", EPISODES[1] + b"," * (400 * 1024))
    response = client_for("analyst").post(
        reverse("data:index", kwargs={"la_code": la.code}), {"year": "2025", "files": [big]}
    )
    assert response.status_code == 413
    html = response.content.decode()
    error = html.split('id="id_files-error"')[1].split("</p>")[0]
    assert "IMPORT_MAX_UPLOAD_BYTES" in error
    assert not Return.objects.filter(la=la).exists()


def test_import_903_names_a_missing_path_without_a_traceback(db, tmp_path):
    missing = tmp_path / "no-such-return"
    with pytest.raises(CommandError, match=f"{missing}: no such file or folder"):
        call_command("import_903", "--la", "E08000031", "--year", "2025", str(missing))


def test_an_oversized_upload_is_refused_unread_even_before_the_csrf_check(cast, la, settings):
    # A browser's form carries its CSRF token in the body; the body of an upload over the
    # limit is never read, so the refusal comes from the CSRF failure view, naming the limit.
    from django.test import Client

    settings.IMPORT_MAX_UPLOAD_BYTES = 100 * 1024
    client = Client(enforce_csrf_checks=True)
    sign_in(client, cast["analyst"])
    page = client.get(reverse("data:index", kwargs={"la_code": la.code}))
    token = page.cookies["csrftoken"].value
    big = SimpleUploadedFile("episodes.csv", EPISODES[1] + b"," * (400 * 1024))
    response = client.post(
        reverse("data:index", kwargs={"la_code": la.code}),
        {"year": "2025", "files": [big], "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 413
    refusal = response.content.decode().split('id="upload-refused">')[1].split("</p>")[0]
    assert "102,400 bytes (IMPORT_MAX_UPLOAD_BYTES)" in refusal
    assert not Return.objects.filter(la=la).exists()
