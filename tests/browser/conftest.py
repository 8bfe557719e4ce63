"""Browser journeys in Debian's Chromium, driven by Playwright (never a downloaded browser)."""

import os

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# itself are safe because they never run inside that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser):
    """Open a page with a given viewport width; closes it after the test."""
    contexts = []

    def open_page(width, height=800):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
