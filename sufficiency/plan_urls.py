"""The strategy and its action plan, under /<la>/actions/."""

from django.urls import path

from sufficiency import views

urlpatterns = [
    path("", views.actions, name="actions"),
]
