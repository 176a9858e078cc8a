"""Screenshot pages of a running Sufficiency as a signed-in user, to look at what we built.

    .venv/bin/python scripts/screenshot.py --user admin --password PASSWORD /E08000031/children/
PNGs go to var/screenshots/; console errors (CSP violations included) are printed.
"""

import argparse
import base64
import hashlib
import hmac
import struct
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def totp_code(secret: str) -> str:
    """RFC 6238: the code an authenticator app shows now."""
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", required=True)
    parser.add_argument("--width", type=int, default=1200)
    # The demo users' shared secret (sufficiency/accounts/demo.py), never a real person's.
    parser.add_argument("--totp-secret", default="KRSXG5CTMVRXEZLUKN2WG5DPNVSXEZLU")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    out = Path("var/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(base_url=args.base, viewport={"width": args.width, "height": 900})
        page.on(
            "console", lambda m: print("console", m.type, m.text) if m.type == "error" else None
        )
        page.goto("/accounts/login/")
        page.fill("#id_login", args.user)
        page.fill("#id_password", args.password)
        page.click("button[type=submit]")
        if "/accounts/2fa/authenticate/" in page.url:
            page.fill("#id_code", totp_code(args.totp_secret))
            page.click("button[type=submit]")
        for path in args.paths:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            name = path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_") or "home"
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print("saved", out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
