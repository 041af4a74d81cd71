"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Chromium is never downloaded: it comes from Debian (`apt-get install chromium`). Without it these
tests skip locally, but fail under CI=true, where nothing may be skipped for lack of a tool.
"""

import functools
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# The two widths people were seen using: a laptop and a phone.
WIDTHS = {"desktop": 1280, "phone": 390}
# axe-core from the npm registry (`make vendor-axe`), committed: nothing is downloaded at test time.
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"


def chromium_path():
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not os.path.exists(path):
        message = (
            f"Chromium not found at {path}. Install Debian's browser with "
            "`sudo apt-get install chromium` (or set CHROMIUM=/path/to/chromium)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _new_page(browser, live_server, width=1280, **options):
    """A fresh browser context; the page records every request it makes."""
    context = browser.new_context(
        base_url=live_server.url,
        accept_downloads=True,
        viewport={"width": width, "height": 900},
        **options,
    )
    page = context.new_page()
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    return page


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context per test, 1280 px wide."""
    page = _new_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def any_width_page(request, browser, live_server):
    """The same test at a laptop's and a phone's width (`page.width` says which)."""
    width = WIDTHS[request.param]
    phone = width < 500
    page = _new_page(browser, live_server, width=width, is_mobile=phone, has_touch=phone)
    page.width = width
    yield page
    page.context.close()


@pytest.fixture
def no_js_page(browser, live_server):
    """A page with JavaScript turned off: everything must still work."""
    page = _new_page(browser, live_server, java_script_enabled=False)
    yield page
    page.context.close()


@functools.cache
def _axe_source():
    return AXE_SCRIPT.read_text()


def axe_violations(page, *, exclude=()):
    """axe-core's violations on the current page, of any impact, as readable strings."""
    # Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script>
    # tag would be refused by it).
    page.evaluate(_axe_source())
    result = page.evaluate(
        """async (exclude) => {
            const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
            // Touch targets (WCAG 2.5.8), which Lighthouse checks and axe leaves off by default.
            const rules = {"target-size": {enabled: true}};
            return await axe.run(context, {resultTypes: ["violations"], rules});
        }""",
        list(exclude),
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]


def sign_in(page, user, live_server):
    """Give the page's browser context a signed-in session for `user`, without the form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def foreign_requests(urls):
    """The requests that left this machine (anything not to 127.0.0.1 or localhost)."""
    return [
        url
        for url in urls
        if urlsplit(url).scheme in ("http", "https", "ws", "wss")
        and urlsplit(url).hostname not in LOCAL_HOSTS
    ]


def sign_in_to_admin(page, user):
    """Staff sign in as people do: through the site's rate-limited sign-in page, which
    /admin/login/ redirects to (it also records the browser's time zone)."""
    from tests.factories import PASSWORD

    page.goto("/admin/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
