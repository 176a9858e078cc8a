from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from sufficiency.councils import LocalAuthority


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Children in care and the market"
    # The councils whose cohorts warm_up read, for apps warmed after this one (reports). Only
    # the councils: the cohorts stay in the cohort cache, which may let them go.
    warmed: tuple["LocalAuthority", ...] = ()

    def warm_up(self) -> None:
        """Called by sufficiency.warm before a web process takes its first request: the code
        labels every page shows, the stored cohorts of the councils imported last, and their
        market and forecast at the latest quarter end (the dashboard's default date)."""
        from placements.cohort import selectors
        from placements.cohort.ssda903 import codes
        from placements.forecast import reporting

        codes.code_label("PLACE", "")
        found = selectors.warm_cohorts()
        reporting.warm_latest_quarter(found)
        self.warmed = tuple(la for la, _ in found)
