"""The merged cohort kept on disk per data version (placements.cohort.store, ADR 0017): built at
import, read by any process instead of the database, a new version whenever the returns change,
and the same figures as reading the database afresh."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from placements.cohort import retention, selectors, services, store
from placements.cohort.models import Return
from placements.cohort.services import import_return
from tests.factories import LocalAuthorityFactory, PopulationFactory
from tests.placements.returns import episodes, header, load, oc3, uasc

HEADER = header("1,1,01/06/2010,WBRI,A1,,", "2,2,15/01/2008,BAFR,A2,,", "3,1,2007-09-09,AIND,A3,,")
EPISODES_2025 = episodes(
    "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "2,01/06/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,1234567",
    "3,01/07/2024,S,V2,N1,U4,PR4,,,,WV1 1AA,B1 1AA,",
)
# The same year again, child 3 now left care on 1 February 2025 (E11: adopted).
EPISODES_2025_AGAIN = episodes(
    "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "2,01/06/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,1234567",
    "3,01/07/2024,S,V2,N1,U4,PR4,01/02/2025,E11,,WV1 1AA,B1 1AA,",
)
HEADER_2024 = header("4,1,01/06/2012,WBRI,A4,,")
EPISODES_2024 = episodes("4,01/05/2023,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,")
ON = date(2025, 3, 31)


@pytest.fixture
def la(db):
    return LocalAuthorityFactory(name="Wolverhampton", code="E08000031")


def stored_versions(la) -> list[str]:
    folder = store.root() / str(la.pk)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def forget_memory():
    # Another process: nothing of the cohort in memory, only what is on disk.
    selectors._CACHE.clear()


def current_version(la) -> str:
    returns = tuple((r.pk, r.finished_at) for r in selectors.imported_returns(la=la))
    return store.version_name(la.pk, returns)


def test_import_builds_the_stored_version(la, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load(la, 2025, HEADER, EPISODES_2025)
    assert stored_versions(la) == [current_version(la)]


def test_imports_in_one_block_build_the_stored_version_once_at_its_end(
    la, django_capture_on_commit_callbacks, monkeypatch
):
    built = []
    real = selectors.build_stored_cohort
    monkeypatch.setattr(selectors, "build_stored_cohort", lambda la: built.append(real(la=la)))
    with services.cohort_built_once():
        for year, files in ((2024, (HEADER_2024, EPISODES_2024)), (2025, (HEADER, EPISODES_2025))):
            with django_capture_on_commit_callbacks(execute=True):  # each import commits
                load(la, year, *files)
        assert built == []
    assert [data.years for data in built] == [(2024, 2025)]
    assert stored_versions(la) == [current_version(la)]


def test_another_process_reads_the_stored_cohort_not_the_database(la, monkeypatch):
    load(la, 2025, HEADER, EPISODES_2025, uasc("3,1,2007-09-09,"), oc3())
    built = selectors.cohort(la=la)
    forget_memory()

    def no_database(*args):
        raise AssertionError("read the database")

    monkeypatch.setattr(selectors, "_load_cohort", no_database)
    read = selectors.cohort(la=la)
    assert read is not built
    for name in store.FRAMES:
        pd.testing.assert_frame_equal(getattr(read, name), getattr(built, name))
    assert read.years == built.years == (2025,)


def test_warming_a_new_process_reads_the_stored_cohort_before_any_page(la, monkeypatch):
    load(la, 2025, HEADER, EPISODES_2025)
    built = selectors.cohort(la=la)
    forget_memory()
    assert len(selectors.warm_cohorts()) == 1

    def no_reading(*args):
        raise AssertionError("read the cohort again")

    monkeypatch.setattr(store, "load", no_reading)
    monkeypatch.setattr(selectors, "_load_cohort", no_reading)
    warmed = selectors.cohort(la=la)
    pd.testing.assert_frame_equal(warmed.episodes, built.episodes)


def test_warming_never_builds_a_version_from_the_database(la, monkeypatch):
    load(la, 2025, HEADER, EPISODES_2025)
    store.forget(la.pk)
    forget_memory()

    def no_database(*args):
        raise AssertionError("read the database")

    monkeypatch.setattr(selectors, "_load_cohort", no_database)
    assert selectors.warm_cohorts() == []
    assert selectors._CACHE == {}


def test_stored_cohort_gives_the_figures_of_the_database(la):
    load(la, 2024, HEADER_2024, EPISODES_2024)
    load(la, 2025, HEADER, EPISODES_2025, uasc("3,1,2007-09-09,"))
    selectors.cohort(la=la)
    forget_memory()
    stored = selectors.cohort(la=la)
    fresh = selectors.load_cohort(la)
    assert selectors.headline_measures(la=la, on=ON, data=stored) == (
        selectors.headline_measures(la=la, on=ON, data=fresh)
    )
    # Hand-worked: children 1, 2, 3 (2025) and 4 (2024, still open) in care on 31 March 2025.
    assert selectors.headline_measures(la=la, on=ON, data=stored)["cla"] == 4
    page = selectors.cohort_at(la=la, data=stored, on=ON)
    assert page.now == selectors.cohort_at(la=la, data=fresh, on=ON).now


def test_each_import_is_a_new_version_and_the_old_one_goes(la):
    load(la, 2024, HEADER_2024, EPISODES_2024)
    selectors.cohort(la=la)
    first = stored_versions(la)
    load(la, 2025, HEADER, EPISODES_2025)
    forget_memory()
    data = selectors.cohort(la=la)
    assert data.years == (2024, 2025)
    assert stored_versions(la) == [current_version(la)] != first


def test_a_replaced_year_is_never_read_from_the_old_version(la):
    load(la, 2025, HEADER, EPISODES_2025)
    assert selectors.headline_measures(la=la, on=ON)["cla"] == 3
    replacing = load(la, 2025, HEADER, EPISODES_2025_AGAIN)
    assert replacing.status == Return.Status.PREVIEW
    accepted = import_return(replacing, accept=True)
    assert accepted.status == Return.Status.IMPORTED
    forget_memory()
    # Child 3 left on 1 February 2025: two in care on 31 March.
    assert selectors.headline_measures(la=la, on=ON)["cla"] == 2


def test_deleting_a_return_removes_its_stored_cohort(la):
    kept = load(la, 2024, HEADER_2024, EPISODES_2024)
    doomed = load(la, 2025, HEADER, EPISODES_2025)
    selectors.cohort(la=la)
    assert stored_versions(la)
    retention.delete_return(return_obj=doomed, by=None)
    assert stored_versions(la) == []
    forget_memory()
    data = selectors.cohort(la=la)
    assert data.years == (kept.year,)
    assert selectors.headline_measures(la=la, on=date(2024, 3, 31), data=data)["cla"] == 1


def test_deleting_the_whole_cohort_removes_every_version(la):
    load(la, 2025, HEADER, EPISODES_2025)
    selectors.cohort(la=la)
    retention.delete_cohort(la=la, by=None)
    assert stored_versions(la) == []
    assert selectors.cohort(la=la) is None


def test_frames_round_trip_with_missing_values_of_every_kind(settings, tmp_path):
    settings.COHORT_STORE_DIR = tmp_path
    frame = pd.DataFrame(
        {
            # A trailing NUL is kept too (a NumPy text array would drop it).
            "TEXT": pd.array(["a", None, "b\x00", "a"], dtype="str"),
            "WHEN": pd.to_datetime(["2024-04-01", None, "2025-03-31", "2020-01-01"]).astype(
                "datetime64[s]"
            ),
            "FLAG": np.array([True, None, False, True], dtype=object),
            "MILES": [1.5, np.nan, 0.0, 3.0],
            "N": np.array([1, 2, 3, 4], dtype="int64"),
            "OK": [True, False, True, True],
        }
    )
    empty = frame.iloc[0:0].reset_index(drop=True)
    frames = {name: frame if name == "episodes" else empty for name in store.FRAMES}
    assert store.save(1, "v", frames, (2025,))
    read, years = store.load(1, "v")
    assert years == (2025,)
    for name in store.FRAMES:
        pd.testing.assert_frame_equal(read[name], frames[name])


def test_a_version_never_stored_is_not_found(settings, tmp_path):
    settings.COHORT_STORE_DIR = tmp_path
    assert store.load(1, "missing") is None


def test_the_page_figures_are_kept_with_the_version_and_equal_working_them_out(la, monkeypatch):
    load(la, 2024, HEADER_2024, EPISODES_2024)
    load(la, 2025, HEADER, EPISODES_2025)
    PopulationFactory(la=la, year=2025, children=40000)
    data = selectors.cohort(la=la)
    worked_out = selectors._cohort_at(la=la, data=data, on=ON)
    first = selectors.cohort_at(la=la, data=data, on=ON)
    assert (first.now, first.before, first.location) == (
        worked_out.now,
        worked_out.before,
        worked_out.location,
    )
    forget_memory()

    def no_measures(**kwargs):
        raise AssertionError("worked the page out again")

    monkeypatch.setattr(selectors, "_cohort_at", no_measures)
    again = selectors.cohort_at(la=la, data=selectors.cohort(la=la), on=ON)
    assert again.now == worked_out.now and again.before == worked_out.before
    assert again.location == worked_out.location and again.england == worked_out.england
    pd.testing.assert_frame_equal(again.series, worked_out.series)
    # Hand-worked: 4 children in care per 40,000 children is 1 per 10,000.
    assert again.now["rate_per_10k"] == 1


def test_a_new_population_gives_new_page_figures(la):
    load(la, 2025, HEADER, EPISODES_2025)
    population = PopulationFactory(la=la, year=2025, children=30000)
    data = selectors.cohort(la=la)
    assert selectors.cohort_at(la=la, data=data, on=ON).now["rate_per_10k"] == 1
    population.children = 15000
    population.save()
    # Hand-worked: 3 children per 15,000 is 2 per 10,000.
    assert selectors.cohort_at(la=la, data=data, on=ON).now["rate_per_10k"] == 2
