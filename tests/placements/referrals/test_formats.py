"""Every field of the Placements Data Standard v2 checked against its allowed values, required
fields and types, in JSON (strict) and in the Excel template (as councils fill it)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from placements.referrals import formats
from placements.referrals import standard as std
from tests.placements.referrals.records import VALID, as_bytes, record

STANDARD = (
    Path(__file__).resolve().parents[4] / "shared" / "data" / "external" / ("placements-standard")
)
if not STANDARD.exists():  # from a worktree, ../shared is the shared material
    STANDARD = Path("/work/shared/data/external/placements-standard")
TEMPLATE = (
    STANDARD
    / "later-draft-standard-repo/spreadsheet/National-Placement-Standard-Excel-20260427.xlsx"
)  # noqa: E501
PLACEMENTS_JSON = STANDARD / "v2-placements-standard/placements.json"

CATEGORICAL = [f for f in std.FIELDS if f.kind == "categorical" and f.group != "Outcome"]


def messages(parsed: formats.Parsed) -> list[str]:
    return [str(p) for p in parsed.problems]


def test_the_allowed_values_are_the_standards_own():
    """The fixture's values are placements.json's options, field by field."""
    import json

    spec = json.loads(PLACEMENTS_JSON.read_text())
    options = {f["name"]: f.get("options") for e in spec["entities"] for f in e["fields"]}
    for f in std.FIELDS:
        if f.json in options and options[f.json]:
            assert f.values == options[f.json], f.json
    v2 = {f.json for f in std.FIELDS if not f.extension}
    assert v2 == set(options)  # all 41 fields of v2, none invented
    assert len(v2) == 41


def test_the_valid_example_reads_as_one_placed_referral():
    parsed = formats.read("valid.json", (STANDARD / "examples/valid-placement-record.example.json")
                          .read_bytes())  # fmt: skip
    assert parsed.problems == []
    [attrs] = parsed.records
    assert attrs["child_id"] == "100234"
    assert attrs["needed_by"] == "in less than 5 days"
    assert attrs["specific_communication_requirements"] == ["BSL"]
    assert attrs["total_weekly_cost"] == Decimal("1450.00")
    assert attrs["placement_date"] == date(2025, 9, 4)
    assert attrs["outcome"] == "Placed"
    assert attrs["outcome_date"] == date(2025, 9, 4)  # the placement's start


def test_the_invalid_example_names_each_defect():
    parsed = formats.read(
        "invalid.json", (STANDARD / "examples/invalid-placement-record.example.json").read_bytes()
    )
    assert parsed.records == []
    assert messages(parsed) == [
        'invalid.json, record 1, PlacementAvailability.neededBy: "< 5 days" is not allowed: use '
        'one of "Today", "in less than 5 days", "in more than 5 days"',
        'invalid.json, record 1, ActualPlacement.placementType: "Kinship" is not allowed: use one '
        'of "Residential", "Foster", "Supported Accommodation"',
        "invalid.json, record 1, PlacementRequirements.specificCommunicationRequirements: "
        "Specific communication and language requirements is required",
        "invalid.json, record 1, Risks.riskSelfHarm: Risk to child: self-harm is required",
        "invalid.json, record 1, QualityAssurance.costDate: Date of data entry (placement cost) "
        "is required when the child was placed",
    ]


@pytest.mark.parametrize("f", CATEGORICAL, ids=lambda f: f.json)
def test_each_allowed_value_is_accepted_and_others_refused(f):
    for value in f.values:
        # "other (please specify)" needs its text, the later draft's rule.
        other = {"PlacementRequirements__additionalSupportOther": "a mentor"}
        parsed = formats.read("r.json", as_bytes(record(**{f"{f.group}__{f.json}": value},
                                                        **other)))  # fmt: skip
        assert parsed.problems == [], (f.json, value)
        assert parsed.records[0][f.attr] == value
    parsed = formats.read("r.json", as_bytes(record(**{f"{f.group}__{f.json}": "Maybe"})))
    assert messages(parsed) == [
        f'r.json, record 1, {f.group}.{f.json}: "Maybe" is not allowed: use one of {f.allowed()}'
    ]


def test_each_communication_requirement_and_a_list_of_them():
    f = std.BY_ATTR["specific_communication_requirements"]
    for value in f.values:
        parsed = formats.read("r.json", as_bytes(record(
            PlacementRequirements__specificCommunicationRequirements=[value])))  # fmt: skip
        assert parsed.records[0][f.attr] == [value]
    parsed = formats.read("r.json", as_bytes(record(
        PlacementRequirements__specificCommunicationRequirements=["ESOL", "Makaton"])))  # fmt: skip
    assert parsed.records[0][f.attr] == ["ESOL", "Makaton"]
    parsed = formats.read("r.json", as_bytes(record(
        PlacementRequirements__specificCommunicationRequirements="BSL")))  # fmt: skip
    assert "must be a list of one or more of" in messages(parsed)[0]


REQUIRED_ALWAYS = [f for f in std.FIELDS if f.required == "always"]
REQUIRED_PLACED = [f for f in std.FIELDS if f.required == "placed"]


@pytest.mark.parametrize("f", REQUIRED_ALWAYS, ids=lambda f: f.json)
def test_each_required_field(f):
    parsed = formats.read("r.json", as_bytes(record(**{f"{f.group}__{f.json}": None})))
    assert messages(parsed) == [f"r.json, record 1, {f.group}.{f.json}: {f.label} is required"]


@pytest.mark.parametrize("f", REQUIRED_PLACED, ids=lambda f: f.json)
def test_each_field_required_when_placed(f):
    parsed = formats.read("r.json", as_bytes(record(**{f"{f.group}__{f.json}": None})))
    assert messages(parsed) == [
        f"r.json, record 1, {f.group}.{f.json}: {f.label} is required when the child was placed"
    ]


def test_a_referral_not_placed_needs_no_placement_fields():
    not_placed = record()
    del not_placed["ActualPlacement"]
    for name in ("placementOfficerName", "placementDate", "costDate"):
        del not_placed["QualityAssurance"][name]
    parsed = formats.read("r.json", as_bytes(not_placed))
    assert parsed.problems == []
    assert parsed.records[0]["outcome"] == "Not yet placed"
    # No suitable home found needs its date.
    not_placed["Outcome"] = {"status": "No suitable home found"}
    assert messages(formats.read("r.json", as_bytes(not_placed))) == [
        "r.json, record 1, Outcome.date: give the date no suitable home was found"
    ]
    not_placed["Outcome"]["date"] = "2025-10-01"
    assert formats.read("r.json", as_bytes(not_placed)).records[0]["outcome_date"] == date(
        2025, 10, 1
    )


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("PlacementAvailability__siblingCount", "one", '"one" must be a whole number, 0 or more'),
        ("PlacementAvailability__siblingCount", -1, '"-1" must be a whole number, 0 or more'),
        ("PlacementAvailability__siblingCount", 1.5, '"1.5" must be a whole number, 0 or more'),
        ("PlacementRequirements__homeAdaptation", "Yes", '"Yes" is not allowed: use true or false'),
        (
            "ActualPlacement__totalWeeklyCost",
            "£1,450",
            '"£1,450" must be an amount in pounds, 0 or more',
        ),
        ("ActualPlacement__placementLocation", 10, "must be text, not 10"),
        (
            "QualityAssurance__referralDate",
            "01/09/2025",
            '"01/09/2025" must be a date as YYYY-MM-DD',
        ),
        (
            "PlacementAvailability__childId",
            True,
            "must be the child's ID: a whole number or the case-management ID",
        ),
    ],
)
def test_types(key, value, message):
    group, name = key.split("__")
    assert messages(formats.read("r.json", as_bytes(record(**{key: value})))) == [
        f"r.json, record 1, {group}.{name}: {message}"
    ]


def test_other_additional_support_must_say_what():
    parsed = formats.read("r.json", as_bytes(record(
        PlacementRequirements__additionalSupport="other (please specify)")))  # fmt: skip
    assert messages(parsed) == [
        "r.json, record 1, PlacementRequirements.additionalSupportOther: say what other "
        "additional support is needed"
    ]


def test_a_list_of_records_and_not_json():
    assert len(formats.read("r.json", as_bytes(VALID, VALID)).records) == 2
    assert messages(formats.read("r.json", b"{nope")) == [
        "r.json: is not JSON: Expecting property name enclosed in double quotes: line 1 column 2 "
        "(char 1)"
    ]


# The template ----------------------------------------------------------------------------------


def test_the_published_template_reads_its_example_row_as_councils_write_it():
    parsed = formats.read(TEMPLATE.name, TEMPLATE.read_bytes())
    assert parsed.problems == []
    [attrs] = parsed.records
    assert parsed.rows == [4]  # after the groups, the column names and the descriptions
    # The template's spellings read as the standard's values.
    assert attrs["needed_by"] == "in less than 5 days"  # "< 5 days"
    assert attrs["communication_needs"] == "Not Specified"
    assert attrs["living_companions"] == "Only with other younger children"
    assert attrs["additional_support"] == "taxis to school"
    assert attrs["out_of_la_reason"] == "Court order"  # "Court Order"
    assert attrs["home_adaptation"] is True  # "Yes"
    assert attrs["education_continuity"] is False  # "No"
    assert attrs["risk_sexual_exploitation"] == ""  # the template has no column for it
    assert attrs["total_weekly_cost"] == Decimal("23000.00")
    assert attrs["referral_date"] == date(2024, 2, 12)
    assert attrs["outcome"] == "Placed"


def template_bytes(rows: list[list], headers: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data Collection"
    sheet.append(["Determinants of placement availability"])
    sheet.append(headers or [f.column for f in std.TEMPLATE_FIELDS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_row(**changes) -> list:
    values = {
        "child_ID": "ABC1", "when_placement_is_needed_by": ">5 days",
        "number_of_siblings_to_place_with": "NA", "communication_language_learning_needs": "No",
        "specific_communication_and_language_requirements": "ESOL, Makaton",
        "adaptation_to_the_home": "No", "cultural_needs": "Not Required",
        "who_can_the_child_be_cared_for_alongside": "No preference",
        "can_child_live_with_pets": "Yes-can", "foster_care_suitability": "Preferred",
        "residential_care_suitability": "Unsuitable", "supported_accommodation": "Not specified",
        "Date_entry_referral": "05/01/2026",
    }  # fmt: skip
    for f in std.RISKS:
        if f.in_template:
            values[f.column] = "No known risk"
    values.update(changes)
    return [values.get(f.column) for f in std.TEMPLATE_FIELDS]


def test_a_filled_template_row():
    parsed = formats.read("q3.xlsx", template_bytes([template_row()]))
    assert parsed.problems == []
    [attrs] = parsed.records
    assert attrs["sibling_count"] is None  # "NA": no siblings
    assert attrs["specific_communication_requirements"] == ["ESOL", "Makaton"]
    assert attrs["communication_needs"] == "N"
    assert attrs["referral_date"] == date(2026, 1, 5)
    assert attrs["outcome"] == "Not yet placed"


def test_a_broken_template_names_file_row_field_and_allowed_values():
    rows = [template_row(), template_row(child_ID="ABC2", foster_care_suitability="Maybe",
                                         adaptation_to_the_home="Perhaps")]  # fmt: skip
    parsed = formats.read("q3.xlsx", template_bytes(rows))
    assert messages(parsed) == [
        'q3.xlsx, row 4, adaptation_to_the_home: "Perhaps" is not allowed: use "Yes" or "No"',
        'q3.xlsx, row 4, foster_care_suitability: "Maybe" is not allowed: use one of '
        '"Preferred", "Suitable but not preferred", "Unsuitable", "Not specified"',
    ]


def test_a_template_missing_a_required_column_or_not_a_workbook():
    headers = [f.column for f in std.TEMPLATE_FIELDS if f.column != "cultural_needs"]
    parsed = formats.read("q3.xlsx", template_bytes([], headers))
    assert messages(parsed) == [
        "q3.xlsx, row 2, cultural_needs: the column for Cultural needs is missing"
    ]
    assert messages(formats.read("q3.xlsx", b"PK not really")) == [
        "q3.xlsx: is not an Excel workbook (.xlsx)"
    ]
