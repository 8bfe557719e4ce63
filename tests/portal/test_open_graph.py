"""What a shared link shows (Open Graph) and each page's canonical address."""

import re
from datetime import date, datetime
from html import unescape

import pytest
import time_machine
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from actualites.models import NewsIndexPage, NewsPage
from demo.locales import ensure_locales, synchronise_trees, translate
from guide.hours import PARIS

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
META = re.compile(r'<meta (?:property|name)="((?:og|twitter|article):[\w:]+)" content="([^"]*)">')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')
SITE_NAME = "Le numérique pour tous — Ville de Metz"


def tags(client, url):
    """{property: [values]} of the page's Open Graph tags, and its canonical address."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    found = {}
    for name, value in META.findall(html):
        found.setdefault(name, []).append(unescape(value))
    (canonical,) = CANONICAL.findall(html)
    return found, canonical


def one(found, name):
    (value,) = found[name]
    return value


@pytest.fixture
def venue(make_venue):
    return make_venue(
        title="Centre social Pioche",
        summary="Aide aux démarches en ligne, sans rendez-vous le mardi.",
    )


@pytest.fixture
def news(home_page):
    index = NewsIndexPage(title="Actualités", slug="actualites")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    image = Image.objects.create(
        title="Atelier", description="Un atelier au centre social", file=get_test_image_file()
    )
    page = NewsPage(
        title="Nouvel atelier smartphone",
        slug="atelier-smartphone",
        date=date(2027, 1, 12),
        summary="Chaque jeudi, apprendre à se servir de son téléphone.",
        image=image,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@time_machine.travel(MONDAY_10AM, tick=False)
def test_venue_page_is_shared_with_its_name_summary_and_address(client, venue):
    found, canonical = tags(client, venue.url + "?utm_source=lettre")
    assert canonical == f"http://testserver{venue.url}"
    assert one(found, "og:url") == canonical
    assert one(found, "og:title") == "Centre social Pioche"
    assert one(found, "og:description") == "Aide aux démarches en ligne, sans rendez-vous le mardi."
    assert one(found, "og:type") == "website"
    assert one(found, "og:locale") == "fr_FR"
    assert "og:locale:alternate" not in found  # not translated yet
    assert one(found, "og:site_name") == SITE_NAME
    assert one(found, "twitter:card") == "summary"
    assert "og:image" not in found


def test_news_is_an_article_with_its_image_and_date(client, news):
    found, _canonical = tags(client, news.url)
    assert one(found, "og:type") == "article"
    assert one(found, "article:published_time") == "2027-01-12"
    image = one(found, "og:image")
    assert image.startswith("http://testserver/") and image.endswith(".jpg")
    assert one(found, "og:image:alt") == "Un atelier au centre social"
    assert one(found, "og:description") == "Chaque jeudi, apprendre à se servir de son téléphone."


def test_search_description_wins_and_rich_text_intros_become_plain_text(client, home_page):
    found, _canonical = tags(client, "/")
    assert one(found, "og:title") == "Accueil"
    assert one(found, "og:description") == "Bienvenue"
    home_page.search_description = "Où se faire aider avec le numérique à Metz"
    home_page.save_revision().publish()
    found, _canonical = tags(client, "/")
    assert one(found, "og:description") == "Où se faire aider avec le numérique à Metz"


def test_pages_without_a_summary_and_views_get_the_site_description(client, home_page):
    found, canonical = tags(client, "/integrer/")
    assert one(found, "og:title") == "Intégrer les lieux sur votre site"
    description = one(found, "og:description")
    assert description.startswith("Ville de Metz\u00a0: les lieux où se faire aider")
    assert canonical == "http://testserver/integrer/"
    assert found["og:locale:alternate"] == ["en_GB", "ar_AR", "uk_UA"]


@time_machine.travel(MONDAY_10AM, tick=False)
def test_a_translation_has_its_locale_and_names_the_others(client, home_page, venue):
    locales = {locale.language_code: locale for locale in ensure_locales()}
    synchronise_trees()
    translate(home_page, locales["en"], {"Accueil": "Home", "Bienvenue": "Welcome"})
    found, canonical = tags(client, "/en/")
    assert canonical == "http://testserver/en/"
    assert one(found, "og:title") == "Home"
    assert one(found, "og:description") == "Welcome"
    assert one(found, "og:locale") == "en_GB"
    assert found["og:locale:alternate"] == ["fr_FR"]
    assert one(found, "og:site_name") == "Le numérique pour tous — Ville de Metz"
    french, _canonical = tags(client, "/")
    assert french["og:locale:alternate"] == ["en_GB"]


@time_machine.travel(MONDAY_10AM, tick=False)
def test_an_untranslated_page_points_to_the_french_one(client, venue):
    ensure_locales()
    synchronise_trees()
    found, canonical = tags(client, "/ar" + venue.url)
    assert canonical == f"http://testserver{venue.url}"
    assert one(found, "og:locale") == "fr_FR"
    assert "og:locale:alternate" not in found


@time_machine.travel(MONDAY_10AM, tick=False)
def test_a_hostile_title_stays_inside_its_attribute(client, make_venue):
    venue = make_venue(title='Lieu "><script>alert(1)</script>')
    html = client.get(venue.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    found, _canonical = tags(client, venue.url)
    assert one(found, "og:title") == 'Lieu "><script>alert(1)</script>'


def test_open_graph_adds_no_query_to_the_home_page(
    client, home_page, django_assert_max_num_queries, no_page_cache
):
    client.get("/")  # fills the menu cache
    with django_assert_max_num_queries(10):  # the count before Open Graph was added
        client.get("/")


def test_open_graph_image_adds_no_query_to_a_news_page(
    client, news, django_assert_max_num_queries, no_page_cache
):
    client.get(news.url)  # fills the menu and rendition caches
    with django_assert_max_num_queries(13):  # the count before Open Graph was added
        assert "og:image" in client.get(news.url).content.decode()
