from django.urls import path

from placements.forecast import views

urlpatterns = [
    path("", views.forecast, name="forecast"),
    path("scenarios/", views.scenarios, name="forecast_scenarios"),
    path("scenarios/<int:pk>/", views.scenario, name="forecast_scenario"),
    path("scenarios/<int:pk>/edit/", views.scenario_edit, name="forecast_scenario_edit"),
    path("scenarios/<int:pk>/delete/", views.scenario_delete, name="forecast_scenario_delete"),
    path("changes/<int:pk>/delete/", views.adjustment_delete, name="forecast_adjustment_delete"),
    path("costs/", views.costs, name="forecast_costs"),
]
