"""DfE's SSDA903 validation rules, run in their own environment after an import."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from placements.cohort import dfe_rules
from placements.cohort.models import DfeRulesRun, Return
from placements.cohort.services import create_return, import_return
from tests.html import text_of
from tests.placements.returns import episodes, header

needs_validator = pytest.mark.skipif(
    not dfe_rules.installed(), reason="the DfE rules' environment is absent: run make install"
)

# A small, clean 2024-25 return in the DfE's layout (dates dd/mm/yyyy, sex 1 or 2), except for
# the planted failure: child 2's ethnicity "XXXX" is no ethnicity code (rule 103).
HEADER = header(
    "1,1,01/06/2010,WBRI,A123456789012,,",
    "2,2,15/01/2008,XXXX,A123456789013,,",
)
EPISODES = episodes(
    "1,01/05/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
    "2,01/06/2024,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
)


@needs_validator
def test_a_planted_rule_failure_is_reported_on_the_returns_page(client_for, la):
    return_obj = import_return(
        create_return(la=la, year=2025, uploads=[HEADER, EPISODES], user=None)
    )
    assert return_obj.status == Return.Status.IMPORTED
    run = dfe_rules.run_rules(return_obj)
    assert run.status == DfeRulesRun.Status.DONE, run.error
    assert run.ruleset == "lac2024_25"
    [ethnicity] = [g for g in dfe_rules.by_rule(run.issues) if g["rule"] == "103"]
    # Only child 2's header row (line 3 of header.csv) fails, on ETHNIC.
    assert (ethnicity["children"], ethnicity["row_count"]) == (1, 1)
    assert ethnicity["fields"] == ["ETHNIC"]
    assert (ethnicity["examples"][0]["table"], ethnicity["examples"][0]["row"]) == ("Header", 3)
    assert ethnicity["examples"][0]["child"] == "2"

    client = client_for("viewer")
    page = client.get(reverse("data:return", kwargs={"la_code": la.code, "pk": return_obj.pk}))
    assert text_of(page.content.decode(), '[data-rule-rows="103"]') == "1"
    download = client.get(
        reverse("data:return_dfe_rules", kwargs={"la_code": la.code, "pk": return_obj.pk})
    )
    import io

    book = load_workbook(io.BytesIO(download.content))
    rows = [r for r in book["Rows"].iter_rows(min_row=2, values_only=True) if r[0] == "103"]
    assert rows == [("103", "Header", 3, "2", "ETHNIC", ethnicity["description"])]


def test_without_the_environment_the_page_says_so(client_for, la, settings, tmp_path):
    settings.DFE_VALIDATOR_PYTHON = tmp_path / "absent" / "python"
    return_obj = import_return(
        create_return(la=la, year=2025, uploads=[HEADER, EPISODES], user=None)
    )
    run = dfe_rules.run_rules(return_obj)
    assert run.status == DfeRulesRun.Status.MISSING
    page = client_for("viewer").get(
        reverse("data:return", kwargs={"la_code": la.code, "pk": return_obj.pk})
    )
    assert 'id="dfe-rules-missing"' in page.content.decode()
