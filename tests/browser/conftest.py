"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser) against the
live test server, with axe-core checking accessibility on every page visited. Screenshots are
kept in test-artifacts/screenshots."""

import os
from pathlib import Path

import pytest

from tests.conftest import PROJECT

# Playwright's sync API runs an event loop in this thread; the test server's ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("VENDEPUNKT_CHROMIUM", "/usr/bin/chromium")
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = PROJECT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"chromium is missing at {CHROMIUM}: run `make setup`"
    assert AXE.exists(), f"axe-core is missing at {AXE}: run `make setup`"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the test inject axe-core; the page itself is still served with its CSP.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


def check_accessibility(page) -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]
    assert violations == [], violations


def screenshot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


PASSWORD = "korrekt-hest-batteri-42"


def login(page, user) -> None:
    """Sign in through the real pages: user name and password, then a fresh TOTP code."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user.set_password(PASSWORD)
    user.save()
    device = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first() or TOTPDevice.objects.create(user=user, name="browser", confirmed=True)
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_url("**/login/kode/")
    page.fill("#id_token", f"{totp(device.bin_key):06d}")
    page.click("button[type=submit].button-primary")
    # the start page: the worklist, or the staff administration for an administrator
    page.wait_for_url("**/personale/" if user.role == "administrator" else "**/arbejdsliste/**")
