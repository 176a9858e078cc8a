"""Safe defaults (issue 15, finding 6): DEBUG off unless turned on, no URL lists, council admins
who are never Django staff, and a council page that does not write the session every time."""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.council import OPERATOR_USERNAME, create_demo_council
from sufficiency.councils import User

ROOT = Path(__file__).resolve().parents[2]


def test_debug_is_off_when_nothing_turns_it_on():
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "sufficiency.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr


def test_a_missing_page_lists_no_url_patterns(client_for, la):
    response = client_for("viewer").get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "URLconf" not in html
    assert "accounts/login/" not in html


def test_demo_admin_is_not_django_staff_and_the_operator_is(db):
    create_demo_council(password="demo-password-123")
    admin = User.objects.get(username="admin")
    assert (admin.is_staff, admin.is_superuser) == (False, False)
    operator = User.objects.get(username=OPERATOR_USERNAME)
    assert (operator.is_staff, operator.is_superuser) == (True, True)
    assert operator.memberships.count() == 0


def test_a_council_page_writes_the_session_only_when_the_council_changes(client_for, la):
    client = client_for("viewer")
    url = reverse("overview:index", kwargs={"la_code": la.code})
    client.get(url)  # the first view records the council in the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if Session._meta.db_table in q["sql"] and not q["sql"].lstrip().startswith("SELECT")
    ]
    assert writes == []
