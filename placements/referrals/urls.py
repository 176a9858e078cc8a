"""The referral pages, under /<la>/referrals/, in the "referrals" namespace."""

from django.urls import path

from placements.referrals import views

# The namespace is also the service navigation's section (sufficiency/context_processors.py).
app_name = "referrals"

urlpatterns = [
    path("", views.overview, name="index"),
    path("list/", views.referral_list, name="list"),
    path("new/", views.referral_new, name="new"),
    path("import/", views.referral_import, name="import"),
    path("export.<str:fmt>", views.referral_export, name="export"),
    path("<int:pk>/", views.referral_edit, name="edit"),
    path("<int:pk>/outcome/", views.referral_outcome, name="outcome"),
]
