from django.urls import path

from reports.regions import views

# The namespace is also the service navigation's section (sufficiency/context_processors.py).
app_name = "region"

urlpatterns = [
    path("", views.region_overview, name="overview"),
    path("placements/", views.region_placements, name="placements"),
    path("market/", views.region_market, name="market"),
    path("report/", views.region_report, name="report"),
    path("report.pdf", views.region_report, {"fmt": "pdf"}, name="report_pdf"),
    path("tables/<slug:table_id>.<str:fmt>", views.region_table, name="table"),
]
