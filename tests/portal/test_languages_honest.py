"""Every language is honest: French text inside another language's page is marked as French,
links stay in the visitor's language tree, canonical and hreflang agree (issue 22)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from actualites.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
from demo.locales import ensure_locales, synchronise_trees, translate
from guide.models import NeedPage
from portal.content_cache import content_changed

from . import test_languages
from .test_languages import html_of, publish

# The French tree (a need, a venue) and its aliases in en, ar and uk, as in test_languages.
locales, need, venue = test_languages.locales, test_languages.need, test_languages.venue

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">')


def marked_links(html, text):
    """The attributes of the links whose text is ``text``."""
    return re.findall(rf"<a ([^>]*)>{re.escape(text)}</a>", html)


def marked_tiles(html, text):
    """The attributes of the home's need tiles (buttons) named ``text``."""
    title = rf'<span class="need-tile-title">{re.escape(text)}</span>'
    tile = rf'<button ([^>]*class="need-tile"[^>]*)>(?:(?!</button>).)*{title}'
    return re.findall(tile, html, re.S)


@pytest.fixture
def arabic_need(locales, need):
    """The need translated into Arabic; its theme stays an alias of the French one."""
    return translate(NeedPage.objects.get(pk=need.pk), locales["ar"], {need.title: "إقرار CAF"})


def test_arabic_home_marks_french_needs_and_themes_and_not_arabic_ones(
    client, locales, arabic_need
):
    html = html_of(client, "/ar/")
    (attributes,) = marked_tiles(html, "إقرار CAF")
    assert "lang=" not in attributes
    assert '<h3 lang="fr" dir="ltr">Démarches en ligne</h3>' in html
    tree_html = html_of(client, "/ar/qui-fait-quoi/")
    assert re.search(r'<h2 id="theme-[\w-]+" lang="fr" dir="ltr">', tree_html)
    (attributes,) = marked_links(tree_html, "إقرار CAF")
    assert "lang=" not in attributes


def test_untranslated_need_is_marked_french_in_arabic_lists(client, locales, need):
    html = html_of(client, "/ar/")
    (attributes,) = marked_tiles(html, need.title)
    assert 'lang="fr" dir="ltr"' in attributes
    assert "lang=" not in marked_tiles(html_of(client, "/"), need.title)[0]


def test_arabic_need_page_marks_its_french_theme(client, locales, arabic_need):
    html = html_of(client, arabic_need.url)
    (attributes,) = marked_links(html, "Démarches en ligne")
    assert 'lang="fr" dir="ltr"' in attributes


def test_arabic_event_links_to_the_arabic_venue(client, home_page, venue, need):
    agenda = publish(home_page, EventIndexPage(title="Agenda", slug="agenda"))
    start = timezone.now() + timedelta(days=3)
    event = publish(
        agenda,
        EventPage(
            title="Atelier CAF", slug="atelier-caf", summary="Un atelier.", start=start, venue=venue
        ),
    )
    ensure_locales()
    synchronise_trees()
    for url in ["/ar/agenda/", "/ar" + event.url]:
        html = html_of(client, url)
        (attributes,) = marked_links(html, venue.title)
        assert f'href="/ar{venue.url}"' in attributes, url
        assert 'lang="fr" dir="ltr"' in attributes


def test_arabic_news_links_to_the_arabic_venue(client, home_page, venue, need):
    index = publish(home_page, NewsIndexPage(title="Actualités", slug="actualites"))
    news = NewsPage(title="Nouveau lieu", slug="nouveau-lieu", summary="Ouverture.")
    news.venues = [news.venues.model(venue=venue)]
    publish(index, news)
    ensure_locales()
    synchronise_trees()
    html = html_of(client, "/ar" + news.url)
    assert f'<li lang="fr" dir="ltr"><a href="/ar{venue.url}">{venue.title}</a>' in html


def test_alias_has_the_french_canonical_and_is_no_alternate(client, locales, venue):
    french_url = "http://testserver" + venue.url
    for url in [venue.url, "/ar" + venue.url]:
        html = html_of(client, url)
        assert CANONICAL.findall(html) == [french_url]
        assert dict(ALTERNATE.findall(html)) == {"fr": french_url, "x-default": french_url}


def test_real_translation_is_its_own_canonical_and_an_alternate(client, locales, arabic_need):
    french_url = (
        "http://testserver"
        + NeedPage.objects.get(
            translation_key=arabic_need.translation_key, locale__language_code="fr"
        ).url
    )
    arabic_url = "http://testserver" + arabic_need.url
    for url in [french_url, arabic_url]:
        html = html_of(client, url.removeprefix("http://testserver"))
        alternates = dict(ALTERNATE.findall(html))
        assert alternates == {"fr": french_url, "ar": arabic_url, "x-default": french_url}
    assert CANONICAL.findall(html) == [arabic_url]


def test_translated_venue_page_marks_its_untranslated_families(client, locales, venue, families):
    arabic = families["demarches"].copy_for_translation(locales["ar"])
    arabic.name = "إنجاز الإجراءات عبر الإنترنت"
    arabic.save()
    # An editor's translation of the venue: its Arabic alias turned into a page of its own.
    page = venue.get_translation(locales["ar"])
    Page.objects.filter(pk=page.pk).update(alias_of=None, title="مركز بيوش الاجتماعي")
    content_changed()
    html = html_of(client, page.url)
    assert "untranslated-notice" not in html
    assert '<h3 id="famille-demarches">إنجاز الإجراءات عبر الإنترنت</h3>' in html
    assert re.search(r'<h3 id="famille-decouvrir" lang="fr" dir="ltr">', html)
