from allauth.account import views as allauth_views
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter
from django.views.generic import RedirectView

from placements.cohort import urls as cohort_urls
from reports import views as reports_views
from sufficiency import views
from sufficiency.accounts import team_urls
from sufficiency.accounts.views import sign_in
from sufficiency.audit.views import audit_trail
from sufficiency.project import views as project_views
from sufficiency.regions import admin as regions_admin  # noqa: F401  registers the regions


class CouncilCodeConverter:
    """An ONS-style council code: letters and digits, e.g. E08000031."""

    regex = "[A-Za-z][A-Za-z0-9]{1,11}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CouncilCodeConverter, "la")

# Each namespace is a section of the service navigation (sufficiency/context_processors.py).
overview_patterns = [
    path("", reports_views.overview, name="index"),
    path("users/", include(team_urls)),
    path("audit/", audit_trail, name="audit"),
]

council_patterns = [
    path("", include((overview_patterns, "overview"))),
    path("children/", include((cohort_urls.children_patterns, "children"))),
    path("data/", include((cohort_urls.data_patterns, "data"))),
    path("market/", include("placements.market.urls")),
    path("", include("reports.urls")),
    path("actions/", include("sufficiency.plan.urls")),
    path("forecast/", include("placements.forecast.urls")),
    path("referrals/", include("placements.referrals.urls")),
]

urlpatterns = [
    path("", project_views.home, name="home"),
    path("switch/", views.switch_council, name="switch_council"),
    # Sign-in is django-allauth's (password, then the TOTP code; or the council's identity
    # provider), under the names the rest of the product uses.
    path("accounts/login/", sign_in, name="login"),
    path("accounts/logout/", allauth_views.logout, name="logout"),
    path("accounts/", include("sufficiency.accounts.urls")),
    path("accounts/", include("allauth.urls")),
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
    path("help/", include("sufficiency.help_urls")),
    path(
        "favicon.ico",
        login_not_required(views.favicon),
    ),
    # Staff sign in like everyone else, with MFA, never through Django admin's own form.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="login", query_string=True)),
    ),
    path("admin/", admin.site.urls),
    # Before the councils': "regions" would read as a council code.
    path("regions/<slug:region_code>/", include("reports.regions.urls")),
    path("<la:la_code>/", include(council_patterns)),
]
