"""Loading DfE's published tables as published, and statistical neighbours."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reports.benchmarks import PUBLISHED_FILES
from reports.models import Benchmark, StatisticalNeighbour

DFE = Path(__file__).resolve().parents[2] / "fixtures" / "dfe"
COLUMNS = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,la_name,new_la_code,population_type,population_estimate,"
    "children_count,rate_per_10000"
)


def write(tmp_path: Path, name: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text("\ufeff" + "\n".join([COLUMNS, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_tidy_table_loads_each_level_and_suppression(tmp_path):
    path = write(
        tmp_path,
        "a-new-release-name.csv",
        "2025,Reporting year,National,E92000001,England,,,,,,"
        "Children looked after on 31 March each year,12183016,81770,67",
        "2025,Reporting year,Regional,E92000001,England,E12000005,West Midlands,,,,"
        "Children looked after on 31 March each year,1300000,10000,77",
        "2025,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,336,"
        "Wolverhampton,E08000031,Children looked after on 31 March each year,68405,501,73",
        "2025,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,337,"
        "Tiny,E06000099,Children starting to be looked after each year,100,c,c",
    )
    call_command("import_benchmarks", str(path))
    figure = {(b.measure, b.area_code): b.value for b in Benchmark.objects.filter(year=2025)}
    assert figure[("cla", "E92000001")] == 81770
    assert figure[("rate_per_10k", "E12000005")] == 77
    assert figure[("cla", "E08000031")] == 501
    assert figure[("population", "E08000031")] == 68405
    assert figure[("started", "E06000099")] is None  # "c": suppressed, kept as unknown
    wolves = Benchmark.objects.get(measure="cla", area_code="E08000031")
    assert (wolves.level, wolves.old_la_code, wolves.area_name) == ("la", "336", "Wolverhampton")


@pytest.mark.django_db
def test_loading_again_replaces_not_duplicates(tmp_path):
    row = ("2025,Reporting year,National,E92000001,England,,,,,,"
           "Children looked after on 31 March each year,12183016,{},67")  # fmt: skip
    call_command("import_benchmarks", str(write(tmp_path, "a.csv", row.format(81000))))
    call_command("import_benchmarks", str(write(tmp_path, "b.csv", row.format(81770))))
    assert Benchmark.objects.get(measure="cla", area_code="E92000001").value == 81770


@pytest.mark.django_db
def test_a_file_that_is_not_dfe_tidy_changes_nothing(tmp_path):
    good = write(tmp_path, "good.csv", "2025,Reporting year,National,E92000001,England,,,,,,"
                 "Children looked after on 31 March each year,12183016,81770,67")  # fmt: skip
    bad = tmp_path / "bad.csv"
    bad.write_text("name,value\nx,1\n")
    with pytest.raises(CommandError, match="bad.csv"):
        call_command("import_benchmarks", str(good), str(bad))
    assert not Benchmark.objects.exists()


@pytest.mark.django_db
def test_the_published_files_load_with_englands_2025_figures():
    call_command("import_benchmarks", *[str(DFE / name) for name in PUBLISHED_FILES])
    england = {
        b.measure: b.value for b in Benchmark.objects.filter(year=2025, area_code="E92000001")
    }
    # The figures MEASURES.md quotes for England, year ending 31 March 2025.
    assert england["cla"] == 81770 and england["rate_per_10k"] == 67
    assert england["started"] == 32270 and england["ceased"] == 34450
    assert england["three_plus_placements"] == 10 and england["long_term_stability"] == 69
    assert england["care_leavers_suitable_17_18"] == 91
    assert england["care_leavers_suitable_19_21"] == 89
    assert england["care_leavers_eet_17_18"] == 64 and england["care_leavers_eet_19_21"] == 54
    # In DfE's 2021 groupings, Wolverhampton's (336) closest neighbour is Sandwell (333).
    first = StatisticalNeighbour.objects.get(old_la_code="336", rank=1)
    assert first.neighbour_old_la_code == "333"
    assert StatisticalNeighbour.objects.filter(old_la_code="336").count() == 10


def test_calendar_publication_date_recorded_with_the_file_wins():
    from datetime import date

    from sufficiency.calendar import dfe_published_on, latest_published_year

    assert dfe_published_on(2024, date(2024, 10, 24)) == date(2024, 10, 24)
    # 2024-25 published early, on 13 November 2025: on 20 November 2025 it is the latest.
    assert latest_published_year(date(2025, 11, 20)) == 2024
    assert latest_published_year(date(2025, 11, 20), {2025: date(2025, 11, 13)}) == 2025
    # Published late, on 15 January 2026: on 31 December 2025 the latest is still 2023-24.
    assert latest_published_year(date(2025, 12, 31), {2025: date(2026, 1, 15)}) == 2024


@pytest.mark.django_db
def test_a_publication_date_in_the_imported_file_decides_what_a_report_knows(tmp_path, la):
    from datetime import date

    from reports.selectors import benchmarks

    england = (
        "{year},Reporting year,National,E92000001,England,,,,,,"
        "Children looked after on 31 March each year,12183016,81770,{rate},{published}"
    )
    path = tmp_path / "with-dates.csv"
    path.write_text(
        "\n".join([
            COLUMNS + ",published_on",
            england.format(year=2024, rate=70, published="2024-11-28"),
            # 2024-25's file says it was published on 13 November 2025, before 30 November.
            england.format(year=2025, rate=67, published="13/11/2025"),
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    call_command("import_benchmarks", str(path))
    figure = Benchmark.objects.get(measure="rate_per_10k", year=2025)
    assert figure.published_on == date(2025, 11, 13)
    # On 20 November 2025 the usual rule would give 2023-24 (70); the file's date gives 2024-25.
    assert benchmarks(la, date(2025, 11, 20))["rate_per_10k"]["england"] == 67
    assert benchmarks(la, date(2025, 11, 12))["rate_per_10k"]["england"] == 70
    # 2023-24's own date, 28 November 2024: before it, nothing was published yet.
    assert "rate_per_10k" not in benchmarks(la, date(2024, 11, 27))


@pytest.mark.django_db
def test_the_command_records_a_publication_date_for_files_without_one(tmp_path, la):
    from datetime import date

    from reports.selectors import benchmarks

    row = ("2025,Reporting year,National,E92000001,England,,,,,,"
           "Children looked after on 31 March each year,12183016,81770,67")  # fmt: skip
    call_command(
        "import_benchmarks", str(write(tmp_path, "a.csv", row)), published_on=date(2026, 1, 8)
    )
    assert Benchmark.objects.get(measure="cla").published_on == date(2026, 1, 8)
    assert "rate_per_10k" not in benchmarks(la, date(2025, 12, 31))
    assert benchmarks(la, date(2026, 1, 8))["rate_per_10k"]["england"] == 67


@pytest.mark.django_db
def test_a_publication_date_that_is_not_a_date_changes_nothing(tmp_path):
    path = tmp_path / "bad-date.csv"
    path.write_text(
        COLUMNS + ",published_on\n2025,Reporting year,National,E92000001,England,,,,,,"
        "Children looked after on 31 March each year,12183016,81770,67,November\n"
    )
    with pytest.raises(CommandError, match="published_on that is not a date"):
        call_command("import_benchmarks", str(path))
    assert not Benchmark.objects.exists()
