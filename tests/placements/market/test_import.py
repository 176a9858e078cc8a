"""Importing Ofsted's providers list: column variants, bad rows, updates keeping history, and
the command."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.http import Http404

from placements.market import ofsted, selectors
from placements.market.models import Inspection, Provider, ProviderImport
from placements.market.services import import_costs, import_providers, import_vacancies

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "market"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(
    "headers,expected",
    [
        (["URN", "Setting name", "Places"], {0: "urn", 1: "name", 2: "places"}),
        (["Unique reference number", "Provider name", "Number of registered places"],
         {0: "urn", 1: "name", 2: "places"}),
        (["\ufeffurn", "Provider Name", "Maximum users", "Owner name"],
         {0: "urn", 1: "name", 2: "places", 3: "owner"}),
        (["Organisation which owns the provider", "Setting address postcode",
          "Overall experiences and progress of children and young people (latest)",
          "Latest full inspection date"],
         {0: "owner", 1: "postcode", 2: "rating", 3: "rating_date"}),
        (["URN", "Postcode", "Setting address postcode"], {0: "urn", 1: "postcode"}),
    ],
)  # fmt: skip
def test_column_names_of_every_release_are_recognised(headers, expected):
    assert ofsted.normalise_columns(headers) == expected


@pytest.mark.parametrize(
    "text,code",
    [("Good", "good"), ("Requires improvement to be good", "requires_improvement"),
     ("OUTSTANDING", "outstanding"), ("4", "inadequate"), ("2.0", "good"),
     ("", "not_yet_inspected"), ("Not yet inspected", "not_yet_inspected"), ("Excellent", None)],
)  # fmt: skip
def test_ratings(text, code):
    assert ofsted.rating(text) == code


@pytest.mark.parametrize(
    "text,subtype,sector,kind",
    [("Children's home", "", "private", "childrens_home"),
     ("Children's Home", "Secure Unit", "local_authority", "secure"),
     ("Independent Fostering Agency", "", "private", "ifa"),
     ("Local authority fostering agency", "", "local_authority", "la_fostering"),
     ("Supported accommodation", "", "private", "supported_accommodation"),
     ("Residential Special School", "", "voluntary", "residential_school"),
     ("Residential Family Centre", "", "private", "family_centre"),
     ("Boarding school", "", "private", "other")],
)  # fmt: skip
def test_provider_types(text, subtype, sector, kind):
    assert ofsted.provider_type(text, subtype, sector) == kind


def test_2024_csv_imports_good_rows_and_lists_bad_ones(db):
    record = import_providers(
        name="ofsted_providers_2024.csv", data=read("ofsted_providers_2024.csv")
    )
    # 11 rows: 6 good; 5 rejected (no URN, places "four", 31/02/2020, a repeated URN, and a
    # judgement Ofsted does not make).
    assert (record.created, record.updated, record.rejected) == (6, 0, 5)
    reasons = [p["reason"] for p in record.problems]
    assert reasons == [
        "No URN",
        "Places “four” is not a whole number",
        "Registration date “31/02/2020” is not a date",
        "URN SC100001 already appears on row 2",
        "Overall effectiveness “Excellent” is not an Ofsted judgement",
    ]
    assert [p["row"] for p in record.problems] == [8, 9, 10, 11, 12]
    oak = Provider.objects.get(urn="SC100001")
    assert (oak.name, oak.provider_type, oak.sector, oak.places) == (
        "Oak House", "childrens_home", "private", 4,
    )  # fmt: skip
    assert (oak.rating, oak.rating_date) == ("good", date(2024, 6, 14))
    assert oak.owner == "Horizon Care Group Ltd"
    # Located from the postcode: Wolverhampton.
    assert oak.council_code == "E08000031" and oak.easting is not None
    assert Provider.objects.get(urn="SC100002").provider_type == "secure"
    assert Provider.objects.get(urn="SC100003").postcode == "WS3 2DL"  # tidied
    assert Provider.objects.get(urn="SC100003").places is None
    assert Inspection.objects.count() == 5  # every dated judgement (SC100004 not inspected)


def test_xlsx_with_title_rows_updates_by_urn_and_keeps_history(db):
    import_providers(name="ofsted_providers_2024.csv", data=read("ofsted_providers_2024.csv"))
    record = import_providers(
        name="ofsted_providers_2025.xlsx", data=read("ofsted_providers_2025.xlsx")
    )
    # SC100001 updated (5 places, Outstanding on 1 Feb 2025); 1234567 (a number in the
    # workbook) created; SC100013 has no name.
    assert (record.created, record.updated, record.rejected) == (1, 1, 1)
    assert record.problems == [
        {"row": 6, "urn": "SC100013", "reason": "No setting or provider name"}
    ]
    oak = Provider.objects.get(urn="SC100001")
    assert (oak.places, oak.rating, oak.rating_date) == (5, "outstanding", date(2025, 2, 1))
    # Columns this release lacks (registration categories) are left as they were.
    assert oak.registration_categories == "Emotional and behavioural difficulties"
    assert list(oak.inspections.values_list("date", "rating")) == [
        (date(2025, 2, 1), "outstanding"),
        (date(2024, 6, 14), "good"),
    ]
    assert oak.history.count() == 2  # created, then changed by the second import
    fostering = Provider.objects.get(urn="1234567")
    assert fostering.provider_type == "la_fostering" and fostering.sector == "local_authority"


def test_an_older_list_never_overwrites_a_later_rating(db):
    import_providers(name="ofsted_providers_2024.csv", data=read("ofsted_providers_2024.csv"))
    record = import_providers(name="old.csv", data=read("ofsted_providers_old.csv"))
    # Old CSV: "Maximum users", numeric judgements, dd-Mon-yy dates, UTF-8 with BOM.
    assert (record.created, record.updated, record.rejected) == (2, 1, 0)
    oak = Provider.objects.get(urn="SC100001")
    assert oak.places == 3  # the list's own field is taken
    assert (oak.rating, oak.rating_date) == ("good", date(2024, 6, 14))  # 2019's RI is older
    assert (date(2019, 6, 14), "requires_improvement") in oak.inspections.values_list(
        "date", "rating"
    )
    assert Provider.objects.get(urn="SC100012").rating == "outstanding"  # "1"


def test_importing_the_same_list_twice_changes_nothing(db):
    import_providers(name="a.csv", data=read("ofsted_providers_2024.csv"))
    again = import_providers(name="a.csv", data=read("ofsted_providers_2024.csv"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert Inspection.objects.count() == 5


def test_a_file_that_is_not_a_providers_list_imports_nothing(db):
    record = import_providers(name="x.csv", data=b"name,age\nBob,3\n")
    assert (record.created, record.updated, record.rejected) == (0, 0, 1)
    assert "No header row" in record.problems[0]["reason"]


def test_command_prints_counts_and_reasons(db, capsys):
    call_command("import_providers", str(FIXTURES / "ofsted_providers_2024.csv"))
    out = capsys.readouterr().out
    assert "6 created, 0 updated, 0 unchanged, 5 rejected" in out
    assert "row 9 (SC100006): Places “four” is not a whole number" in out
    assert ProviderImport.objects.count() == 1


def test_command_exits_non_zero_when_nothing_imports(db, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("URN,Setting name\n,No URN\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_providers", str(bad))
    assert exit_info.value.code == 1
    assert "Nothing could be imported" in capsys.readouterr().err


def test_costs_and_vacancies_from_csv(db, la):
    import_providers(name="a.csv", data=read("ofsted_providers_2024.csv"))
    result = import_costs(la=la, data=read("costs_template.csv"))
    assert (result.created, result.updated, result.problems) == (2, 0, [])
    data = (
        b"urn,placement_category,weekly_cost,from,until\n"
        b'SC100001,Children\'s home,"6,400",01/04/2024,\n'  # updates the template's row
        b"SC999999,childrens_home,100,01/04/2024,\n"
        b"SC100003,ifa_foster,lots,01/04/2024,\n"
        b"SC100003,castle,100,01/04/2024,\n"
    )
    result = import_costs(la=la, data=data)
    assert (result.created, result.updated) == (0, 1)
    assert [p["row"] for p in result.problems] == [3, 4, 5]
    assert "No provider with URN" in result.problems[0]["reason"]
    result = import_vacancies(la=la, data=read("vacancies_template.csv"))
    assert (result.created, result.problems) == (1, [])


@pytest.mark.django_db
def test_an_import_is_shown_only_to_the_council_that_made_it(la, other_la):
    ours = ProviderImport.objects.create(la=la, file_name="ours.csv")
    theirs = ProviderImport.objects.create(la=other_la, file_name="theirs.csv")
    assert list(selectors.provider_imports(la=la)) == [ours]
    assert selectors.provider_import(la=la, pk=str(ours.pk)) == ours
    for pk in (str(theirs.pk), "1; drop", ""):
        with pytest.raises(Http404):
            selectors.provider_import(la=la, pk=pk)
