"""A resident on a phone, without JavaScript: from a need to the nearest open place in 3 clicks,
then the orientation sheet a professional prints for them."""

import io
from datetime import datetime

import pytest
import time_machine
from pypdf import PdfReader
from wagtail.models import Site

from guide.hours import PARIS
from guide.models import NeedPage, NeedTreePage, ThemePage

from .test_venue_screens import SCREENSHOTS

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)


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
    make_venue(title="Centre social loin", services={"demarches": (1, [])}, latitude=49.2)
    demarches = families["demarches"]
    return publish(
        theme,
        NeedPage(
            title="Faire ma déclaration à la CAF",
            slug="caf-rsa",
            family=demarches,
            item=demarches.items.get(slug="caf-rsa"),
        ),
    )


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
        page.get_by_role("link", name="Faire ma déclaration à la CAF").click()  # click 1
        page.get_by_label("Code postal").fill("57070")
        page.get_by_label("Ouvert maintenant").check()
        page.get_by_role("button", name="Voir les lieux").click()  # click 2
        assert "cp=57070" in page.url and "ouvert=on" in page.url
        cards = page.locator(".venue-card h3 a")
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
    assert "9 h" in text and "12 h" in text  # Monday's hours
    context.close()
