"""The average weekly cost per category that the forecast takes from the market data."""

from datetime import date

from placements.cohort.services import create_return, import_return
from placements.market.models import Cost, Provider
from placements.market.selectors import average_weekly_costs
from tests.placements.returns import episodes, header


def test_average_weekly_cost_per_category_of_children_placed(la):
    import_return(
        create_return(
            la=la,
            year=2025,
            uploads=[
                header("1,M,01/06/2010,WBRI,,,", "2,F,01/06/2009,WBRI,,,", "3,F,01/06/2011,,,,"),
                episodes(
                    "1,01/05/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,B1 1AA,1000001",
                    "2,01/05/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,B1 1AA,1000002",
                    "3,01/05/2024,S,C2,N1,U4,PR4,,,,WV1 1AA,B1 1AA,1000003",
                ),
            ],
            user=None,
        )
    )
    home_a = Provider.objects.create(urn="1000001", name="Home A", provider_type="childrens_home")
    home_b = Provider.objects.create(urn="1000002", name="Home B", provider_type="childrens_home")
    agency = Provider.objects.create(urn="1000003", name="Agency", provider_type="ifa")
    Cost.objects.create(la=la, provider=home_a, category="childrens_home", weekly_cost=5000,
                        start=date(2024, 4, 1))  # fmt: skip
    # Home B's price rose in January 2025: the price in force on 31 March 2025 counts.
    Cost.objects.create(la=la, provider=home_b, category="childrens_home", weekly_cost=6000,
                        start=date(2024, 4, 1), end=date(2024, 12, 31))  # fmt: skip
    Cost.objects.create(la=la, provider=home_b, category="childrens_home", weekly_cost=7000,
                        start=date(2025, 1, 1))  # fmt: skip
    Cost.objects.create(la=la, provider=agency, category="ifa_foster", weekly_cost=950,
                        start=date(2024, 4, 1))  # fmt: skip
    # Children's homes: (5,000 + 7,000) / 2 = 6,000; the agency's one child: 950.
    assert average_weekly_costs(la=la) == {"childrens_home": 6000.0, "ifa_foster": 950.0}
