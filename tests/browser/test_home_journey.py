"""A resident on a 360 px phone without JavaScript: from the home page to the nearest open place
for the CAF in two taps, after typing a postcode (issue 22). The home stays accessible and light.
"""

import re
from datetime import datetime

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from wagtail.models import Page

from demo.locales import ensure_locales, synchronise_trees
from guide.hours import PARIS

from .conftest import ELSEWHERE
from .test_resident_pages import WCAG_AA
from .test_venue_screens import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
PHONE = {"width": 360, "height": 740}
# Both open on Monday morning and both help with the CAF; Pioche is the nearer to 57070.
OPEN_PLACES = re.compile("Centre social Pioche|Maison France Services Montigny")


@pytest.fixture
def phone(browser):
    contexts = []

    def open_page(javascript=False, width=PHONE["width"]):
        context = browser.new_context(
            viewport={**PHONE, "width": width}, java_script_enabled=javascript, locale="fr-FR"
        )
        context.route(ELSEWHERE, lambda route: route.abort())
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def farther_open_place(caf_need, make_venue):
    return make_venue(
        title="Maison France Services Montigny",
        services={"demarches": (3, ["caf-rsa"])},
        latitude=49.0800,
        longitude=6.1500,
    )


def test_postcode_open_now_and_the_caf_tile_reach_the_nearest_open_place_in_two_taps(
    phone, live_server, caf_need, farther_open_place
):
    page = phone()
    with time_machine.travel(MONDAY_10AM, tick=True):
        page.goto(live_server.url + "/")
        postcode = page.get_by_label("Code postal")
        open_now = page.get_by_label("Ouvert maintenant")
        # The first screen shows the form under a compact header.
        for field in (postcode, open_now):
            box = field.bounding_box()
            assert box["y"] + box["height"] <= PHONE["height"]
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "accueil-360.png")
        assert page.locator(".site-header").bounding_box()["height"] <= 160
        taps = 0
        postcode.fill("57070")
        open_now.check()
        taps += 1
        page.get_by_role("button", name="Faire ma déclaration à la CAF").click()
        taps += 1
        assert taps <= 2
        assert "cp=57070" in page.url and "ouvert=on" in page.url
        places = page.locator("main a").filter(has_text=OPEN_PLACES)
        expect(places.first).to_contain_text("Centre social Pioche")
        expect(places).to_have_count(2)
        expect(page.locator("main")).not_to_contain_text("Médiathèque Jean-Macé")  # closed Mondays
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_tiles_are_large_and_the_open_menu_keeps_the_header_compact(
    phone, live_server, caf_need
):
    Page.objects.filter(slug="qui-fait-quoi").update(show_in_menus=True)
    page = phone()
    page.goto(live_server.url + "/")
    tiles = page.locator(".need-tile")
    for index in range(tiles.count()):
        assert tiles.nth(index).bounding_box()["height"] >= 44
    header_height = page.locator(".site-header").bounding_box()["height"]
    menu_link = page.locator(".site-header").get_by_role("link", name="Qui fait quoi ?")
    expect(menu_link).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(menu_link).to_be_visible()
    assert page.locator(".site-header").bounding_box()["height"] == header_height
    wide = phone(width=1280)
    wide.goto(live_server.url + "/")
    expect(wide.locator(".site-header").get_by_role("link", name="Qui fait quoi ?")).to_be_visible()
    wide.screenshot(path=SCREENSHOTS / "accueil-1280.png", full_page=True)


@pytest.mark.parametrize("prefix", ["", "/ar"], ids=["fr", "ar"])
def test_home_is_accessible_with_the_search_box_and_geolocation(
    phone, live_server, caf_need, prefix
):
    ensure_locales()
    synchronise_trees()
    page = phone(javascript=True)
    page.goto(live_server.url + prefix + "/")
    expect(page.locator("button[data-locate]")).to_be_visible()  # shown by JavaScript only
    search = page.get_by_role("search")
    expect(search.get_by_role("searchbox")).to_be_visible()
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
    page.screenshot(path=SCREENSHOTS / f"accueil{prefix.replace('/', '-')}-360-js.png")
