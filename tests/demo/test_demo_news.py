"""The demo's news and agenda: loaded with the venues, safe to load again, never stale."""

import re
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from icalendar import Calendar

from actualites.models import EventPage, NewsPage, Topic
from guide.hours import PARIS

from ..conftest import built_once

LOAD_DAY = datetime(2027, 5, 3, 9, 0, tzinfo=PARIS)
# The demo also has English, Arabic and Ukrainian trees of aliases: these tests read the French.
FRENCH = {"locale__language_code": "fr"}


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module's tests (each runs in its own savepoint)."""
    with time_machine.travel(LOAD_DAY, tick=False):
        with built_once(django_db_blocker, lambda: call_command("load_demo")):
            yield


def snapshot():
    return {
        "topics": sorted(Topic.objects.filter(**FRENCH).values_list("slug", flat=True)),
        "news": sorted(NewsPage.objects.filter(**FRENCH).values_list("slug", "date")),
        "events": sorted(EventPage.objects.filter(**FRENCH).values_list("slug", "start", "end")),
    }


@pytest.mark.django_db
@time_machine.travel(LOAD_DAY, tick=False)
def test_demo_loads_twice_without_duplicates_and_keeps_edits():
    first = snapshot()
    assert len(first["news"]) == 6
    assert {"demarches-en-ligne", "ateliers", "securite-en-ligne", "equipement"} <= set(
        first["topics"]
    )
    news = NewsPage.objects.get(slug="nouveaux-ateliers-au-sablon", **FRENCH)
    news.summary = "Résumé corrigé par l'éditrice."
    news.save_revision().publish()
    call_command("load_demo")
    assert snapshot() == first
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
    assert "Vendredi 27 août 2021, 14 h 30 – 15 h 30" in page
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
