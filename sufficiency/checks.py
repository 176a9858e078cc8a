"""System checks that refuse an unsafe production configuration.

They run when the WSGI app loads (see wsgi.py) and with `manage.py check --deploy`, so a server
started with DEBUG off and the development key never serves a request. DEBUG is off by default,
so they are not run for every management command: migrate or import_903 on a laptop need no key.
"""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def production_settings(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    errors = []
    key = settings.SECRET_KEY
    if key == settings.DEVELOPMENT_SECRET_KEY or len(key) < 50 or key.startswith("django-insecure"):
        errors.append(
            checks.Critical(
                "SECRET_KEY is the development key or too short while DEBUG is off.",
                hint="Set SECRET_KEY to a long random value (python -c 'import secrets; "
                "print(secrets.token_urlsafe(64))').",
                id="sufficiency.E001",
            )
        )
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        errors.append(
            checks.Critical(
                "ALLOWED_HOSTS must name the service's host names while DEBUG is off.",
                id="sufficiency.E002",
            )
        )
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        errors.append(
            checks.Critical("Cookies must be secure while DEBUG is off.", id="sufficiency.E003")
        )
    if not settings.SUFFICIENCY_REQUIRE_MFA:
        errors.append(
            checks.Critical(
                "SUFFICIENCY_REQUIRE_MFA must be on while DEBUG is off.", id="sufficiency.E005"
            )
        )
    if not settings.SECURE_HSTS_SECONDS:
        errors.append(checks.Critical("HSTS must be on while DEBUG is off.", id="sufficiency.E004"))
    return errors


def refuse_unsafe_production() -> None:
    """Raise ImproperlyConfigured when a production check fails (used at WSGI start-up)."""
    from django.core.exceptions import ImproperlyConfigured

    problems = production_settings(None)
    if problems:
        raise ImproperlyConfigured("; ".join(p.msg for p in problems))
