"""A resident on a phone, without JavaScript: from a need to the nearest open place in 3 clicks,
then the orientation sheet a professional prints for them."""

import io
from datetime import datetime

import pytest
import time_machine
from pypdf import PdfReader

from guide.hours import PARIS

from .test_venue_screens import SCREENSHOTS

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
MONDAY_11PM = datetime(2026, 11, 23, 23, 0, tzinfo=PARIS)


@pytest.mark.django_db(transaction=True)
def test_from_need_to_nearest_open_place_in_three_clicks_without_javascript(
    browser, live_server, caf_need
):
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, java_script_enabled=False, locale="fr-FR"
    )
    page = context.new_page()
    with time_machine.travel(MONDAY_10AM, tick=True):
        page.goto(live_server.url + "/")
        page.get_by_role("button", name="Faire ma déclaration à la CAF").click()  # click 1
        page.get_by_label("Code postal").fill("57070")
        page.get_by_label("Ouvert maintenant").check()
        page.get_by_role("button", name="Voir les lieux").click()  # click 2
        assert "cp=57070" in page.url and "ouvert=on" in page.url
        cards = page.locator(".need-places h3 a")
        assert cards.count() == 1
        first = cards.first
        assert "Centre social Pioche" in first.inner_text()
        assert page.get_by_text("Médiathèque Jean-Macé").count() == 0  # closed on Mondays
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "besoin-caf-360.png", full_page=True)
        first.click()  # click 3
        assert page.get_by_role("heading", level=1).inner_text().endswith("Centre social Pioche")
        assert page.get_by_text("Ouvert actuellement").count() >= 1
        sheet_link = page.get_by_role("link", name="Télécharger la fiche d'orientation (PDF)")
        sheet = context.request.get(live_server.url + sheet_link.get_attribute("href"))
    assert sheet.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(sheet.body()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 1
    assert "Centre social Pioche" in text
    assert "13 rue Pioche" in text
    assert "9\u00a0h" in text and "12\u00a0h" in text  # Monday's hours, never broken
    context.close()


@pytest.mark.django_db(transaction=True)
def test_at_night_the_need_page_says_which_places_open_first(browser, live_server, caf_need):
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, java_script_enabled=False, locale="fr-FR"
    )
    page = context.new_page()
    with time_machine.travel(MONDAY_11PM, tick=True):
        page.goto(live_server.url + caf_need.url)
        page.get_by_label("Code postal").fill("57070")
        page.get_by_label("Ouvert maintenant").check()
        page.get_by_role("button", name="Voir les lieux").click()
        assert page.locator(".need-places").count() == 0
        first = page.get_by_role("region", name="Ouvre en premier").get_by_role("listitem")
        texts = [text.replace("\u00a0", " ") for text in first.all_inner_texts()]
        assert texts == [
            "Centre social Pioche · Ouvre demain à 9 h",
            "Médiathèque Jean-Macé · Ouvre demain à 10 h",
        ]
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "besoin-nuit-360.png", full_page=True)
    context.close()
