"""Settings for Sufficiency, read from the environment with safe defaults for local use.

Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and a postgres:// DATABASE_URL; the app
then refuses to start with the development secret key (see sufficiency/checks.py).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SUFFICIENCY_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Marked so that the production check can recognise it and refuse it.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# Off unless a development command turns it on (`make demo` sets DEBUG=1): a server started
# without it never shows tracebacks or the list of URL patterns.
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "axes",
    "simple_history",
    # Before django_tasks_db: its own db_worker command replaces that app's (sufficiency/worker.py).
    "sufficiency",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "sufficiency.accounts",
    "sufficiency.audit",
    "placements",
    "placements.forecast",
    "placements.referrals",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Local accounts reach nothing but sign-in and MFA set-up until they have used MFA.
    "sufficiency.accounts.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sufficiency.project.urls"
WSGI_APPLICATION = "sufficiency.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "sufficiency.context_processors.council",
            ],
        },
    },
]
FORM_RENDERER = "sufficiency.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sufficiency.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web process reads.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # Wait up to SQLITE_BUSY_TIMEOUT seconds for another process's write (a long import in
        # the worker) rather than fail at once with "database is locked".
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "sufficiency.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-in for a locked-out username and address.
    "axes.backends.AxesStandaloneBackend",
    # allauth's backend is Django's ModelBackend (permissions included) that also signs in
    # people from their council's identity provider.
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in through django-allauth (docs/adr/0009-sign-in-allauth-mfa.md): local accounts with a
# password and TOTP, or a council's own identity provider through OpenID Connect. Nobody signs
# up: people join by an invitation from their council's admin, or through their council's
# identity provider when the council has said which email domains are its own.
ACCOUNT_ADAPTER = "sufficiency.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "sufficiency.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # an invitation link is itself proof of the address
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False  # sessions still end when the browser closes
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_USER_DISPLAY = "sufficiency.accounts.adapters.user_display"
ACCOUNT_FORMS = {"login": "sufficiency.accounts.forms.SignInForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Sufficiency: "
# django-axes counts failures and locks out; allauth's own login limits stay as a second net.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,10/5m/key"}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Sufficiency"
MFA_ADAPTER = "sufficiency.accounts.adapters.MFAAdapter"
# Every local account must set up TOTP before it reaches a council page. Only the demo (never
# production) may turn this off; sufficiency/checks.py refuses it when DEBUG is off.
SUFFICIENCY_REQUIRE_MFA = env_bool("SUFFICIENCY_REQUIRE_MFA", True)
# Invitations and first-admin links last this long, and work once.
SUFFICIENCY_INVITATION_DAYS = int(os.environ.get("SUFFICIENCY_INVITATION_DAYS", "7"))
# Years of SSDA903 returns kept; `manage.py enforce_retention` deletes older ones.
SUFFICIENCY_RETENTION_YEARS = int(os.environ.get("SUFFICIENCY_RETENTION_YEARS", "7"))

# Set per deployment and shown the same in the service and its PDFs (sufficiency/deployment.py):
# the protective marking of the data, and who users contact for help.
PROTECTIVE_MARKING = os.environ.get("PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
SUPPORT_NAME = os.environ.get("SUPPORT_NAME", "your council's Sufficiency administrator")
SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL", "")

# Email (Django 6.1's MAILERS): printed to the console in development; SMTP in production,
# configured from the environment (README, "Running in production").
if env_bool("EMAIL_SMTP", not DEBUG):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sufficiency <noreply@localhost>")
# The address links in emails start with when no request is at hand (create_council).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Rate limit sign-in: 5 failures lock for 15 minutes both the username from that address and
# the address itself, whatever usernames it tried: password spraying (one password tried on
# many usernames) is stopped as surely as guessing one user's password. A success resets both.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "sufficiency.accounts.adapters.axes_username"  # allauth's form
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None

# Sessions expire after 8 hours and when the browser closes; they live in the database so that
# any app process behind the load balancer can serve any request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Merged cohorts per council and data version, read by every process (ADR 0017).
COHORT_STORE_DIR = Path(os.environ.get("COHORT_STORE_DIR", VAR_DIR / "cohort"))
# The compact ONS Postcode Directory (placements.cohort.postcodes), built once at install.
POSTCODE_LOOKUP_DIR = Path(os.environ.get("POSTCODE_LOOKUP_DIR", VAR_DIR / "postcodes"))
MEDIA_URL = "media/"  # never served publicly: uploads are children's data
# Uploads bigger than this go to a temporary file as they arrive, never whole into memory; an
# upload over IMPORT_MAX_UPLOAD_BYTES is refused unread (sufficiency/uploads.py).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "sufficiency.uploads.RefuseOversizedUpload",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
CSRF_FAILURE_VIEW = "sufficiency.uploads.csrf_failure"

# What one SSDA903 import may hold (placements/cohort/limits.py). A large county's six years of
# returns are under 60 MB of CSV and 150,000 episodes, so these leave room to spare and still
# refuse a zip bomb long before it exhausts the server. Each refusal names its limit.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(100 * 1024**2)))
IMPORT_MAX_EXPANDED_BYTES = int(os.environ.get("IMPORT_MAX_EXPANDED_BYTES", str(200 * 1024**2)))
IMPORT_MAX_FILES = int(os.environ.get("IMPORT_MAX_FILES", "200"))
IMPORT_MAX_ZIP_DEPTH = int(os.environ.get("IMPORT_MAX_ZIP_DEPTH", "2"))
IMPORT_MAX_ROWS_PER_TABLE = int(os.environ.get("IMPORT_MAX_ROWS_PER_TABLE", "1000000"))
IMPORT_MAX_XML_DEPTH = int(os.environ.get("IMPORT_MAX_XML_DEPTH", "64"))

# A background task still "running" this long after it started has lost its worker (killed,
# or the machine restarted): the worker marks it failed so that it can be run again.
TASK_STUCK_AFTER_SECONDS = int(os.environ.get("TASK_STUCK_AFTER_SECONDS", str(2 * 3600)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# DfE's SSDA903 validation rules run in their own Python 3.11 environment, which `make install`
# creates (docs/adr/0014-dfe-validation-rules-apart.md); absent, the return's page says so.
DFE_VALIDATOR_PYTHON = Path(
    os.environ.get("DFE_VALIDATOR_PYTHON", BASE_DIR / "var" / "dfe-validator" / "bin" / "python")
)
DFE_RULES_AFTER_IMPORT = os.environ.get("DFE_RULES_AFTER_IMPORT", "1") == "1"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# A strict Content Security Policy: only our own files, scripts only with the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every SVG style it hands to the SVG renderer; kaleido narrates.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "kaleido": {"level": "WARNING"},
        "choreographer": {"level": "WARNING"},
        "logistro": {"level": "WARNING"},
    },
}
