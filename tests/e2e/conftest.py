"""Browser tests: Playwright for Python driving Debian's /usr/bin/chromium, never a download."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own database set-up is
# still synchronous, so Django's guard against ORM calls inside an event loop is lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots")
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make install`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors  # type: ignore[attr-defined]
    # axe does not check that ids are unique: every page the tests load reports its duplicate
    # ids on the console as it loads (Playwright's init scripts are not bound by the CSP).
    duplicates: list[str] = []

    def on_console(message) -> None:
        if message.text.startswith(DUPLICATE_MARK):
            duplicates.append(message.text[len(DUPLICATE_MARK) :])

    page.on("console", on_console)
    context.add_init_script(REPORT_DUPLICATE_IDS)
    yield page
    if not page.is_closed():
        found = page.evaluate(DUPLICATE_IDS)
        if found:
            duplicates.append(f"{page.url}: {', '.join(found)}")
    context.close()
    assert not duplicates, "elements sharing an id: " + "; ".join(sorted(set(duplicates)))


DUPLICATE_MARK = "duplicate ids: "
REPORT_DUPLICATE_IDS = """document.addEventListener('DOMContentLoaded', () => {
  const seen = new Map();
  for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  const found = [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} times)`);
  if (found.length) console.info(`duplicate ids: ${location.pathname}: ${found.join(', ')}`);
});"""
DUPLICATE_IDS = """() => {
  const seen = new Map();
  for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} times)`);
}"""


def sign_in(page, username: str, password: str) -> None:
    """Sign in through the form: the password, then the code the cast's authenticator app
    would show now (tests/conftest.py gives every member of the cast the same TOTP secret)."""
    from tests.conftest import totp_code

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    # A code typed as its 30-second window closes reaches the server in the next one and is
    # refused, as a person's would be; like a person, try once more with the code shown now.
    for _ in range(2):
        if "/accounts/2fa/authenticate/" not in page.url:
            break
        page.get_by_label("Code").fill(totp_code())
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def assert_accessible(page, name: str = "") -> None:
    """axe finds no WCAG 2.2 A/AA violations on the page as it is now; keeps a screenshot."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            },
            "resultTypes": ["violations"],
        },
    )
    if name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    violations = results.response["violations"]
    assert not violations, results.generate_report()
    assert_unique_ids(page)


def assert_unique_ids(page) -> None:
    """No two elements share an id on the page as it is now, after any htmx swap (axe does not
    check this; the `page` fixture checks each page as it loads and as the test leaves it)."""
    found = page.evaluate(DUPLICATE_IDS)
    assert not found, f"elements sharing an id on {page.url}: {', '.join(found)}"
