from django.urls import path

from reports.regions import views

urlpatterns = [
    path("", views.region_overview, name="region_overview"),
    path("placements/", views.region_placements, name="region_placements"),
    path("market/", views.region_market, name="region_market"),
    path("report/", views.region_report, name="region_report"),
    path("report.pdf", views.region_report, {"fmt": "pdf"}, name="region_report_pdf"),
    path("tables/<slug:table_id>.<str:fmt>", views.region_table, name="region_table"),
]
