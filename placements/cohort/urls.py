"""The cohort's pages: Children in care (the "children" namespace) and the council's data, its
returns and population (the "data" namespace). Each namespace is a section of the service
navigation (sufficiency/context_processors.py)."""

from django.urls import path

from placements.cohort import retention_views, views

children_patterns = [
    path("", views.children, name="index"),
]

data_patterns = [
    path("", views.data, name="index"),
    path("population/", views.data_population, name="population"),
    path("returns/<int:pk>/", views.data_return, name="return"),
    path(
        "returns/<int:pk>/problems.csv",
        views.data_return_problems,
        name="return_problems",
    ),
    path("returns/<int:pk>/rerun/", views.data_return_rerun, name="return_rerun"),
    path(
        "returns/<int:pk>/delete/",
        retention_views.delete_return,
        name="return_delete",
    ),
    path("delete/", retention_views.delete_cohort, name="delete"),
    path("returns/<int:pk>/accept/", views.data_return_accept, name="return_accept"),
    path(
        "returns/<int:pk>/dfe-rules.xlsx",
        views.data_return_dfe_rules,
        name="return_dfe_rules",
    ),
    path(
        "returns/<int:pk>/dfe-rules/run/",
        views.data_return_dfe_rules_run,
        name="return_dfe_rules_run",
    ),
]
