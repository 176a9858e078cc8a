"""The team page and its people, under /<council>/users/, in the "overview" namespace so the
Overview tab stays current."""

from django.urls import path

from sufficiency.accounts import views
from sufficiency.regions import views as region_views

urlpatterns = [
    path("", views.team, name="users"),
    path("<int:pk>/", views.member, name="users_member"),
    path("<int:pk>/remove/", views.member_remove, name="users_remove"),
    path("region/", region_views.sharing, name="users_region"),
    path("<int:pk>/reset-mfa/", views.member_reset_mfa, name="users_reset_mfa"),
]
