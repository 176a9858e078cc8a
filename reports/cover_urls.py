"""The committee paper, under /<la>/reports/paper/: <kind> is quarterly, strategy or review
(the strategy's children's voice and previous strategy). Names start with "reports" so the
service navigation keeps "Reports" current."""

from django.urls import path

from reports import cover_views as views

urlpatterns = [
    path("<slug:kind>/", views.paper, name="reports_paper"),
    path("<slug:kind>/history/", views.history, name="reports_paper_history"),
    path("<slug:kind>/<slug:name>/", views.row, name="reports_paper_row"),
    path("<slug:kind>/<slug:name>/edit/", views.edit, name="reports_paper_edit"),
]
