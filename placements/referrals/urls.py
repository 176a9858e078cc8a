"""The referral pages. Names start with "referrals" so the navigation keeps Referrals current."""

from django.urls import path

from placements.referrals import views

urlpatterns = [
    path("", views.overview, name="referrals"),
    path("list/", views.referral_list, name="referrals_list"),
    path("new/", views.referral_new, name="referrals_new"),
    path("import/", views.referral_import, name="referrals_import"),
    path("export.<str:fmt>", views.referral_export, name="referrals_export"),
    path("<int:pk>/", views.referral_edit, name="referrals_edit"),
    path("<int:pk>/outcome/", views.referral_outcome, name="referrals_outcome"),
]
