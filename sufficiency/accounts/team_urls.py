"""The team page and its people, under /<council>/users/. Named overview_* so the Overview
tab stays current."""

from django.urls import path

from sufficiency.accounts import views
from sufficiency.regions import views as region_views

urlpatterns = [
    path("", views.team, name="overview_users"),
    path("<int:pk>/", views.member, name="overview_users_member"),
    path("<int:pk>/remove/", views.member_remove, name="overview_users_remove"),
    path("region/", region_views.sharing, name="overview_users_region"),
    path("<int:pk>/reset-mfa/", views.member_reset_mfa, name="overview_users_reset_mfa"),
]
