"""The SSDA903 reader: messy input accepted, files recognised by header, problems exact."""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from placements.cohort.ssda903 import Problem, ReturnFileError, read_return
from placements.cohort.ssda903.tables import TABLES

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path("/work/shared/data/external/cs-demand-model-samples")

HEADER_COLUMNS = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODE_COLUMNS = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)


def csv_bytes(*lines: str, bom: bool = False, crlf: bool = False) -> bytes:
    text = ("\r\n" if crlf else "\n").join(lines) + ("\r\n" if crlf else "\n")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def header_file(*children: str) -> tuple[str, bytes]:
    """A Header table holding the given children, so episode rows are not orphans."""
    rows = [f"{child},1,01/01/2010,WBRI,,," for child in children]
    return ("header.csv", csv_bytes(HEADER_COLUMNS, *rows))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


# --- Messy input ----------------------------------------------------------------------------


def test_bom_crlf_lower_case_spaces_and_both_date_forms_are_normalised():
    data = csv_bytes(
        # Header cells in lower case with stray spaces; the BOM sits before "child".
        " child , decom,RNE ,ls,cin,place,place_provider,dec,rec,reason_place_change,"
        "home_post,pl_post,urn",
        " 398768 ,09/04/2024, s ,c2,n1, u4 ,pr4,2024-10-31,x1,carpl, ab1 2cd ,cd3  4ef,xxxxxxx",
        "398768,31/10/2024,p,C2,N1,K2,PR4,,,,AB1 2CD,ZZ9 9ZZ,1234567",
        "500001,1/4/2024,S,V2,N4,U1,PR1,5/6/2024,E13,,,,",
        bom=True,
        crlf=True,
    )
    result = read_return([header_file("398768", "500001"), ("episodes.csv", data)], year=2025)

    assert result.problems == []
    episodes = result.tables["Episodes"]
    assert episodes["CHILD"].tolist() == ["398768", "398768", "500001"]
    assert episodes["RNE"].tolist() == ["S", "P", "S"]
    assert episodes["PLACE"].tolist() == ["U4", "K2", "U1"]
    assert episodes["PLACE_PROVIDER"].tolist() == ["PR4", "PR4", "PR1"]
    assert episodes["DECOM"].tolist() == [
        pd.Timestamp("2024-04-09"),
        pd.Timestamp("2024-10-31"),
        pd.Timestamp("2024-04-01"),
    ]
    assert episodes["DEC"].iloc[0] == pd.Timestamp("2024-10-31")
    assert pd.isna(episodes["DEC"].iloc[1])
    assert episodes["DEC"].iloc[2] == pd.Timestamp("2024-06-05")
    # Postcodes are trimmed and upper-cased, inner spacing kept as given.
    assert episodes["HOME_POST"].tolist()[:2] == ["AB1 2CD", "AB1 2CD"]
    assert episodes["PL_POST"].iloc[0] == "CD3  4EF"
    # DfE's placeholder URN is kept (the measures treat it as blank), upper-cased.
    assert episodes["URN"].tolist()[:2] == ["XXXXXXX", "1234567"]
    assert pd.isna(episodes["REC"].iloc[1]) and pd.isna(episodes["URN"].iloc[2])
    # CRLF and the header line: first data row is line 2.
    assert episodes["_row"].tolist() == [2, 3, 4]
    assert set(episodes["_file"]) == {"episodes.csv"}


def test_column_dtypes():
    result = read_return([FIXTURES / "return_2025"], year=2025)
    episodes = result.tables["Episodes"]
    assert list(episodes.columns) == [*TABLES["Episodes"].columns, "_file", "_row"]
    assert episodes["DECOM"].dtype == "datetime64[ns]"
    assert episodes["DEC"].dtype == "datetime64[ns]"
    assert episodes["_row"].dtype == "int64"
    for column in ("CHILD", "PLACE", "URN", "HOME_POST", "_file"):
        assert pd.api.types.is_string_dtype(episodes[column].dtype), column
    header = result.tables["Header"]
    assert header["DOB"].dtype == "datetime64[ns]"
    assert header["CHILD"].tolist() == ["2001", "2002"]


def test_sex_1_2_become_m_f_and_anything_else_unknown_with_a_warning():
    data = csv_bytes(
        HEADER_COLUMNS,
        "1,1,01/01/2010,WBRI,,,",
        "2,2,01/01/2010,WBRI,,,",
        "3,m,01/01/2010,WBRI,,,",
        "4, F ,01/01/2010,WBRI,,,",
        "5,u,01/01/2010,WBRI,,,",
        "6,,01/01/2010,WBRI,,,",
        "7,9,01/01/2010,WBRI,,,",
        "8,9,01/01/2010,WBRI,,,",
    )
    result = read_return([("header.csv", data)], year=2024)

    assert result.tables["Header"]["SEX"].tolist() == ["M", "F", "M", "F", "U", "U", "U", "U"]
    # One warning per file and value (not per row), pointing at the first row.
    assert result.problems == [
        Problem(
            file="header.csv",
            row=8,
            column="SEX",
            value="9",
            reason="SEX '9' is not 1, 2, M, F or U (2 rows, first on row 8); counted as unknown",
            severity="warning",
        )
    ]


def test_blank_lines_and_trailing_commas_keep_row_numbers():
    data = csv_bytes(
        "",
        HEADER_COLUMNS,
        "1,1,01/01/2010,WBRI,,,",
        "",
        ",,,,,,",
        "2,2,01/01/2010,WBRI,,,,",
        "3,2,bad,WBRI,,,",
        "4,1,01/01/2010,WBRI,,,,,Smith",
    )
    result = read_return([("header.csv", data)], year=2025)
    # A blank first line makes the header line 2: the rows kept are lines 3 and 6.
    assert result.tables["Header"]["_row"].tolist() == [3, 6]
    assert errors(result.problems) == [
        Problem(
            "header.csv",
            7,
            "DOB",
            "bad",
            "not a valid date (expected DD/MM/YYYY or YYYY-MM-DD)",
            "error",
        ),
        # A value beyond the header's columns means the row is misaligned: not trusted.
        Problem(
            "header.csv",
            8,
            None,
            "Smith",
            "the row has more values than the header row; row not imported",
            "error",
        ),
    ]


def test_windows_1252_file_is_read_with_a_warning():
    data = (HEADER_COLUMNS + "\n1,1,01/01/2010,WBRI,,\xe9,\n").encode("cp1252")
    result = read_return([("header.csv", data)], year=2025)
    assert result.tables["Header"]["MOTHER"].tolist() == ["É"]
    assert [p.reason for p in result.problems] == ["the file is not UTF-8; read it as Windows-1252"]


def test_missing_optional_columns_are_filled_blank_with_a_warning():
    data = csv_bytes("CHILD,DECOM,RNE,LS,PLACE,DEC,REC", "1,01/05/2024,S,C2,U1,,")
    result = read_return([("eps.csv", data)], year=2025)
    episodes = result.tables["Episodes"]
    assert list(episodes.columns) == [*TABLES["Episodes"].columns, "_file", "_row"]
    assert episodes[["CIN", "PLACE_PROVIDER", "URN", "HOME_POST"]].isna().all().all()
    assert {p.column for p in result.problems} == {
        "CIN",
        "PLACE_PROVIDER",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    }
    assert all(p.severity == "warning" and p.row is None for p in result.problems)


# --- Recognising files ----------------------------------------------------------------------


def test_table_is_recognised_by_header_not_by_file_name():
    # Named like an episodes file, but its header row is the UASC table's.
    data = csv_bytes("CHILD,SEX,DOB,DUC", "1,1,01/01/2008,01/01/2026")
    result = read_return([("2024-episodes.csv", data)], year=2025)
    assert list(result.tables) == ["UASC"]
    assert result.tables["UASC"]["DUC"].iloc[0] == pd.Timestamp("2026-01-01")


def test_every_table_is_recognised_from_its_standard_header():
    for name, table in TABLES.items():
        data = csv_bytes(",".join(table.columns))
        result = read_return([(f"{name}.txt", data)], year=2025)
        assert list(result.tables) == [name]


def test_folder_is_read_recursively_and_other_files_are_skipped():
    result = read_return([FIXTURES / "return_2025"], year=2025)
    assert result.files == [
        "return_2025/extra/2024_episodes_export.csv",
        "return_2025/extra/uasc.csv",
        "return_2025/header.csv",
    ]
    assert sorted(result.tables) == ["Episodes", "Header", "UASC"]
    assert len(result.tables["Episodes"]) == 2
    assert result.problems == [
        Problem(
            "return_2025/README.txt",
            None,
            None,
            None,
            "skipped: not a CSV, XML or zip file",
            "warning",
        ),
    ]


def test_zip_file_is_read(tmp_path):
    archive = tmp_path / "return.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((FIXTURES / "return_2025").rglob("*.csv")):
            zf.write(path, path.relative_to(FIXTURES).as_posix())
        zf.writestr("__MACOSX/return_2025/._header.csv", b"\x00\x05junk")
    result = read_return([archive], year=2025)
    assert "return.zip/return_2025/header.csv" in result.files
    assert len(result.files) == 3
    assert sorted(result.tables) == ["Episodes", "Header", "UASC"]
    assert result.tables["Header"]["_file"].iloc[0] == "return.zip/return_2025/header.csv"


def test_uploaded_zip_bytes_are_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("header.csv", csv_bytes(HEADER_COLUMNS, "1,1,01/01/2010,WBRI,,,"))
    result = read_return([("upload.zip", buffer.getvalue())], year=2025)
    assert result.files == ["upload.zip/header.csv"]


def test_several_files_for_one_table_are_combined_with_a_warning():
    first = ("a.csv", csv_bytes(HEADER_COLUMNS, "1,1,01/01/2010,WBRI,,,"))
    second = ("b.csv", csv_bytes(HEADER_COLUMNS, "2,2,01/01/2010,WBRI,,,"))
    result = read_return([first, second], year=2025)
    assert result.tables["Header"]["CHILD"].tolist() == ["1", "2"]
    assert [p.reason for p in result.problems] == [
        "several files hold the Header table; their rows were combined"
    ]


# --- The XML --------------------------------------------------------------------------------


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[occurrence - 1]


def test_xml_return_in_the_published_shape():
    path = FIXTURES / "return_2025.xml"
    text = path.read_text()
    result = read_return([path], year=2025)

    assert result.problems == []
    assert sorted(result.tables) == ["Episodes", "Header", "OC3", "Reviews", "UASC"]
    header = result.tables["Header"]
    assert header["CHILD"].tolist() == ["1001", "1002", "1003"]
    assert header["SEX"].tolist() == ["M", "F", "F"]
    assert header["ETHNIC"].tolist() == ["WBRI", "BAFR", "WOTH"]
    assert header["DOB"].tolist() == [
        pd.Timestamp("2012-05-01"),
        pd.Timestamp("2008-06-07"),
        pd.Timestamp("2005-11-20"),
    ]

    episodes = result.tables["Episodes"]
    assert episodes["CHILD"].tolist() == ["1001", "1001", "1002"]
    # PL in the XML is PLACE in the table.
    assert episodes["PLACE"].tolist() == ["U4", "K2", "K3"]
    assert episodes["HOME_POST"].iloc[0] == "AB1 2CD"
    assert episodes["DEC"].iloc[0] == pd.Timestamp("2024-09-01")
    assert episodes["DEC"].iloc[1:].isna().all()
    # Row numbers are the lines of the EPISODE elements, so problems can be found.
    assert episodes["_row"].tolist() == [
        line_of(text, "<EPISODE>", 1),
        line_of(text, "<EPISODE>", 2),
        line_of(text, "<EPISODE>", 3),
    ]
    assert set(episodes["_file"]) == {"return_2025.xml"}

    uasc = result.tables["UASC"]
    assert uasc["CHILD"].tolist() == ["1002"]
    assert uasc["DUC"].iloc[0] == pd.Timestamp("2026-06-07")
    oc3 = result.tables["OC3"]
    assert oc3[["CHILD", "IN_TOUCH", "ACTIV", "ACCOM"]].values.tolist() == [
        ["1003", "YES", "F2", "S1"]
    ]
    reviews = result.tables["Reviews"]
    assert reviews[["CHILD", "REVIEW_CODE"]].values.tolist() == [["1001", "PN1"]]
    assert reviews["DOB"].iloc[0] == pd.Timestamp("2012-05-01")


def test_xml_in_the_expssda903_shape_with_header_element():
    # The DfE schema's other form: CHILD > HEADER (with CHILDID and nested reviews) > EPISODE.
    xml = b"""<?xml version='1.0' encoding='us-ascii'?>
<EXPSSDA903><CHILD><HEADER><CHILDID>947390</CHILDID><UPN>E095867270650</UPN><SEX>1</SEX>
<DOB>02/03/2013</DOB><ETHNIC>BOTH</ETHNIC><UASC /><AREVIEW><REVIEW>28/01/2024</REVIEW>
<REVIEW_CODE>PN3</REVIEW_CODE></AREVIEW><MOTHER /><MC_DOB /></HEADER>
<EPISODE><DECOM>11/11/2023</DECOM><RNE>L</RNE><LS>C2</LS><CIN>N1</CIN><PL>A3</PL>
<PL_POST>D4 8NF</PL_POST><HOME_POST>E22 4DI</HOME_POST><URN>1594525</URN>
<PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>26/04/2024</DEC><REC>E11</REC>
<REASON_PLACE_CHANGE /></EPISODE></CHILD></EXPSSDA903>"""
    result = read_return([("903.xml", xml)], year=2025)
    assert result.errors == []
    assert result.tables["Header"]["CHILD"].tolist() == ["947390"]
    assert "UASC" not in result.tables
    episodes = result.tables["Episodes"]
    assert episodes[["CHILD", "PLACE", "REC"]].values.tolist() == [["947390", "A3", "E11"]]
    assert episodes["_row"].tolist() == [5]
    assert result.tables["Reviews"]["REVIEW"].tolist() == [pd.Timestamp("2024-01-28")]


# --- Files that stop the import -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\r\n  \r\n", "the file is empty"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file (CSV or XML)"),
        ("bad.csv", b"CHILD,\x81\x8d\x8f\n", "the file could not be decoded"),
        ("return.xlsx", b"PK\x03\x04rest", "spreadsheets cannot be read"),
        ("broken.zip", b"PK\x03\x04not really a zip", "not a readable zip file"),
        ("notes.csv", b"Name,Address\nA,B\n", "the header row matches no SSDA903 table"),
        ("broken.xml", b"<Message><Children><Child></Message>", "not well-formed XML"),
        ("none.xml", b"<Message><Children/></Message>", "the XML holds no CHILD records"),
        (
            "evil.xml",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Message/>',
            "DOCTYPE declaration is not accepted",
        ),
    ],
)
def test_unreadable_file_stops_the_import_and_names_the_file(name, data, reason):
    good = ("header.csv", csv_bytes(HEADER_COLUMNS, "1,1,01/01/2010,WBRI,,,"))
    with pytest.raises(ReturnFileError) as raised:
        read_return([good, (name, data)], year=2025)
    assert raised.value.file == name
    assert reason in raised.value.reason
    assert str(raised.value).startswith(f"{name}: ")


def test_missing_required_columns_names_the_file_and_the_columns():
    data = csv_bytes("CHILD,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,URN", "1,S,C2,N1,U1,PR1,,")
    with pytest.raises(ReturnFileError) as raised:
        read_return([("2024-episodes.csv", data)], year=2025)
    assert str(raised.value) == (
        "2024-episodes.csv: looks like the Episodes table but is missing required columns: "
        "DECOM, REC"
    )


def test_missing_path_and_empty_folder_stop_the_import(tmp_path):
    with pytest.raises(ReturnFileError, match="no such file or folder"):
        read_return([tmp_path / "nowhere.csv"], year=2025)
    (tmp_path / "notes.txt").write_text("nothing")
    with pytest.raises(ReturnFileError, match="holds no CSV, XML or zip files"):
        read_return([tmp_path], year=2025)
    with pytest.raises(ReturnFileError, match="no CSV, XML or zip files were given"):
        read_return([], year=2025)


def test_zip_without_csv_stops_the_import():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("readme.md", b"# nothing here")
    with pytest.raises(ReturnFileError, match="the zip file holds no CSV or XML files"):
        read_return([("upload.zip", buffer.getvalue())], year=2025)


# --- Rows that are rejected -----------------------------------------------------------------


def test_each_row_rejection_is_reported_exactly():
    header = (
        "header.csv",
        csv_bytes(
            HEADER_COLUMNS,
            "10,1,01/01/2010,WBRI,,,",
            "11,2,31/02/2010,WBRI,,,",  # line 3: no 31 February; the row is dropped
            ",1,01/01/2010,WBRI,,,",  # line 4: no child
            "12,1,2010-13-01,WBRI,,,",  # line 5: month 13
        ),
    )
    episodes = (
        "episodes.csv",
        csv_bytes(
            EPISODE_COLUMNS,
            "10,01/04/2024,S,C2,N1,U1,PR1,,,,,,",  # line 2: fine
            "10,,S,C2,N1,U1,PR1,,,,,,",  # line 3: DECOM blank
            "10,01/05/2024,S,C2,N1,U1,PR1,30/04/2024,E13,,,,",  # line 4: DEC before DECOM
            "10,1 May 2024,S,C2,N1,U1,PR1,,,,,,",  # line 5: unreadable DECOM
            " ,01/04/2024,S,C2,N1,U1,PR1,,,,,,",  # line 6: no child
            "99,01/04/2024,S,C2,N1,U1,PR1,,,,,,",  # line 7: no header row for child 99
            "11,01/04/2024,S,C2,N1,U1,PR1,,,,,,",  # line 8: kept (11 has a header row, if bad)
            "10,01/06/2024,S,C2,N1,U1,PR1,01/06/24,E13,,,,",  # line 9: two-digit year
        ),
    )
    uasc = ("uasc.csv", csv_bytes("CHILD,SEX,DOB,DUC", "98,1,01/01/2008,01/01/2026"))
    oc3 = ("oc3.csv", csv_bytes("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", "97,01/01/2005,YES,F1,S1"))

    result = read_return([header, episodes, uasc, oc3], year=2025)

    date_reason = "not a valid date (expected DD/MM/YYYY or YYYY-MM-DD)"
    assert errors(result.problems) == [
        Problem("episodes.csv", 3, "DECOM", "", "start date (DECOM) is blank", "error"),
        Problem(
            "episodes.csv",
            4,
            "DEC",
            "30/04/2024",
            "end date (DEC) is before start date (DECOM)",
            "error",
        ),
        Problem("episodes.csv", 5, "DECOM", "1 May 2024", date_reason, "error"),
        Problem("episodes.csv", 6, "CHILD", "", "child identifier (CHILD) is blank", "error"),
        Problem("episodes.csv", 7, "CHILD", "99", "child without a header row", "error"),
        Problem("episodes.csv", 9, "DEC", "01/06/24", date_reason, "error"),
        Problem("header.csv", 3, "DOB", "31/02/2010", date_reason, "error"),
        Problem("header.csv", 4, "CHILD", "", "child identifier (CHILD) is blank", "error"),
        Problem("header.csv", 5, "DOB", "2010-13-01", date_reason, "error"),
        Problem("oc3.csv", 2, "CHILD", "97", "child without a header row", "error"),
        Problem("uasc.csv", 2, "CHILD", "98", "child without a header row", "error"),
    ]
    assert result.tables["Episodes"]["_row"].tolist() == [2, 8]
    assert result.tables["Header"]["CHILD"].tolist() == ["10"]
    assert result.tables["UASC"].empty and result.tables["OC3"].empty
    assert result.errors == errors(result.problems)


def test_child_without_header_is_not_checked_when_the_return_has_no_header_table():
    episodes = ("episodes.csv", csv_bytes(EPISODE_COLUMNS, "99,01/04/2024,S,C2,N1,U1,PR1,,,,,,"))
    result = read_return([episodes], year=2025)
    assert result.problems == []
    assert result.tables["Episodes"]["CHILD"].tolist() == ["99"]


# --- Code warnings --------------------------------------------------------------------------


def test_unknown_code_is_a_warning_and_the_row_is_kept():
    episodes = (
        "episodes.csv",
        csv_bytes(
            EPISODE_COLUMNS,
            "10,01/04/2024,S,C2,N1,q9,PR1,,,,,,",
            "10,01/05/2024,S,C2,N1,Q9,PR1,,,,,,",
            "10,01/06/2024,S,XX,N1,U1,PR1,,,,,,",
        ),
    )
    result = read_return([header_file("10"), episodes], year=2025)
    assert len(result.tables["Episodes"]) == 3
    assert result.problems == [
        Problem(
            "episodes.csv",
            2,
            "PLACE",
            "Q9",
            "unknown PLACE code 'Q9' for 2024-25 (2 rows, first on row 2); counted as other",
            "warning",
        ),
        Problem(
            "episodes.csv",
            4,
            "LS",
            "XX",
            "unknown LS code 'XX' for 2024-25 (1 row, first on row 4); kept as given",
            "warning",
        ),
    ]


@pytest.mark.parametrize(
    ("place", "year", "warned"),
    [
        ("H5", 2020, False),
        ("H5", 2026, True),
        ("K3", 2020, True),
        ("K3", 2026, False),
        ("Z1", 2025, False),
        ("Z1", 2026, True),
        ("Z12", 2025, True),
        ("Z12", 2026, False),
    ],
)
def test_place_codes_are_checked_against_the_return_year(place, year, warned):
    episodes = (
        "episodes.csv",
        csv_bytes(EPISODE_COLUMNS, f"10,01/04/2019,S,C2,N1,{place},PR1,,,,,,"),
    )
    result = read_return([header_file("10"), episodes], year=year)
    assert bool(warnings(result.problems)) is warned
    assert len(result.tables["Episodes"]) == 1


# --- The published samples ------------------------------------------------------------------


def sample_years() -> dict[int, list[Path]]:
    groups: dict[int, list[Path]] = defaultdict(list)
    for path in sorted(SAMPLES.glob("*.csv")):
        # File names carry the collection start year: 2017-episodes.csv is 2017-18, year 2018.
        groups[int(path.name[:4]) + 1].append(path)
    return dict(groups)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="sample returns not available")
@pytest.mark.parametrize("year", sorted(sample_years()) if SAMPLES.is_dir() else [])
def test_every_sample_return_reads(year, capsys):
    paths = sample_years()[year]
    result = read_return(paths, year=year)

    assert len(result.files) == len(paths) == 8
    assert {"Header", "Episodes", "UASC", "OC3", "OC2", "Reviews", "PrevPerm", "Missing"} == set(
        result.tables
    )
    for name, frame in result.tables.items():
        assert list(frame.columns) == [*TABLES[name].columns, "_file", "_row"], name
    episodes = result.tables["Episodes"]
    assert episodes["DECOM"].notna().all()
    assert episodes["CHILD"].str.fullmatch(r"\d+").all()
    # The samples use SEX 1/2; the reader speaks M/F/U.
    assert set(result.tables["Header"]["SEX"]) <= {"M", "F"}
    # Report what the reader would tell the user (shown with pytest -s).
    with capsys.disabled():
        print(f"\n{year}: {len(result.errors)} errors, {len(result.warnings)} warnings")
        for problem in result.problems:
            print(f"  {problem}")
    assert result.errors == []


def test_a_single_path_or_upload_need_not_be_in_a_list():
    assert read_return(FIXTURES / "return_2025.xml", year=2025).files == ["return_2025.xml"]
    upload = ("header.csv", csv_bytes(HEADER_COLUMNS, "1,1,01/01/2010,WBRI,,,"))
    assert read_return(upload, year=2025).files == ["header.csv"]


def test_values_differing_only_in_spaces_are_one_value_and_a_date_of_spaces_is_blank():
    # The reader cleans each distinct value once: " u4 " and "U4", or " 01/05/2024" and
    # "01/05/2024", are different as read and the same once stripped; a date of only spaces
    # is blank (no date), not an unreadable one.
    episodes = (
        "episodes.csv",
        csv_bytes(
            EPISODE_COLUMNS,
            "10,01/04/2024,S,C2,N1, u4 ,PR1,   ,,,,,",
            " 10 , 01/05/2024,S,C2,N1,U4,PR1,\t,,,,,",
            "10,01/05/2024 ,S,C2,N1,u4,PR1,01/06/2024,E13,,,,",
        ),
    )
    result = read_return([header_file("10"), episodes], year=2025)

    assert result.problems == []
    table = result.tables["Episodes"]
    assert table["CHILD"].tolist() == ["10", "10", "10"]
    assert table["PLACE"].tolist() == ["U4", "U4", "U4"]
    assert table["DECOM"].tolist() == [
        pd.Timestamp("2024-04-01"),
        pd.Timestamp("2024-05-01"),
        pd.Timestamp("2024-05-01"),
    ]
    assert table["DEC"].isna().tolist() == [True, True, False]
