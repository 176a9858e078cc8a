"""The data page's lists: only the council's own returns and population figures."""

import pytest

from placements.cohort import selectors
from tests.factories import PopulationFactory, ReturnFactory


@pytest.mark.django_db
def test_uploaded_returns_are_the_councils_own_in_any_state(la, other_la):
    ours = [ReturnFactory(la=la, year=2024), ReturnFactory(la=la, year=2025)]
    ReturnFactory(la=other_la)
    assert sorted(r.pk for r in selectors.uploaded_returns(la=la)) == [r.pk for r in ours]


@pytest.mark.django_db
def test_populations_are_the_councils_own_latest_year_first(la, other_la):
    PopulationFactory(la=la, year=2023, children=100)
    PopulationFactory(la=la, year=2025, children=120)
    PopulationFactory(la=other_la, year=2024)
    figures = [(p.year, p.children) for p in selectors.populations(la=la)]
    assert figures == [(2025, 120), (2023, 100)]
