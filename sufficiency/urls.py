from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter

from reports import views as reports_views
from sufficiency import views


class CouncilCodeConverter:
    """An ONS-style council code: letters and digits, e.g. E08000031."""

    regex = "[A-Za-z][A-Za-z0-9]{1,11}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CouncilCodeConverter, "la")

council_patterns = [
    path("", reports_views.overview, name="overview"),
    path("users/", views.council_users, name="overview_users"),
    path("", include("placements.cohort.urls")),
    path("", include("reports.urls")),
    path("actions/", include("sufficiency.plan_urls")),
    path("forecast/", include("placements.forecast.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("switch/", views.switch_council, name="switch_council"),
    path(
        "accounts/login/",
        login_not_required(
            auth_views.LoginView.as_view(
                template_name="registration/login.html", redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path(
        "favicon.ico",
        login_not_required(views.favicon),
    ),
    path("admin/", admin.site.urls),
    path("<la:la_code>/", include(council_patterns)),
]
