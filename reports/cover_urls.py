"""The committee paper, under /<la>/reports/paper/: <kind> is quarterly, strategy or review
(the strategy's children's voice and previous strategy). Included in the "reports"
namespace, which keeps "Reports" current in the service navigation."""

from django.urls import path

from reports import cover_views as views

urlpatterns = [
    path("<slug:kind>/", views.paper, name="paper"),
    path("<slug:kind>/history/", views.history, name="paper_history"),
    path("<slug:kind>/<slug:name>/", views.row, name="paper_row"),
    path("<slug:kind>/<slug:name>/edit/", views.edit, name="paper_edit"),
]
