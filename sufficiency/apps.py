from django.apps import AppConfig


class SufficiencyConfig(AppConfig):
    name = "sufficiency"
    verbose_name = "Councils, users and the strategy"

    def ready(self) -> None:
        from sufficiency import checks  # noqa: F401  registers the production checks
