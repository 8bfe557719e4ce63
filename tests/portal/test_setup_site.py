"""A city's first run: `setup_site` on a database fresh from `migrate`, then `import_lieux`.

The first run starts from what the migrations leave (Wagtail's placeholder page and a localhost
Site, the service catalogue), as a city's IT team finds it. It is made once for the module's
tests and rolled back after the last; each test runs in its own savepoint.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization

from actualites.models import EventIndexPage, NewsIndexPage, NewsletterIndexPage
from guide.models import (
    GuideDownloadsPage,
    NeedPage,
    NeedTreePage,
    ThemePage,
    VenueIndexPage,
    VenuePage,
)
from portal.models import (
    AccessibilityStatementPage,
    HomePage,
    LegalPage,
    PortalSettings,
    SitemapPage,
)
from stats.retention import RETENTION_MONTHS
from tests.opendata.opendata_helpers import EXAMPLE_PATH

from ..conftest import built_once, tree_root

CITY = "Ville de Metz"
URL = "https://numerique.metz.fr"
# Every page of the first run, at the address the demo always had.
PAGES = [
    (HomePage, {}, "/"),
    (NeedTreePage, {}, "/qui-fait-quoi/"),
    (VenueIndexPage, {}, "/lieux/"),
    (NewsIndexPage, {}, "/actualites/"),
    (EventIndexPage, {}, "/agenda/"),
    (NewsletterIndexPage, {}, "/lettre/"),
    (GuideDownloadsPage, {}, "/guide/"),
    (AccessibilityStatementPage, {}, "/accessibilite/"),
    (LegalPage, {"role": "mentions-legales"}, "/mentions-legales/"),
    (LegalPage, {"role": "donnees-personnelles"}, "/donnees-personnelles/"),
    (LegalPage, {"role": "contact"}, "/contact/"),
    (LegalPage, {"role": "donnees-ouvertes"}, "/donnees-ouvertes/"),
    (SitemapPage, {}, "/plan-du-site/"),
]
FRENCH = {"locale__language_code": "fr"}
FOOTER = re.compile(r'<footer class="site-footer">.*?</footer>', re.S)
NOTICE = re.compile(r'<p class="notice untranslated-notice" lang="(\w+)"')


def as_after_migrate():
    """What `migrate` leaves: a root, a placeholder page, a localhost Site (a transactional
    test elsewhere may have flushed them)."""
    if not Site.objects.exists():
        placeholder = Page(title="Welcome to your new Wagtail site!", slug="home")
        tree_root().add_child(instance=placeholder)
        Site.objects.create(hostname="localhost", root_page=placeholder, is_default_site=True)


def setup_site(*arguments, url=URL):
    out = io.StringIO()
    call_command("setup_site", "--city", CITY, "--url", url, *arguments, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """The output of `setup_site` on a database as `migrate` leaves it."""

    def run():
        as_after_migrate()
        return setup_site()

    with built_once(django_db_blocker, run) as output:
        yield output


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_run")]


def import_example(*arguments):
    call_command("import_lieux", str(EXAMPLE_PATH), *arguments, stdout=io.StringIO())


def test_first_run_creates_every_page_once_published_at_its_address(client, first_run):
    output = first_run

    for model, match, url in PAGES:
        page = model.objects.get(**FRENCH, **match)
        assert page.live and page.url == url, (model, url)
        assert client.get(url).status_code == 200, url
        assert f"Créée : « {page.title} » ({url})." in output
    assert "Créée : « Trouver de l'aide pour le numérique » (/)." in output
    assert "Pages : 13 créées, 0 déjà présente." in output
    assert not Page.objects.filter(slug="home").exists()  # Wagtail's placeholder is gone
    site = Site.objects.get()
    assert (site.hostname, site.port, site.site_name, site.is_default_site) == (
        "numerique.metz.fr",
        443,
        CITY,
        True,
    )
    assert site.root_page.specific_class is HomePage
    assert PortalSettings.for_site(site).city_name == CITY


def test_the_tree_has_grenobles_six_needs_and_two_themes_with_their_catalogue_rules():
    themes = ThemePage.objects.order_by("path")
    assert [theme.slug for theme in themes] == [
        "informatique-telephonie",
        "demarches-en-ligne",
        "emploi",
    ]
    assert NeedPage.objects.child_of(themes[0]).count() == 6
    needs = {need.slug: need for need in NeedPage.objects.all()}
    assert len(needs) == 14 and all(need.live for need in needs.values())
    assert (needs["caf-rsa"].family.slug, [i.slug for i in needs["caf-rsa"].items.all()]) == (
        "demarches",
        ["caf-rsa"],
    )
    # No service of the catalogue says "sells" or "repairs" equipment: editors add places.
    without_rule = {slug for slug, need in needs.items() if not need.rule_item_ids()}
    assert without_rule == {"acheter-materiel-pas-cher", "reparer-pas-cher"}


def test_second_run_creates_nothing_and_keeps_editors_changes():
    notice = LegalPage.objects.get(role="mentions-legales")
    notice.body = "<p>Éditeur : Ville de Metz, 1 place d'Armes.</p>"
    notice.save_revision().publish()
    NeedPage.objects.get(slug="reparer-pas-cher").delete()
    pages = Page.objects.count()

    output = setup_site(url="http://127.0.0.1:8000")

    assert Page.objects.count() == pages
    assert "Pages : 0 créée, 13 déjà présentes." in output
    assert "Déjà présente, laissée telle quelle : « Mentions légales »" in output
    assert LegalPage.objects.get(role="mentions-legales").body == notice.body
    assert not NeedPage.objects.filter(slug="reparer-pas-cher").exists()
    site = Site.objects.get()
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8000, "http://127.0.0.1:8000")


@pytest.mark.parametrize(
    "url", ["numerique.metz.fr", "https://numerique.metz.fr/portail/", "https://metz.fr:8443"]
)
def test_an_address_wagtail_cannot_hold_is_refused_before_anything_changes(url):
    with pytest.raises(CommandError, match=re.escape(f"« {url} »")):
        setup_site(url=url)
    assert Site.objects.get().root_url == URL


def test_the_contact_email_given_shows_on_the_contact_page_and_in_pages_created_after(client):
    AccessibilityStatementPage.objects.get().delete()
    setup_site("--email", "numerique@metz.fr")
    assert PortalSettings.objects.get().contact_email == "numerique@metz.fr"
    assert 'href="mailto:numerique@metz.fr"' in client.get("/contact/").content.decode()
    # Pages already there keep their text; a page created now names the address.
    assert "numerique@metz.fr" not in LegalPage.objects.get(role="donnees-personnelles").body
    assert AccessibilityStatementPage.objects.get().contact_email == "numerique@metz.fr"


def test_legal_pages_tell_what_the_code_keeps_and_mark_what_the_city_must_complete(client):
    privacy = " ".join(client.get("/donnees-personnelles/").content.decode().split())
    assert f"Ils sont gardés {RETENTION_MONTHS} mois" in privacy  # the statistics' retention
    assert "dont le lien reste valable 7 jours" in privacy  # the newsletter's confirmation
    assert "ni cookie, ni adresse IP" in privacy
    assert "Commission nationale de l'informatique et des libertés" in privacy
    assert "[à compléter : nom ou service" in privacy  # the data protection officer
    notice = " ".join(client.get("/mentions-legales/").content.decode().split())
    assert "https://numerique.metz.fr" in notice and CITY in notice
    assert "© contributeurs OpenStreetMap" in notice
    assert "[à compléter : nom et fonction du directeur" in notice
    statement = AccessibilityStatementPage.objects.get()
    assert statement.compliance == "non"  # no audit yet


def test_import_after_the_first_run_publishes_venues_on_the_list_with_publish(client):
    import_example("--publish")
    venue = VenuePage.objects.get()
    assert venue.live
    html = client.get("/lieux/").content.decode()
    assert venue.title in html and venue.url.startswith("/lieux/")
    assert client.get(venue.url).status_code == 200


def test_import_without_publish_leaves_drafts_off_the_list(client):
    import_example()
    venue = VenuePage.objects.get()
    assert not venue.live
    assert venue.title not in client.get("/lieux/").content.decode()


def test_every_footer_link_of_the_home_page_opens(client):
    footer = FOOTER.search(client.get("/").content.decode())[0]
    links = dict(
        (label, url) for url, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)
    )
    assert list(links) == [
        "Mentions légales",
        "Données personnelles",
        "Accessibilité\u00a0: non conforme",
        "Contact",
        "Plan du site",
        "La lettre d'information",
        "S'abonner à la lettre d'information",
        "Déclarer un lieu",
        "Données ouvertes",
        "Intégrer les lieux sur votre site",
    ]
    assert links["La lettre d'information"] == "/lettre/"
    for url in links.values():
        assert client.get(url, follow=True).status_code == 200, url


def test_a_missing_page_is_left_out_of_the_footer(client):
    LegalPage.objects.get(role="contact").unpublish()
    footer = FOOTER.search(client.get("/").content.decode())[0]
    assert ">Contact<" not in footer and ">Mentions légales<" in footer


def test_the_footer_is_read_once_for_every_page(client):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/agenda/").content.decode()
    assert 'href="/mentions-legales/"' in html
    assert not [query for query in queries if "portal_legalpage" in query["sql"]]


def test_the_site_map_lists_sections_and_needs_but_not_each_venue(client):
    import_example("--publish")
    html = client.get("/plan-du-site/").content.decode()
    site_map = re.search(r'<nav class="site-map".*?</nav>', html, re.S)[0]
    assert 'href="/"' in site_map
    assert 'href="/lieux/"' in site_map and 'href="/qui-fait-quoi/demarches-en-ligne/impots/"' in (
        site_map
    )
    assert 'href="/mentions-legales/"' in site_map
    assert VenuePage.objects.get().url not in site_map


def test_without_other_language_trees_legal_pages_show_in_french_with_the_notice(client):
    html = client.get("/en/mentions-legales/").content.decode()
    assert NOTICE.search(html)[1] == "en"
    assert "[à compléter : nom et fonction du directeur" in html


def test_a_later_run_adds_every_page_to_each_language_synchronised_from_french():
    french = Locale.get_default()
    # bulk_create sends no post_save: wagtail-localize does not synchronise the trees itself.
    LocaleSynchronization.objects.bulk_create(
        LocaleSynchronization(locale=Locale.objects.create(language_code=code), sync_from=french)
        for code in ("en", "ar", "uk")
    )
    output = setup_site()

    assert "Autres langues\u00a0:" in output
    for code in ("fr", "en", "ar", "uk"):
        roles = set(LegalPage.objects.filter(locale__language_code=code).values_list("role"))
        assert roles == {
            ("mentions-legales",),
            ("donnees-personnelles",),
            ("contact",),
            ("donnees-ouvertes",),
        }, code
        assert SitemapPage.objects.filter(locale__language_code=code).count() == 1
