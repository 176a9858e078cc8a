from django.apps import AppConfig


class ForecastConfig(AppConfig):
    name = "placements.forecast"
    label = "forecast"
    verbose_name = "Demand forecast, scenarios and costs"
