"""The strategy and its action plan, under /<la>/actions/. In the "actions"
namespace, which keeps "Action plan" current in the service navigation."""

from django.urls import path

from sufficiency.plan import intention_views, views

# The namespace is also the service navigation's section (sufficiency/context_processors.py).
app_name = "actions"

urlpatterns = [
    path("", views.plan, name="index"),
    path("new/", views.action_new, name="new"),
    path("<int:pk>/", views.action_detail, name="action"),
    path("<int:pk>/row/", views.action_row, name="row"),
    path("<int:pk>/edit/", views.action_edit, name="edit"),
    path("<int:pk>/update/", views.action_update, name="update"),
    path("<int:pk>/move/", views.action_move, name="move"),
    path("<int:pk>/delete/", views.action_delete, name="delete"),
    path("strategy/", views.strategy_detail, name="strategy"),
    path("strategy/edit/", views.strategy_edit, name="strategy_edit"),
    path("priorities/new/", views.priority_new, name="priority_new"),
    path("priorities/<int:pk>/", views.priority_detail, name="priority"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/move/", views.priority_move, name="priority_move"),
    path("priorities/<int:pk>/delete/", views.priority_delete, name="priority_delete"),
    path("measures/", views.measures, name="measures"),
    path("measures/new/", views.measure_new, name="measure_new"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/values/", views.measure_value, name="measure_value"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="measure_delete"),
    path("history/", views.history, name="history"),
    path("intentions/<slug:chapter>/", intention_views.intention_edit, name="intention"),
    path("export.xlsx", views.export, name="export"),
    path("import/", views.import_plan, name="import"),
    path("import/template.csv", views.import_template, name="template"),
]
