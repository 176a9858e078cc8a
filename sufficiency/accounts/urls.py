from django.urls import path

from sufficiency.accounts import views

urlpatterns = [
    path("invitation/<str:token>/", views.invitation, name="accounts_invitation"),
]
