from django.urls import path

from sufficiency.accounts import views

urlpatterns = [
    path("invitation/<str:token>/", views.invitation, name="accounts_invitation"),
    # Before allauth's own, which it replaces (same name, same template).
    path("2fa/totp/activate/", views.activate_totp, name="mfa_activate_totp"),
    path("email/", views.not_offered),
    path("3rdparty/", views.not_offered),
]
