from django.urls import include, path

from placements.cohort import retention_views, views

urlpatterns = [
    path("children/", views.children, name="children"),
    path("market/", include("placements.market.urls")),
    path("data/", views.data, name="data"),
    path("data/population/", views.data_population, name="data_population"),
    path("data/returns/<int:pk>/", views.data_return, name="data_return"),
    path(
        "data/returns/<int:pk>/problems.csv",
        views.data_return_problems,
        name="data_return_problems",
    ),
    path("data/returns/<int:pk>/rerun/", views.data_return_rerun, name="data_return_rerun"),
    path(
        "data/returns/<int:pk>/delete/",
        retention_views.delete_return,
        name="data_return_delete",
    ),
    path("data/delete/", retention_views.delete_cohort, name="data_delete"),
    path("data/returns/<int:pk>/accept/", views.data_return_accept, name="data_return_accept"),
    path(
        "data/returns/<int:pk>/dfe-rules.xlsx",
        views.data_return_dfe_rules,
        name="data_return_dfe_rules",
    ),
    path(
        "data/returns/<int:pk>/dfe-rules/run/",
        views.data_return_dfe_rules_run,
        name="data_return_dfe_rules_run",
    ),
]
