from django.urls import path

from placements.forecast import views

# The namespace is also the service navigation's section (sufficiency/context_processors.py).
app_name = "forecast"

urlpatterns = [
    path("", views.forecast, name="index"),
    path("scenarios/", views.scenarios, name="scenarios"),
    path("scenarios/<int:pk>/", views.scenario, name="scenario"),
    path("scenarios/<int:pk>/edit/", views.scenario_edit, name="scenario_edit"),
    path("scenarios/<int:pk>/delete/", views.scenario_delete, name="scenario_delete"),
    path("changes/<int:pk>/delete/", views.adjustment_delete, name="adjustment_delete"),
    path("costs/", views.costs, name="costs"),
]
