"""A venue page on a small phone and on a desktop screen."""

from pathlib import Path

import pytest
import time_machine

from tests.guide.test_venue_page import MONDAY_10AM

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture
def venue_url(live_server, make_venue):
    from wagtail.models import Site

    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    venue = make_venue(
        title="Centre d'animation Bordeaux-Lac à vocation sociale et culturelle",
        code="M5",
        phone="05 56 50 47 73",
        emails="ca.bordeauxlac@acaqb.fr",
        website="https://acaqb.fr/le-lac",
        publics=["jeunes", "adultes", "seniors", "demandeurs-emploi", "allocataires-rsa"],
        support_by_appointment=True,
        mediators_note="2 salariés, partenaires",
        fee_details="Gratuit sans condition",
        documents_to_bring="Pièce d'identité, identifiants ameli, téléphone chargé.",
        booking_url="https://rdv.example.org/lac",
        equipment=[("ordinateur", None), ("imprimante", None)],
        services={
            "decouvrir": (2, ["tablette-smartphone", "ordinateur", "internet", "mails"]),
            "demarches": (3, ["caf-rsa", "ameli", "impots"]),
        },
    )
    return live_server.url + venue.url


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [360, 1280])
def test_venue_page_fits_the_screen_without_horizontal_scrolling(page_at, venue_url, width):
    page = page_at(width)
    page.goto(venue_url)
    assert page.get_by_role("heading", level=1).inner_text().startswith("M5")
    assert page.get_by_role("img", name="3 sur 3 — expert").count() == 3  # one per service line
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"venue-{width}.png", full_page=True)


FIRST_SCREEN = {"width": 360, "height": 740}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False])
def test_phone_and_hours_are_on_the_first_screen_of_a_phone(browser, venue_url, javascript):
    context = browser.new_context(viewport=FIRST_SCREEN, java_script_enabled=javascript)
    page = context.new_page()
    with time_machine.travel(MONDAY_10AM, tick=True):
        page.goto(venue_url)
        for element in [
            page.locator(".essential-hours .open-today"),
            page.locator('.essential-phone a[href^="tel:"]'),
        ]:
            box = element.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= FIRST_SCREEN["height"], box
        assert "Aujourd’hui" in page.locator(".essential-hours").inner_text()
        assert page.evaluate("window.scrollY") == 0
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"venue-first-screen-js-{javascript}.png")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_skip_link_is_the_first_focus_and_visible(page_at, venue_url):
    page = page_at(360)
    page.goto(venue_url)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Aller au contenu"
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert top >= 0


@pytest.mark.django_db(transaction=True)
def test_filters_work_without_javascript_on_a_small_phone(browser, venue_url, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/lieux/")
    page.get_by_text("Filtrer les lieux").click()
    page.get_by_label("Type d'aide").select_option("demarches")
    page.get_by_label("Niveau minimum").select_option("3")
    page.get_by_role("button", name="Afficher les lieux").click()
    assert "famille=demarches" in page.url and "niveau=3" in page.url
    assert page.get_by_text("1 lieu", exact=True).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "lieux-filtres-360.png", full_page=True)
    context.close()
