from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Children in care and the market"

    def warm_up(self) -> None:
        """Called by sufficiency.warm before a web process takes its first request: the code
        labels every page shows and the stored cohorts of the councils imported last."""
        from placements.cohort import selectors
        from placements.cohort.ssda903 import codes

        codes.code_label("PLACE", "")
        selectors.warm_cohorts()
