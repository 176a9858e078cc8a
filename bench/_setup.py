"""Shared set-up for benchmarks: a throwaway SQLite database, migrated, and Django ready."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_with_fresh_database(name: str) -> Path:
    """Point Django at a new SQLite file under a temporary folder, migrate it, return the folder."""
    folder = Path(tempfile.mkdtemp(prefix=f"sufficiency-bench-{name}-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sufficiency.settings")
    # The benchmarks' client speaks plain HTTP on loopback, as the tests do (DEBUG stays off).
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    # Static files from the source folders, as the tests serve them (no collectstatic here).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder
