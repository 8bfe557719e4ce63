"""The communication officer's three daily journeys, from the dashboard, counted in clicks.

Issue 21's "done when": she creates, previews and publishes a venue, prepares and previews the
next newsletter issue and moderates a declaration without typing a line of OSM syntax, meeting
an English word, or leaving the dashboard to find out what needs doing. Each journey counts its
clicks (typing in a field is not a click) and reads every admin screen it crosses for English
words; the counts are printed for the closing note and bounded here so that a screen which adds
a step fails the test.
"""

import re
from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import expect
from wagtail.models import Site

from actualites.models import NewsletterIssuePage
from declarations.models import Declaration
from guide.hours import PARIS
from guide.models import VenuePage
from tests.actualites.letter_fixtures import newsletter_index  # noqa: F401
from tests.declarations.test_moderation import NEW_VENUE_DATA
from tests.geocoder_stub import PIOCHE, geocoder  # noqa: F401
from tests.portal.test_admin_labels import WAGTAIL_UNTRANSLATED, english_words

A_TUESDAY_MORNING = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)


class Journey:
    """Clicks through the admin, counting them and reading each screen for English words."""

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.english = []

    def click(self, locator):
        locator.click()
        self.clicks += 1

    def choose(self, select, value):
        select.select_option(value)
        self.clicks += 1

    def read_screen(self):
        text = self.page.locator("body").inner_text()
        words = [word for word in english_words(text) if word not in WAGTAIL_UNTRANSLATED]
        self.english += [(self.page.url, word) for word in words]

    def publish(self):
        self.click(self.page.get_by_role("button", name="Plus d'actions"))
        self.click(self.page.get_by_role("button", name="Publier"))


def open_dashboard(admin_page, live_server):
    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    page = admin_page()
    page.goto(f"{live_server.url}/admin/")
    return Journey(page)


@pytest.mark.django_db(transaction=True)
def test_create_preview_and_publish_a_venue(
    admin_page,
    live_server,
    venue_index,
    territory,
    families,
    geocoder,  # noqa: F811
):
    journey = open_dashboard(admin_page, live_server)
    page = journey.page
    journey.read_screen()
    journey.click(page.locator(".sidebar").get_by_role("link", name="Lieux"))
    journey.click(page.get_by_role("link", name="Ajouter un lieu"))
    journey.read_screen()

    page.locator("input[name=title]").fill("Espace numérique du Pontiffroy")
    journey.click(page.get_by_role("button", name="Choisir territoire"))
    journey.click(page.locator(".modal").get_by_role("link", name=territory.name))
    expect(page.locator("input[name=code]")).to_have_value(f"{territory.code_prefix}1")
    page.locator("textarea[name=summary]").fill("Ordinateurs en accès libre et aide aux démarches.")

    journey.click(page.get_by_role("tab", name="Accès et contact"))
    journey.choose(page.locator("select[name=fee]"), "gratuit")
    page.locator("input[name=address]").fill("13 rue Pioche")
    page.locator("input[name=postcode]").fill("57050")
    page.locator("input[name=commune]").fill("Metz")
    journey.click(page.get_by_role("button", name="Localiser l'adresse"))
    expect(page.locator("input[name=latitude]")).to_have_value(f"{PIOCHE['latitude']:.6f}")
    journey.read_screen()

    journey.click(page.get_by_role("tab", name="Services et étoiles"))
    journey.click(page.get_by_role("radio", name=re.compile(r"\(RSA, CAF\) : ★★★ expert")))
    journey.click(page.get_by_role("radio", name=re.compile("d'un ordinateur : ★ basique")))

    journey.click(page.get_by_role("tab", name="Horaires"))
    page.locator("#id_opening_hours-Mo-0-start").fill("8h30")
    page.locator("#id_opening_hours-Mo-0-end").fill("12h")
    page.locator("#id_opening_hours-Mo-1-start").fill("13h30")
    page.locator("#id_opening_hours-Mo-1-end").fill("17h")
    journey.click(page.get_by_role("button", name="Recopier sur les jours cochés"))
    expect(page.locator("[data-reading] li").first).to_have_text(
        "Lundi, mardi, mercredi, jeudi, vendredi\u00a0: 8 h 30 – 12 h, 13 h 30 – 17 h"
    )
    journey.read_screen()

    journey.click(page.locator('[data-side-panel-toggle="preview"]'))
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text("Espace numérique du Pontiffroy")

    journey.publish()
    expect(page.get_by_text("créée et publiée")).to_be_visible()
    journey.read_screen()

    venue = VenuePage.objects.get(title="Espace numérique du Pontiffroy")
    assert venue.live and venue.code == f"{territory.code_prefix}1"
    assert venue.opening_hours == "Mo-Fr 08:30-12:00,13:30-17:00"
    assert (venue.latitude, venue.longitude) == (PIOCHE["latitude"], PIOCHE["longitude"])
    assert {row.item.slug: row.level for row in venue.service_levels.all()} == {
        "caf-rsa": 3,
        "ordinateur": 1,
    }
    with time_machine.travel(A_TUESDAY_MORNING, tick=True):
        page.goto(f"{live_server.url}{venue_index.url}")
        card = page.locator("article", has_text="Espace numérique du Pontiffroy")
        expect(card).to_contain_text("Ouvert")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)

    print(f"\nCréer, prévisualiser et publier un lieu : {journey.clicks} clics")
    assert journey.english == []
    assert journey.clicks <= 15


@pytest.mark.django_db(transaction=True)
def test_prepare_and_preview_the_next_newsletter_issue(
    admin_page,
    live_server,
    newsletter_index,  # noqa: F811
):
    journey = open_dashboard(admin_page, live_server)
    page = journey.page
    newsletter = page.locator("#prochain-numero-section")
    expect(newsletter.get_by_text("est à préparer")).to_be_visible()
    journey.click(newsletter.get_by_role("button", name="Préparer le prochain numéro"))
    expect(page.get_by_text("Le brouillon du numéro n° 1")).to_be_visible()
    journey.read_screen()

    journey.click(page.locator('[data-side-panel-toggle="preview"]'))
    issue = NewsletterIssuePage.objects.get()
    expect(page.frame_locator("#w-preview-iframe").locator("body")).to_contain_text(issue.title)
    journey.choose(page.locator("#id_preview_mode"), "email-html")
    email = page.frame_locator("#w-preview-iframe")
    expect(email.locator("body")).to_contain_text(issue.title)
    journey.read_screen()

    print(f"\nPréparer et prévisualiser le prochain numéro : {journey.clicks} clics")
    assert journey.english == []
    assert journey.clicks <= 3


@pytest.mark.django_db(transaction=True)
def test_moderate_a_declaration_from_the_dashboard(
    admin_page, live_server, venue_index, territory, families
):
    declaration = Declaration.objects.create(
        kind=Declaration.Kind.NEW_VENUE,
        territory=territory,
        declarant_name="Claire Martin",
        declarant_email="claire@example.org",
        venue_data=NEW_VENUE_DATA,
    )
    journey = open_dashboard(admin_page, live_server)
    page = journey.page
    section = page.locator("#declarations-a-traiter-section")
    journey.click(section.get_by_role("link", name=re.compile("1 déclaration reçue")))
    journey.read_screen()
    journey.click(page.get_by_role("link", name=re.compile(NEW_VENUE_DATA["title"])).first)
    journey.read_screen()
    journey.click(page.get_by_role("button", name="Créer le lieu"))
    expect(page.locator("input[name=title]")).to_have_value(NEW_VENUE_DATA["title"])
    journey.read_screen()
    journey.publish()
    expect(page.get_by_text("a été publiée")).to_be_visible()

    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.ACCEPTED
    assert VenuePage.objects.get(title=NEW_VENUE_DATA["title"]).live
    print(f"\nAccepter une déclaration : {journey.clicks} clics")
    assert journey.english == []
    assert journey.clicks <= 5
