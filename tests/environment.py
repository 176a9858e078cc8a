"""Loaded as a pytest plugin (`-p tests.environment` in pyproject.toml), before pytest-django
imports the settings: the tests run the production settings (DEBUG off, its default) over plain
HTTP, so the HTTPS redirect, read once when the live server's middleware starts, is off."""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
