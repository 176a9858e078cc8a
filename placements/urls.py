from django.urls import path

from placements import views

urlpatterns = [
    path("children/", views.children, name="children"),
    path("market/", views.market, name="market"),
    path("data/", views.data, name="data"),
]
