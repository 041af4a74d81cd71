"""`make screenshots`: every page a writer or visitor sees, at 1280 and 390 px, into
review/screenshots/ (ignored by git), for people to look at."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from review.pages import public_pages, sign_in, signed_in_pages
from review.site import served

OUT = Path(__file__).resolve().parent / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 390}
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main():
    OUT.mkdir(exist_ok=True)
    with served() as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        for label, width in WIDTHS.items():
            phone = width < 500
            context = browser.new_context(
                base_url=base_url,
                viewport={"width": width, "height": 900},
                is_mobile=phone,
                has_touch=phone,
            )
            page = context.new_page()
            for name, path in public_pages(base_url):
                shoot(page, path, f"{name}-{label}")
            sign_in(page)
            for name, path in signed_in_pages(base_url):
                shoot(page, path, f"{name}-{label}")
            context.close()
        browser.close()
    print(f"Screenshots in {OUT}")


def shoot(page, path, name):
    response = page.goto(path)
    if response.status >= 400:
        print(f"{path}: HTTP {response.status}", file=sys.stderr)
    page.screenshot(path=OUT / f"{name}.png", full_page=True)


if __name__ == "__main__":
    main()
