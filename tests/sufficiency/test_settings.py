"""The production settings refuse to start unsafe, checked in a fresh interpreter each time."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAFE_KEY = "k" * 64


def start_wsgi(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="sufficiency.settings")
    return subprocess.run(
        [sys.executable, "-c", "import sufficiency.wsgi"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_the_development_secret_key():
    result = start_wsgi(DEBUG="false", ALLOWED_HOSTS="sufficiency.example.gov.uk")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_wildcard_host():
    result = start_wsgi(DEBUG="false", SECRET_KEY=SAFE_KEY, ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_when_safe_with_secure_cookies_and_hsts():
    code = (
        "import sufficiency.wsgi; from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    # No warm-up (test_warm.py tests it): it would read the default database, creating it in var/.
    environment.update(
        DEBUG="false", SECRET_KEY=SAFE_KEY, ALLOWED_HOSTS="sufficiency.example.gov.uk", WARM_UP="0"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True True"


def test_check_deploy_command_fails_with_development_key(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(DEBUG="false", ALLOWED_HOSTS="x.example", SUFFICIENCY_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "sufficiency.E001" in result.stderr


def test_database_url_selects_postgres():
    code = "from sufficiency import settings as s; print(s.DATABASES['default']['ENGINE'])"
    environment = dict(os.environ, DATABASE_URL="postgres://u:p@db.example:5432/sufficiency")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"
