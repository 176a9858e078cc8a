from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Children in care and the market"
    # (council, cohort) read by warm_up, for apps warmed after this one (reports).
    warmed: list = []

    def warm_up(self) -> None:
        """Called by sufficiency.warm before a web process takes its first request: the code
        labels every page shows, the stored cohorts of the councils imported last, and their
        market and forecast at the latest quarter end (the dashboard's default date)."""
        from placements.cohort import selectors
        from placements.cohort.ssda903 import codes
        from placements.forecast import reporting

        codes.code_label("PLACE", "")
        self.warmed = selectors.warm_cohorts()
        reporting.warm_latest_quarter(self.warmed)
