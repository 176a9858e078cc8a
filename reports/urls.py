from django.urls import include, path

from reports import views

# The namespace is also the service navigation's section (sufficiency/context_processors.py).
app_name = "reports"

urlpatterns = [
    path("reports/", views.reports, name="index"),
    path("reports/dashboard/", views.reports_dashboard, name="dashboard"),
    path("reports/strategy/", views.reports_strategy, name="strategy"),
    path("reports/commentary/", views.reports_commentary, name="commentary"),
    path("reports/tables/<slug:table_id>.<str:fmt>", views.reports_table, name="table"),
    path("reports/generate/", views.reports_generate, name="generate"),
    path("reports/generated/<int:pk>/", views.reports_generated, name="generated"),
    path("reports/generated/<int:pk>/retry/", views.reports_retry, name="retry"),
    path("reports/generated/<int:pk>/pdf", views.reports_download, name="download"),
    path("reports/paper/", include("reports.cover_urls")),
]
