import io

import pytest

from demo.plan import load_demo as load_demo_plan
from placements.cohort.services import create_return, import_return
from tests.factories import PopulationFactory
from tests.placements.returns import episodes, header, oc3, uasc

YEAR_2024 = [
    header("1,1,01/06/2010,WBRI,,,", "2,2,15/01/2008,BAFR,,,", "3,1,09/09/2007,AIND,,,"),
    episodes(
        "1,01/05/2022,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "2,01/06/2023,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,1234567",
    ),
]
YEAR_2025 = [
    header("1,M,01/06/2010,WBRI,,,", "2,F,15/01/2008,BAFR,,,", "3,M,09/09/2007,AIND,,,"),
    episodes(
        "1,01/05/2022,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "2,01/06/2023,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,1234567",
        "3,01/07/2024,S,V2,N1,U4,PR4,,,,WV1 1AA,B1 1AA,",
    ),
    uasc("3,M,09/09/2007,"),
    oc3("9,01/01/2007,YES,F1,B1"),
]


@pytest.fixture
def council(la):
    """A council with two years of returns, its population and a demo strategy."""
    for year, files in ((2024, YEAR_2024), (2025, YEAR_2025)):
        import_return(create_return(la=la, year=year, uploads=files, user=None))
    PopulationFactory(la=la, year=2025, children=30000)
    load_demo_plan(la=la, stdout=io.StringIO())
    return la
