from django.apps import AppConfig, apps


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def warm_up(self) -> None:
        """Called by sufficiency.warm after the placements app's warm-up (INSTALLED_APPS
        order): the quarterly dashboard at the latest quarter end of each council whose cohort
        that read, its default date, so no worker's first dashboard works out its dozen dates'
        measures and charts (seconds). They are kept with the cohort; the plan's figures are
        not, so an edit still shows at once."""
        from placements.apps import PlacementsConfig
        from placements.cohort import selectors as cohort_selectors
        from reports import presenters, selectors

        placements = apps.get_app_config("placements")
        assert isinstance(placements, PlacementsConfig)
        for la in placements.warmed:
            data = cohort_selectors.cohort(la=la)  # in the cache: just read
            if data is not None:
                on = cohort_selectors.default_reference_date(data)
                presenters.dashboard_context(selectors.dashboard(la, on))
