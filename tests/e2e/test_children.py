"""An analyst uploads a return and reads the Children in care page, filtering it with htmx."""

from pathlib import Path

from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.placements.returns import episodes, header, uasc

FILES = [
    header("1,M,01/06/2010,WBRI,,,", "2,F,15/01/2008,BAFR,,,", "3,M,09/09/2007,AIND,,,"),
    episodes(
        "1,01/05/2023,S,C2,N1,U1,PR1,,,,WV1 1AA,WV1 1AA,",
        "2,01/06/2024,S,C2,N1,K2,PR4,,,,WV1 1AA,LS1 1AA,1234567",
        "3,01/07/2024,S,V2,N1,U4,PR4,,,,WV1 1AA,B1 1AA,",
        "3,01/07/2024,Z,C2,N1,U4,PR4,bad,,,WV1 1AA,B1 1AA,",
    ),
    uasc("3,M,09/09/2007,"),
]


def test_upload_then_read_and_filter(page, cast, la, tmp_path: Path):
    paths = []
    for name, data in FILES:
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))

    sign_in(page, "analyst", PASSWORD)
    page.goto(f"/{la.code}/data/")
    assert_accessible(page, "data")
    page.locator("#upload-form").get_by_label("Collection year").select_option("2025")
    page.get_by_label("Return files").set_input_files(paths)
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_url(f"**/{la.code}/data/returns/**")
    page.get_by_text("Rows read").wait_for()
    assert "not a valid date" in page.content()
    assert_accessible(page, "data-return")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Children in care").click()
    card = page.get_by_test_id("card-cla")
    assert card.locator(".app-figure").inner_text() == "3"
    page.locator(".js-plotly-plot").first.wait_for()  # the charts are drawn
    assert_accessible(page, "children")

    page.get_by_label("UASC").select_option("uasc")
    page.wait_for_url("**uasc=uasc**")  # the address follows the filter, to share it
    page.get_by_test_id("card-cla").locator(".app-figure", has_text="1").wait_for()
    page.get_by_text("How is this calculated? Children looked after").first.click()
    assert page.get_by_text("A child counts once").first.is_visible()
    assert page.console_errors == []
