"""The rows an import keeps beside the database (store.save_rows, ADR 0028): a cohort built
from them is exactly the cohort built from the database, value for value and type for type,
and they go when their return's rows leave the database."""

import io
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from django.utils import timezone

from demo import cohort as demo_cohort
from placements.cohort import retention, selectors, store
from placements.cohort.models import Return
from placements.cohort.services import import_return
from sufficiency.councils import LocalAuthority
from tests.factories import LocalAuthorityFactory
from tests.placements.returns import episodes, header, load, oc3, uasc

# Blanks, stray spaces, lower-case codes, both date forms, an unknown postcode, a child who
# leaves and comes back, a care leaver with a blank: the values a cohort must read back alike.
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
OC3_2025 = oc3("6,01/01/2005,YES,F2,", "7,02/02/2006,,G5,D1")


@pytest.fixture
def la(db):
    return LocalAuthorityFactory(name="Wolverhampton", code="E08000031")


def kept_folders(la) -> list[str]:
    folder = store.root() / "rows" / str(la.pk)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def from_database(la) -> selectors.Cohort:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "load_rows", lambda *args: None)  # as if no return kept its rows
        return selectors.load_cohort(la)


def assert_same_cohort(built: selectors.Cohort, expected: selectors.Cohort) -> None:
    assert built.years == expected.years
    assert built.as_at == expected.as_at
    for name in store.FRAMES:
        left, right = getattr(built, name), getattr(expected, name)
        pd.testing.assert_frame_equal(left, right, check_exact=True)
        # assert_frame_equal takes None, NaN and pd.NA in a text column as equal; a cohort's
        # readers need not, so each value's repr is compared too.
        for column in left.columns:
            if left[column].dtype == object:
                assert list(map(repr, left[column])) == list(map(repr, right[column])), column


def test_an_import_keeps_its_rows_and_the_cohort_from_them_is_the_databases(
    la, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        first = load(la, 2024, HEADER_2024, EPISODES_2024)
    with django_capture_on_commit_callbacks(execute=True):
        second = load(la, 2025, HEADER_2025, EPISODES_2025, UASC_2025, OC3_2025)
    assert len(kept_folders(la)) == 2
    database = from_database(la)

    def no_database(*args, **kwargs):
        raise AssertionError("read the database")

    monkeypatch.setattr(selectors, "_database_rows", no_database)
    kept = selectors.load_cohort(la)
    assert_same_cohort(kept, database)
    assert {first.pk, second.pk} == {int(name.split("-")[0]) for name in kept_folders(la)}


def test_returns_that_kept_no_rows_are_read_from_the_database_beside_those_that_did(
    la, django_capture_on_commit_callbacks
):
    load(la, 2024, HEADER_2024, EPISODES_2024)  # not committed in the test: keeps nothing
    with django_capture_on_commit_callbacks(execute=True):
        load(la, 2025, HEADER_2025, EPISODES_2025, UASC_2025, OC3_2025)
    assert len(kept_folders(la)) == 1
    assert_same_cohort(selectors.load_cohort(la), from_database(la))


def test_a_replaced_return_loses_its_kept_rows_and_the_new_ones_are_read(
    la, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        old = load(la, 2025, HEADER_2025, EPISODES_2025)
    again = episodes(
        "1,01/05/2024,S,C2,N1,U1,PR1,01/02/2025,E11,,WV1 1AA,WV1 1AA,",
        "2,01/06/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,1234567",
        "3,01/07/2024,S,V2,N1,U4,PR4,,,,,B1 1AA,",
    )
    replacing = load(la, 2025, HEADER_2025, again)
    assert replacing.status == Return.Status.PREVIEW
    assert [name.split("-")[0] for name in kept_folders(la)] == [str(old.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        import_return(replacing, accept=True)
    assert [name.split("-")[0] for name in kept_folders(la)] == [str(replacing.pk)]
    kept = selectors.load_cohort(la)
    assert_same_cohort(kept, from_database(la))
    # Child 1 left on 1 February 2025 in the return that replaced the first.
    assert kept.raw_episodes.loc[kept.raw_episodes["CHILD"] == "1", "REC"].tolist() == ["E11"]


def test_deleting_the_cohort_removes_the_kept_rows(la, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load(la, 2025, HEADER_2025, EPISODES_2025)
    assert kept_folders(la)
    retention.delete_cohort(la=la, by=None)
    assert kept_folders(la) == []


def test_values_of_every_kind_round_trip_and_others_are_not_kept(settings, tmp_path):
    settings.COHORT_STORE_DIR = tmp_path
    columns = {
        "child": ["1", "2", "", "é"],
        "dob": ["2010-01-01", None, "2011-02-03", None],
        "distance": [1.25, None, 0.1 + 0.2, 3.0],
        "placed_in_area": [True, None, False, True],
        "year": [2025, 2025, 2025, 2025],
        "nothing": [None, None, None, None],
    }
    finished = datetime(2025, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)
    store.save_rows(1, 7, finished, {"Episodes": store.encode_rows(columns)})
    rows = store.load_rows(1, 7, finished, "Episodes", list(columns))
    assert rows == list(zip(*columns.values(), strict=True))
    assert [type(v) for v in rows[2]] == [str, str, float, bool, int, type(None)]
    assert store.load_rows(1, 7, finished, "OC3", ["child"]) == []  # a table it did not hold
    assert store.load_rows(1, 7, finished.replace(microsecond=0), "Episodes", ["child"]) is None
    assert store.encode_rows({"mixed": [1, "a"]}) is None
    assert store.encode_rows({"nul": ["a\x00"]}) is None
    assert store.encode_rows({"huge": [2**70]}) is None
    assert store.encode_rows({"nan": [1.0, float("nan")]}) is None


def test_the_demo_history_built_from_kept_rows_is_the_databases(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    # The demo's shape (eight years, an in-year extract replaced by a later one), fewer
    # children: generated values of every kind, not written by hand.
    monkeypatch.setattr(demo_cohort, "CHILDREN", 120)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 11, 29))
    la = LocalAuthority.objects.create(code="E08000031", name="Demo council")
    for today in (date(2026, 11, 29), date(2027, 1, 15)):
        with django_capture_on_commit_callbacks(execute=True):
            demo_cohort.load_demo(la=la, stdout=io.StringIO(), today=today)
    imported = selectors.imported_returns(la=la)
    assert sorted(int(name.split("-")[0]) for name in kept_folders(la)) == sorted(
        r.pk for r in imported
    )
    kept = selectors.load_cohort(la)
    assert kept.as_at == date(2026, 12, 31)
    assert_same_cohort(kept, from_database(la))
