"""An officer reads the dashboard, writes commentary in place, and downloads the PDF."""

from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.reports.conftest import council  # noqa: F401  (a fixture)


def test_dashboard_commentary_and_pdf(page, cast, council):  # noqa: F811
    sign_in(page, "editor", PASSWORD)
    page.goto(f"/{council.code}/reports/")
    assert_accessible(page, "reports")
    page.get_by_role("link", name="Open the dashboard").click()
    page.locator(".js-plotly-plot").first.wait_for()
    assert_accessible(page, "dashboard")

    section = page.locator("#section-placements")
    section.get_by_text("Add commentary").click()
    section.get_by_label("Commentary on placement mix").fill("Two new in-house carers approved.")
    section.get_by_role("button", name="Save commentary").click()
    section.get_by_role("status").wait_for()
    assert "Two new in-house carers approved." in section.inner_text()

    page.get_by_role("button", name="Download PDF").click()
    page.get_by_text("Download the PDF").wait_for()
    assert_accessible(page, "report-ready")
    with page.expect_download() as download:
        page.get_by_text("Download the PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.goto(f"/{council.code}/reports/strategy/")
    assert_accessible(page, "strategy")
    assert page.console_errors == [], page.console_errors
