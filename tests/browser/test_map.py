"""The venue map and "Me géolocaliser" in Chromium, with tiles answered locally (no network)."""

import io
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from PIL import Image
from playwright.sync_api import expect

from guide.hours import PARIS

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
TILE_HOST = "tuiles.example.test"
MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
HERE = {"latitude": 49.11, "longitude": 6.17}


def tile_png():
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), (226, 232, 238)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def lieux_url(live_server, make_venue):
    from wagtail.models import Site

    from portal.models import PortalSettings

    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    portal = PortalSettings.for_site(Site.objects.get())
    portal.map_tile_url = f"https://{TILE_HOST}/{{z}}/{{x}}/{{y}}.png"
    portal.save()
    make_venue(title="Centre social Pioche", latitude=49.0965, longitude=6.1678)
    make_venue(title="Médiathèque Jean-Macé", opening_hours="", latitude=49.1087, longitude=6.2217)
    make_venue(title="Maison du Sablon", latitude=49.1125, longitude=6.1725)
    make_venue(title="Permanence sans adresse précise", latitude=None, longitude=None)
    return live_server.url + "/lieux/"


@pytest.fixture
def open_context(browser, live_server):
    """A browser context whose requests are recorded; tiles are faked, other hosts refused."""
    contexts = []
    server = urlsplit(live_server.url).netloc
    png = tile_png()

    def answer(route):
        host = urlsplit(route.request.url).netloc
        if host == TILE_HOST:
            route.fulfill(status=200, content_type="image/png", body=png)
        elif host == server:
            route.continue_()
        else:
            route.abort()

    def open_(width=1280, **options):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="fr-FR", **options
        )
        context.requested = []
        context.on("request", lambda request: context.requested.append(request.url))
        context.route("**/*", answer)
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


def hosts(context):
    return {urlsplit(url).netloc for url in context.requested}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [360, 1280])
def test_map_shows_one_marker_per_located_venue(open_context, lieux_url, live_server, width):
    context = open_context(width)
    page = context.new_page()
    page.goto(lieux_url)
    region = page.get_by_role("region", name="Carte des lieux")
    expect(region).to_be_visible()
    expect(region.locator(".leaflet-container")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    expect(page.locator(".leaflet-tile-loaded").first).to_be_visible()

    # Pins are out of the Tab order (the list is their accessible equivalent): no button role.
    page.locator('.leaflet-marker-icon[title="Médiathèque Jean-Macé"]').click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link", name="Médiathèque Jean-Macé")).to_be_visible()
    expect(popup).to_contain_text("Horaires non renseignés")
    # Let the popup finish fading in and the map finish panning before the screenshot.
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    expect(page.locator(".leaflet-pan-anim")).to_have_count(0)

    # The list is still complete under the map, with the venue the map cannot show.
    expect(page.get_by_role("heading", name="Permanence sans adresse précise")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"lieux-carte-{width}.png", full_page=True)

    assert hosts(context) == {urlsplit(live_server.url).netloc, TILE_HOST}
    assert any("/static/leaflet/leaflet.js" in url for url in context.requested)


@pytest.mark.django_db(transaction=True)
def test_locate_me_sorts_the_venues_from_the_nearest(open_context, lieux_url, live_server):
    context = open_context(geolocation=HERE, permissions=["geolocation"])
    page = context.new_page()
    page.goto(lieux_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Me géolocaliser").click()
    query = parse_qs(urlsplit(page.url).query)
    assert float(query["lat"][0]) == pytest.approx(49.11, abs=0.001)
    assert float(query["lon"][0]) == pytest.approx(6.17, abs=0.001)
    expect(page.get_by_role("heading", name="Du plus proche au plus loin")).to_be_visible()
    titles = [title.split(" ", 1)[1] for title in page.locator(".venue-card h3").all_inner_texts()]
    assert titles == [
        "Maison du Sablon",
        "Centre social Pioche",
        "Médiathèque Jean-Macé",
        "Permanence sans adresse précise",
    ]
    assert hosts(context) <= {urlsplit(live_server.url).netloc, TILE_HOST}


@pytest.mark.django_db(transaction=True)
def test_locate_me_refused_points_to_the_postcode(open_context, lieux_url):
    # Permission not granted: Playwright's Chromium refuses at once (PERMISSION_DENIED).
    context = open_context(geolocation=HERE)
    page = context.new_page()
    page.goto(lieux_url)
    page.get_by_role("button", name="Me géolocaliser").click()
    status = page.get_by_role("status").filter(has_text="code postal")
    expect(status).to_have_text(
        "Votre position n’a pas pu être obtenue. "
        "Indiquez votre code postal pour trier par distance."
    )
    assert page.url == lieux_url
    expect(page.get_by_role("button", name="Me géolocaliser")).to_be_enabled()


@pytest.mark.django_db(transaction=True)
def test_without_javascript_no_map_no_locate_button_and_the_full_list(open_context, lieux_url):
    context = open_context(360, java_script_enabled=False)
    page = context.new_page()
    page.goto(lieux_url)
    expect(page.get_by_text("4 lieux", exact=True)).to_be_visible()
    expect(page.locator(".venue-card")).to_have_count(4)
    assert page.get_by_role("button", name="Me géolocaliser").count() == 0
    assert page.get_by_role("region", name="Carte des lieux").count() == 0
    assert not any(TILE_HOST in url or "leaflet" in url for url in context.requested)


@pytest.fixture
def need_url(live_server, caf_need):
    from wagtail.models import Site

    from portal.models import PortalSettings

    portal = PortalSettings.for_site(Site.objects.get())
    portal.map_tile_url = f"https://{TILE_HOST}/{{z}}/{{x}}/{{y}}.png"
    portal.save()
    return live_server.url + caf_need.url


@pytest.mark.django_db(transaction=True)
@time_machine.travel(MONDAY_10AM, tick=True)
def test_need_map_pins_carry_the_row_numbers_and_a_link_skips_them(open_context, need_url):
    context = open_context(360)
    page = context.new_page()
    page.goto(need_url + "?cp=57070")
    expect(page.locator(".leaflet-container")).to_be_visible()
    expect(page.locator(".map-pin")).to_have_count(2)
    expect(page.locator('.map-pin[title="Médiathèque Jean-Macé"]')).to_have_text("1")
    expect(page.locator('.map-pin[title="Centre social Pioche"]')).to_have_text("2")
    assert page.locator(".leaflet-marker-icon[tabindex]").count() == 0
    # From the folded form, Tab reaches "Passer la carte", then the list's first place.
    page.locator(".filters-fold > summary").focus()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Passer la carte")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.locator(".need-places h3 a").first
    expect(first).to_be_focused()
    expect(first).to_have_text("Médiathèque Jean-Macé")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "besoin-carte-360.png", full_page=True)
