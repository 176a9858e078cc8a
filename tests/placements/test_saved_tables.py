"""A return's tables saved as columns (saved_tables, ADR 0030): every kind of value comes back
exactly, with the dtypes a cohort reads; a cohort is built from them; a replaced return's go;
and the migration moves rows imported before into them."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from placements.cohort import saved_tables, selectors
from placements.cohort.models import Return, ReturnTable
from placements.cohort.services import import_return
from sufficiency.councils import LocalAuthority
from tests.factories import LocalAuthorityFactory
from tests.placements.returns import episodes, header, load, oc3, saved, uasc

# Blanks, stray spaces, lower-case codes, both date forms, an unknown postcode, a child who
# leaves and comes back, a care leaver with a blank: the values a cohort must read back.
HEADER_2024 = header("4,1,01/06/2012,WBRI,A4,,", "5,2, 2011-02-03 ,,A5,,")
EPISODES_2024 = episodes(
    "4,01/05/2023,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "5,01/06/2023,s,c2,n1,k2,pr4,01/09/2023,E11,,WV1 1AA,ZZ9 9ZZ,1234567",
)
HEADER_2025 = header(
    "1,1,01/06/2010,WBRI,A1,,", "2,2,15/01/2008,BAFR,A2,,", "3,1,2007-09-09,AIND,,,"
)
EPISODES_2025 = episodes(
    "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "2,01/06/2024,S,C2,N1,K2,PR4,01/08/2024,X1,CARPL,WV1 1AA,LS1 1AA,1234567",
    "2,01/08/2024,T,C2,N1,K2,PR4,,,,WV1 1AA,,",
    "3,01/07/2024,S,V2,N1,U4,PR4,,,,,B1 1AA,",
)
UASC_2025 = uasc("3,1,2007-09-09,")
OC3_2025 = oc3("1,01/06/2010,YES,F2,", "2,15/01/2008,,G5,D1")


@pytest.fixture
def la(db):
    return LocalAuthorityFactory(name="Wolverhampton", code="E08000031")


def round_trip(frame: pd.DataFrame) -> pd.DataFrame:
    layout, data = saved_tables.encode_table(frame)
    return saved_tables.decode_table(layout, len(frame), data, list(frame.columns))


def test_values_of_every_kind_come_back_exactly():
    frame = pd.DataFrame(
        {
            "CHILD": pd.array(["1", "2", None, "é\x00"], dtype="str"),  # a trailing NUL too
            # A time of day is dropped: a 903 date is a day.
            "DOB": [pd.Timestamp(2010, 1, 1), pd.NaT, pd.Timestamp(2011, 2, 3, 15, 30), pd.NaT],
            "DISTANCE": [1.25, np.nan, 0.1 + 0.2, 3.0],
            "PLACED_IN_AREA": pd.array([True, None, False, True], dtype="boolean"),
            "LOCATED": [True, False, True, True],
            "_row": [2, 3, 4, 5],
            "NOTHING": pd.array([None] * 4, dtype="str"),
        }
    )
    back = round_trip(frame)
    # Blank text is "", as a database text column held it.
    assert back["CHILD"].tolist() == ["1", "2", "", "é\x00"]
    assert back["CHILD"].dtype == "str"
    assert back["DOB"].dtype == "datetime64[s]"
    assert back["DOB"].tolist()[::2] == [pd.Timestamp(2010, 1, 1), pd.Timestamp(2011, 2, 3)]
    assert back["DOB"].isna().tolist() == [False, True, False, True]
    assert back["DISTANCE"].tolist()[::2] == [1.25, 0.1 + 0.2]  # exactly, not rounded
    assert np.isnan(back["DISTANCE"][1])
    # Unknown yes/no is None in an object column; without unknowns the column is bool.
    assert back["PLACED_IN_AREA"].tolist() == [True, None, False, True]
    assert back["PLACED_IN_AREA"].dtype == object
    assert back["LOCATED"].dtype == bool and back["LOCATED"].tolist() == [True, False, True, True]
    assert back["_row"].tolist() == [2, 3, 4, 5] and back["_row"].dtype == "int64"
    assert back["NOTHING"].tolist() == [""] * 4
    # A table with no rows (a return's file of only a header row) reads back empty.
    assert round_trip(frame.iloc[0:0]).empty
    # Only the columns asked for are read.
    layout, data = saved_tables.encode_table(frame)
    assert list(saved_tables.decode_table(layout, 4, data, ["_row"]).columns) == ["_row"]


def test_values_it_cannot_keep_exactly_are_refused():
    for values in ([1, "a"], [pd.Timestamp(2024, 1, 1, tz="UTC")], pd.array([1, None], "Int64")):
        with pytest.raises(ValueError):
            saved_tables.encode_table(pd.DataFrame({"X": values}))
    layout, data = saved_tables.encode_table(pd.DataFrame({"X": ["a"]}))
    with pytest.raises(ValueError, match="format"):
        saved_tables.decode_table({**layout, "format": 0}, 1, data, ["X"])


def test_an_import_saves_each_table_once_and_the_cohort_is_built_from_them(la):
    load(la, 2024, HEADER_2024, EPISODES_2024)
    second = load(la, 2025, HEADER_2025, EPISODES_2025, UASC_2025, OC3_2025)
    assert sorted(ReturnTable.objects.filter(return_obj=second).values_list("table", "rows")) == [
        ("Episodes", 4), ("Header", 3), ("OC3", 2), ("UASC", 1)
    ]  # fmt: skip
    data = selectors.load_cohort(la)
    assert data.years == (2024, 2025)
    raw = data.raw_episodes.set_index("CHILD")
    # Child 5 (2024): codes upper-cased, an unknown postcode: no distance, area unknown.
    assert raw.loc["5", ["PLACE", "PLACE_PROVIDER", "REC", "URN"]].tolist() == [
        "K2", "PR4", "E11", "1234567"
    ]  # fmt: skip
    assert raw.loc["5", "DEC"] == pd.Timestamp(2023, 9, 1)
    assert np.isnan(raw.loc["5", "DISTANCE"]) and raw.loc["5", "PLACED_IN_AREA"] is None
    # Child 4: placed at home's postcode, in the area; blank reason for leaving is "".
    assert (raw.loc["4", "DISTANCE"], raw.loc["4", "PLACED_IN_AREA"], raw.loc["4", "REC"]) == (
        0.0, True, ""
    )  # fmt: skip
    header_rows = data.header.set_index("CHILD")
    assert header_rows.loc["5", "DOB"] == pd.Timestamp(2011, 2, 3)
    assert header_rows.loc["5", "ETHNIC"] == ""
    assert data.oc3.set_index("CHILD").loc["2", ["IN_TOUCH", "ACTIV"]].tolist() == ["", "G5"]
    assert data.header["DOB"].dtype == "datetime64[s]" and data.header["SEX"].dtype == "str"


def test_a_replaced_return_loses_its_tables_and_the_new_ones_are_read(la):
    old = load(la, 2025, HEADER_2025, EPISODES_2025)
    again = episodes(
        "1,01/05/2024,S,C2,N1,U1,PR1,01/02/2025,E11,,WV1 1AA,WV1 1AA,",
        "2,01/06/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,1234567",
        "3,01/07/2024,S,V2,N1,U4,PR4,,,,,B1 1AA,",
    )
    replacing = load(la, 2025, HEADER_2025, again)
    assert replacing.status == Return.Status.PREVIEW
    # The preview saved its tables only inside a transaction it rolled back.
    assert set(ReturnTable.objects.values_list("return_obj", flat=True)) == {old.pk}
    import_return(replacing, accept=True)
    assert set(ReturnTable.objects.values_list("return_obj", flat=True)) == {replacing.pk}
    raw = selectors.load_cohort(la).raw_episodes
    # Child 1 left on 1 February 2025 in the return that replaced the first.
    assert raw.loc[raw["CHILD"] == "1", "REC"].tolist() == ["E11"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_rows_imported_before_into_saved_tables():
    before = [("placements", "0008_row_council_not_a_constraint")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        council = old.get_model("sufficiency", "LocalAuthority").objects.create(
            code="E08000031", name="Wolverhampton"
        )
        imported = old.get_model("placements", "Return").objects.create(
            la=council, year=2025, status="imported"
        )
        where = {"return_obj": imported, "la": council, "year": 2025}
        old.get_model("placements", "ChildHeader").objects.create(
            **where, child="1", source_file="header.csv", source_row=2, sex="1",
            dob=date(2010, 6, 1), ethnic="WBRI",
        )  # fmt: skip
        episode = old.get_model("placements", "Episode")
        for row, (child, decom, distance, in_area) in enumerate(
            [("1", date(2024, 5, 1), 0.0, True), ("1", date(2024, 9, 1), None, None)], start=2
        ):
            episode.objects.create(
                **where, child=child, source_file="episodes.csv", source_row=row, decom=decom,
                rne="S", ls="C2", place="U1", distance=distance, placed_in_area=in_area,
            )  # fmt: skip
        old.get_model("placements", "OtherRow").objects.create(
            **where, child="1", source_file="missing.csv", source_row=2, table="Missing",
            data={"CHILD": "1", "MISSING": "M", "MIS_START": "2024-08-01", "MIS_END": None},
        )  # fmt: skip
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    la = LocalAuthority.objects.get(code="E08000031")
    raw = selectors.load_cohort(la).raw_episodes
    assert raw["DECOM"].tolist() == [pd.Timestamp(2024, 5, 1), pd.Timestamp(2024, 9, 1)]
    assert raw["PLACED_IN_AREA"].tolist() == [True, None]
    assert raw["DISTANCE"].tolist()[0] == 0.0 and np.isnan(raw["DISTANCE"].tolist()[1])
    assert raw["REC"].tolist() == ["", ""]
    assert saved("Episodes", la=la)["_row"].tolist() == [2, 3]
    # The other tables were JSON: their dates stay ISO text.
    [missing] = saved("Missing", la=la).to_dict("records")
    assert (missing["CHILD"], missing["MIS_START"], missing["MIS_END"]) == ("1", "2024-08-01", "")
    assert (missing["_file"], missing["_row"]) == ("missing.csv", 2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own storage")
def test_postgresql_keeps_the_archives_uncompressed(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'placements_returntable'::regclass AND attname = 'data'"
        )
        assert cursor.fetchone() == ("e",)  # external: out of line, never compressed
