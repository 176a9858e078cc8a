"""The strategy and its action plan, under /<la>/actions/. Every name starts with "actions"
so the service navigation keeps "Action plan" current."""

from django.urls import path

from sufficiency.plan import intention_views, views

urlpatterns = [
    path("", views.plan, name="actions"),
    path("new/", views.action_new, name="actions_new"),
    path("<int:pk>/", views.action_detail, name="actions_action"),
    path("<int:pk>/row/", views.action_row, name="actions_row"),
    path("<int:pk>/edit/", views.action_edit, name="actions_edit"),
    path("<int:pk>/update/", views.action_update, name="actions_update"),
    path("<int:pk>/move/", views.action_move, name="actions_move"),
    path("<int:pk>/delete/", views.action_delete, name="actions_delete"),
    path("strategy/", views.strategy_detail, name="actions_strategy"),
    path("strategy/edit/", views.strategy_edit, name="actions_strategy_edit"),
    path("priorities/new/", views.priority_new, name="actions_priority_new"),
    path("priorities/<int:pk>/", views.priority_detail, name="actions_priority"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="actions_priority_edit"),
    path("priorities/<int:pk>/move/", views.priority_move, name="actions_priority_move"),
    path("priorities/<int:pk>/delete/", views.priority_delete, name="actions_priority_delete"),
    path("measures/", views.measures, name="actions_measures"),
    path("measures/new/", views.measure_new, name="actions_measure_new"),
    path("measures/<int:pk>/", views.measure_detail, name="actions_measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="actions_measure_edit"),
    path("measures/<int:pk>/values/", views.measure_value, name="actions_measure_value"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="actions_measure_delete"),
    path("history/", views.history, name="actions_history"),
    path("intentions/<slug:chapter>/", intention_views.intention_edit, name="actions_intention"),
    path("export.xlsx", views.export, name="actions_export"),
    path("import/", views.import_plan, name="actions_import"),
    path("import/template.csv", views.import_template, name="actions_template"),
]
