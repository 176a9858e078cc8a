from django.urls import include, path

from reports import views

urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/dashboard/", views.reports_dashboard, name="reports_dashboard"),
    path("reports/strategy/", views.reports_strategy, name="reports_strategy"),
    path("reports/commentary/", views.reports_commentary, name="reports_commentary"),
    path("reports/tables/<slug:table_id>.<str:fmt>", views.reports_table, name="reports_table"),
    path("reports/generate/", views.reports_generate, name="reports_generate"),
    path("reports/generated/<int:pk>/", views.reports_generated, name="reports_generated"),
    path("reports/generated/<int:pk>/retry/", views.reports_retry, name="reports_retry"),
    path("reports/generated/<int:pk>/pdf", views.reports_download, name="reports_download"),
    path("reports/paper/", include("reports.cover_urls")),
]
