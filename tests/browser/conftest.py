"""Browser journeys in Debian's Chromium, driven by Playwright (never a downloaded browser)."""

import os
import re

import pytest
from playwright.sync_api import expect, sync_playwright
from wagtail.models import Site

from guide.models import NeedPage, NeedTreePage, ThemePage

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]
# No network in tests: anything but the live server (map tiles included) is refused.
ELSEWHERE = re.compile(r"^(?!https?://(localhost|127\.0\.0\.1)[:/])")


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are safe
    # because they never run inside that loop, so Django's async guard is lifted meanwhile.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page_at(browser):
    """Open a page with a given viewport width; closes it after the test."""
    contexts = []

    def open_page(width, height=800):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
        context.route(ELSEWHERE, lambda route: route.abort())
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def admin_page(page_at, live_server, django_user_model, settings):
    """A 1280 × 900 page logged in to the admin as a superuser; ``on_console`` hears the
    browser's console from the login page on.

    Wagtail's autosave is off: it saves an edited form every half second, so it could create
    a page while the click on "Publier" is on its way (the creation form then meets its own
    code and slug, already taken), and a save still running when a test ends meets the
    database being emptied for the next one."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0

    def open_admin(on_console=None):
        django_user_model.objects.create_superuser("cheffe", "cheffe@example.fr", "mot-de-passe-1")
        page = page_at(1280, 900)
        if on_console:
            page.on("console", on_console)
        page.goto(f"{live_server.url}/admin/login/")
        page.locator("input[name=username]").fill("cheffe")
        page.locator("input[name=password]").fill("mot-de-passe-1")
        page.locator("form [type=submit]").click()
        expect(page.locator("input[name=username]")).to_have_count(0)
        return page

    return open_admin


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def caf_need(live_server, home_page, make_venue, families):
    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    tree = publish(home_page, NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi"))
    theme = publish(tree, ThemePage(title="Démarches en ligne", slug="demarches-en-ligne"))
    make_venue(
        title="Centre social Pioche",
        services={"demarches": (3, ["caf-rsa"])},
        latitude=49.0965,
        longitude=6.1678,
    )
    make_venue(
        title="Médiathèque Jean-Macé",
        opening_hours="Tu-Sa 10:00-18:00",  # closed on Mondays, and the nearest to 57070
        services={"demarches": (2, ["caf-rsa"])},
        latitude=49.1087,
        longitude=6.2217,
    )
    make_venue(title="Centre social loin", services={"demarches": (1, ["impots"])}, latitude=49.2)
    demarches = families["demarches"]
    return publish(
        theme,
        NeedPage(
            title="Faire ma déclaration à la CAF",
            slug="caf-rsa",
            family=demarches,
            items=[demarches.items.get(slug="caf-rsa")],
        ),
    )
