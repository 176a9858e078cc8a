from django.urls import path

from sufficiency.retention import views

urlpatterns = [
    path("returns/<int:pk>/delete/", views.delete_return, name="data_return_delete"),
    path("delete/", views.delete_cohort, name="data_delete"),
]
