"""Referral speed: importing the Placements Data Standard's Excel template, and the Referrals page.

Targets (issue 19): 5,000 referrals import from the Excel data template in <= 5 s; the
Referrals page renders in <= 300 ms server time.

    .venv/bin/python bench/bench_referrals.py [--rows 5000]
"""

import argparse
import io
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_with_fresh_database  # noqa: E402

TEMPLATE = (ROOT.parent / "shared" / "data" / "external" / "placements-standard" /
            "later-draft-standard-repo" / "spreadsheet" /
            "National-Placement-Standard-Excel-20260427.xlsx")  # fmt: skip
# How councils type some values into the template (its drop-downs), not the standard's spelling.
TEMPLATE_SPELLINGS = {
    "in less than 5 days": "< 5 days", "in more than 5 days": "> 5 days", "Y": "Yes", "N": "No",
    "Yes - must": "Yes-must", "Yes - can": "Yes-can", "Not Known": "Not known",
}  # fmt: skip


def filled_template(rows: int, seed: int = 1) -> bytes:
    """The published template with `rows` placements typed in under its example row."""
    from openpyxl import load_workbook

    from demo.referrals import _referral
    from placements.referrals import formats
    from placements.referrals import standard as std

    r = random.Random(seed)
    book = load_workbook(TEMPLATE)
    sheet = book["Data Collection"]
    headers = [c.value for c in sheet[2]]
    fields = {f.column: f for f in std.TEMPLATE_FIELDS}
    start = date(2025, 4, 1)
    for i in range(rows):
        kind = r.choice(list(std.SUITABILITY_BY_TYPE))
        referred = start + timedelta(days=r.randint(0, 330))
        values = _referral(r, kind, referred, f"CMS{100000 + i}")
        if r.random() < 0.9:
            placed = referred + timedelta(days=r.randint(0, 30))
            values.update(placement_type=kind, total_weekly_cost=r.randint(400, 9000),
                          placement_location="WV4", preferability_location=r.random() < 0.8,
                          education_continuity=True, provider_urn=f"SC{r.randint(100000, 999999)}",
                          siblings_placed_together=0, placement_officer_name="B. Officer",
                          placement_date=placed, cost_date=placed)  # fmt: skip
        row = []
        for header in headers:
            f = fields.get(header)
            value = formats._template_value(f, values.get(f.attr)) if f else None
            row.append(TEMPLATE_SPELLINGS.get(value, value) if isinstance(value, str) else value)
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    django_with_fresh_database("referrals")
    from django.conf import settings
    from django.test import Client

    from demo.council import create_demo_council
    from placements.referrals import services
    from placements.referrals.models import Referral
    from sufficiency.councils import User
    from tests.conftest import sign_in  # password and TOTP, as allauth records them

    settings.ALLOWED_HOSTS = ["testserver"]
    la, _ = create_demo_council(password="bench-password-1")
    data = filled_template(args.rows)
    started = time.perf_counter()
    first = services.import_file(la=la, name="template.xlsx", data=data)
    cold = time.perf_counter() - started
    assert not first.refused, first.problems[:5]
    Referral.objects.update(total_weekly_cost=1)  # so that every row changes on re-import
    started = time.perf_counter()
    second = services.import_file(la=la, name="template.xlsx", data=data)
    warm = time.perf_counter() - started
    print(f"Excel data template with {args.rows:,} referrals ({len(data) / 1e6:.1f} MB)")
    print(f"  first import, creating all : {cold:6.2f} s ({first.created:,} created)")
    print(f"  re-import, updating all    : {warm:6.2f} s ({second.updated:,} updated)")
    started = time.perf_counter()
    third = services.import_file(la=la, name="template.xlsx", data=data)
    same = time.perf_counter() - started
    print(f"  re-import, nothing changed : {same:6.2f} s ({third.unchanged:,} unchanged)")
    print(f"  referrals {Referral.objects.count():,}, history rows {Referral.history.count():,}")

    client = Client()
    sign_in(client, User.objects.get(username="viewer"))
    print("Referrals pages, all of them in 2025-26 (server time through Django's test client)")
    for name, target, headers in (
        ("figures page", f"/{la.code}/referrals/?year=2025", {}),
        ("figures (htmx, another year)", f"/{la.code}/referrals/?year=2025",
         {"HX-Request": "true"}),
        ("list, first page", f"/{la.code}/referrals/list/", {}),
    ):  # fmt: skip
        client.get(target, headers=headers)  # warm: templates, as on a running server
        timings = []
        for _ in range(20):
            started = time.perf_counter()
            response = client.get(target, headers=headers)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        print(f"  {name:<30}: median {statistics.median(timings):5.0f} ms, "
              f"max {max(timings):5.0f} ms (20 requests)")  # fmt: skip


if __name__ == "__main__":
    main()
