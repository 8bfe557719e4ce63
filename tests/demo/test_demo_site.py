"""The demo site, built once for these tests: venues, tree, news, agenda, languages.

Each test process that runs them loads the demo once, on ``LOAD_DAY``, for these tests and the
other modules that read it (tests/conftest.py, ``SharedDemo``); each test runs in its own
savepoint, so what one changes is gone for the next. Loading it again is what two of the tests
check: it must change nothing and keep the editors' changes.
"""

import re
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count
from icalendar import Calendar
from wagtail.models import Page, Site

from actualites.models import EventPage, NewsPage, Topic
from declarations.models import Declaration
from demo.identity import ensure_demo_identity
from demo.loader import read_demo_data
from guide.hours import PARIS
from guide.models import (
    GuideDownloadsPage,
    GuideEdition,
    NeedPage,
    RemoteActor,
    ServiceFamily,
    Territory,
    VenuePage,
)
from portal.models import LegalPage, PortalSettings, SitemapPage

from ..conftest import DEMO_LOAD_DAY as LOAD_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo", "on_demo_load_day")]
# The demo also has English, Arabic and Ukrainian trees of aliases: most tests read the French.
FRENCH = {"locale__language_code": "fr"}


def snapshot():
    """The French content, and how many pages each language's synchronised tree has."""
    venues = VenuePage.objects.filter(**FRENCH).order_by("slug")
    return {
        "venues": [
            (
                v.slug,
                v.code,
                v.territory.slug,
                v.opening_hours,
                sorted((row.item.slug, row.level) for row in v.service_levels.all()),
                sorted((e.kind, e.count) for e in v.equipment.all()),
            )
            for v in venues
        ],
        "territories": list(Territory.objects.filter(**FRENCH).values_list("slug", "sort_order")),
        "families": [(f.slug, f.items.count()) for f in ServiceFamily.objects.filter(**FRENCH)],
        "needs": [
            (n.get_parent().slug, n.slug, n.family_id, len(n.chosen_venues.all()))
            for n in NeedPage.objects.filter(**FRENCH).order_by("path")
        ],
        "declarations": sorted(Declaration.objects.values_list("kind", "venue__slug")),
        "actors": list(RemoteActor.objects.filter(**FRENCH).values_list("name", "kind")),
        "pages_per_language": dict(
            Page.objects.filter(depth__gt=1)
            .values_list("locale__language_code")
            .annotate(count=Count("pk"))
        ),
    }


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_content_and_keeps_an_editors_change():
    first = snapshot()
    venue = VenuePage.objects.get(slug="centre-social-pioche", **FRENCH)
    venue.summary = "Résumé corrigé par l'éditrice."
    venue.save_revision().publish()
    with time_machine.travel(LOAD_DAY, tick=False):
        call_command("load_demo")
    assert snapshot() == first
    assert (
        VenuePage.objects.get(slug="centre-social-pioche", **FRENCH).summary
        == "Résumé corrigé par l'éditrice."
    )
    guide_page = GuideDownloadsPage.objects.get(**FRENCH)
    assert guide_page.slug == "guide" and guide_page.live
    edition = GuideEdition.objects.get()  # once, however often the demo is loaded
    assert (edition.year, edition.status, edition.document) == (2026, "never", None)
    assert len(first["venues"]) == len(read_demo_data()["venues"]) >= 21
    assert first["families"] == [("decouvrir", 4), ("insertion", 4), ("demarches", 8), ("creer", 6)]
    grenoble_needs = [
        need for theme, need, *_ in first["needs"] if theme == "informatique-telephonie"
    ]
    assert len(grenoble_needs) == 6
    assert {theme for theme, *_ in first["needs"]} == {
        "informatique-telephonie",
        "demarches-en-ligne",
        "emploi",
    }
    assert ("Solidarité numérique", "telephone") in first["actors"]
    assert first["declarations"] == [
        ("modification", "mediatheque-jean-mace"),
        ("nouveau", None),
        ("signalement", "cpam-moselle-borny"),
    ]
    pages = first["pages_per_language"]
    assert pages["fr"] == pages["en"] == pages["ar"] == pages["uk"]


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=PARIS), tick=False)
def test_demo_site_shows_metz_venues_with_stars_and_state(client):
    site = Site.objects.get(is_default_site=True)
    site.hostname = "testserver"
    site.save()
    home = client.get("/")
    assert home.status_code == 200
    assert "qui fait quoi" in home.content.decode()
    html = client.get("/lieux/").content.decode()
    assert "Centre social Pioche" in html
    assert "CRI-BIJ" in html
    assert "sur 3 — " in html
    assert "Ouvert actuellement" in html and "Fermé à cet instant" in html
    m5 = client.get("/lieux/centre-animation-bordeaux-lac/").content.decode()
    assert "79, cours des Aubiers" in m5
    assert "Tram C" in m5
    # Monday 10 am: M5 opens at 13:30 on Mondays.
    assert "Fermé à cet instant" in m5
    assert "Ouvre à 13\u00a0h\u00a030" in m5
    # Like the Bordeaux guide's entry, M5 is rated on each of the 22 detailed services.
    assert len(re.findall(r'<th scope="row">[^<]+</th><td><span class="stars stars-', m5)) == 22
    # Each detailed service has its own stars: expert for the CAF, basic for driving licences.
    cassis = client.get("/lieux/centre-social-cassis/").content.decode()
    demarches = re.search(r'aria-labelledby="famille-demarches">(.*?)</table>', cassis, re.S)
    levels = dict(
        re.findall(r'<th scope="row">([^<]+)</th><td><span class="stars stars-(\d)"', demarches[1])
    )
    assert levels["Accéder à ses droits sociaux et les gérer (RSA, CAF)"] == "3"
    assert levels["Permis et carte grise"] == "1"
    caf = client.get("/qui-fait-quoi/demarches-en-ligne/caf-rsa/?cp=57050").content.decode()
    assert "du plus proche au plus loin de 57050" in caf
    assert "Solidarité numérique" in caf
    assert "Centre social Pioche" in caf


@pytest.mark.django_db
def test_demo_builds_on_the_first_run_with_its_legal_pages_in_every_language(client):
    for language in ("fr", "en", "ar", "uk"):
        in_language = {"locale__language_code": language}
        assert set(LegalPage.objects.filter(**in_language).values_list("role", flat=True)) == {
            "mentions-legales",
            "donnees-personnelles",
            "contact",
            "donnees-ouvertes",
        }
        assert SitemapPage.objects.filter(**in_language).count() == 1
    english = client.get("/en/mentions-legales/").content.decode()
    assert 'class="notice untranslated-notice" lang="en"' in english
    assert 'href="/en/donnees-personnelles/"' in english  # the footer, in the visitor's tree


def test_demo_is_the_ville_de_metz_and_keeps_an_editors_renaming(client):
    site = Site.objects.get(is_default_site=True)
    site.hostname = "testserver"
    site.save()
    assert '<span class="brand-city">Ville de Metz</span>' in client.get("/").content.decode()
    identity = PortalSettings.for_site(site)
    assert identity.of_city == "de la Ville de Metz"
    identity.city_name = "Metz Métropole"
    identity.save()
    ensure_demo_identity(log=lambda line: None)
    identity.refresh_from_db()
    assert identity.city_name == "Metz Métropole"


@pytest.mark.django_db
def test_demo_admin_command_prints_the_login(capsys, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "essai-demo")
    call_command("ensure_demo_admin")
    out = capsys.readouterr().out
    assert "identifiant « admin », mot de passe « essai-demo »" in out
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    # As the admin's login form does: django-axes needs the request.
    login = RequestFactory().post("/admin/login/")
    assert authenticate(login, username="admin", password="essai-demo").is_superuser


def news_snapshot():
    return {
        "topics": sorted(Topic.objects.filter(**FRENCH).values_list("slug", flat=True)),
        "news": sorted(NewsPage.objects.filter(**FRENCH).values_list("slug", "date")),
        "events": sorted(EventPage.objects.filter(**FRENCH).values_list("slug", "start", "end")),
    }


@pytest.mark.django_db
@time_machine.travel(LOAD_DAY, tick=False)
def test_demo_loads_twice_without_duplicates_and_keeps_edits():
    first = news_snapshot()
    assert len(first["news"]) == 6
    assert {"demarches-en-ligne", "ateliers", "securite-en-ligne", "equipement"} <= set(
        first["topics"]
    )
    news = NewsPage.objects.get(slug="nouveaux-ateliers-au-sablon", **FRENCH)
    news.summary = "Résumé corrigé par l'éditrice."
    news.save_revision().publish()
    call_command("load_demo")
    assert news_snapshot() == first
    assert NewsPage.objects.get(pk=news.pk).summary == "Résumé corrigé par l'éditrice."
    assert [venue.venue.slug for venue in news.venues.all()] == ["mediatheque-du-sablon"]


@pytest.mark.django_db
def test_demo_agenda_has_upcoming_events_whenever_it_is_loaded(client):
    with time_machine.travel(LOAD_DAY, tick=False):
        html = client.get("/agenda/").content.decode()
        assert "Atelier tablette pour débutants" in html
        assert "Forum « Le numérique pour tous »" in html
        past = client.get("/agenda/passes/").content.decode()
        assert "Atelier smartphone" in past
    upcoming = EventPage.objects.get(slug="atelier-tablette-sablon", **FRENCH)
    assert upcoming.start.date() > LOAD_DAY.date()
    assert upcoming.venue.slug == "mediatheque-du-sablon"


@pytest.mark.django_db
@time_machine.travel(LOAD_DAY, tick=False)
def test_demo_holds_the_aginum_programme_with_its_real_dates(client):
    aginum = EventPage.objects.filter(slug__startswith="aginum-2021-", **FRENCH).order_by("start")
    assert aginum.count() == 8
    first = aginum[0]
    assert first.title == "Observatoire des inégalités numériques"
    assert first.start == datetime(2021, 8, 26, 10, 0, tzinfo=PARIS)
    assert first.get_registration_display() == "Sur invitation"
    last = aginum.last()
    assert last.title == "Pour l'inclusion numérique, quelle politique publique ?"
    assert last.online_url and last.replay_url
    page = client.get(last.url).content.decode()
    assert "Vendredi 27 août 2021, 14\u00a0h\u00a030 – 15\u00a0h\u00a030" in page
    assert "Voir le replay" in page
    calendar = Calendar.from_ical(client.get("/agenda/agenda.ics").content)
    assert "Observatoire des inégalités numériques" not in {
        str(event["SUMMARY"]) for event in calendar.events
    }


@pytest.mark.django_db
@time_machine.travel(LOAD_DAY, tick=False)
def test_demo_menu_and_venue_page_show_the_news_and_events(client):
    home = client.get("/").content.decode()
    menu = re.search(r'<ul class="nav">(.*?)</ul>', home, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', menu) == [
        ("/qui-fait-quoi/", "Qui fait quoi ?"),
        ("/lieux/", "Les lieux qui vous aident"),
        ("/actualites/", "Actualités"),
        ("/agenda/", "Agenda"),
        ("/guide/", "Le guide à imprimer"),
    ]
    venue_page = client.get("/lieux/mediatheque-du-sablon/").content.decode()
    assert "Prochains événements dans ce lieu" in venue_page
    assert "Atelier tablette pour débutants" in venue_page
