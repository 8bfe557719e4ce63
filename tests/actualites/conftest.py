"""Fixtures for news and events: the two indexes, themes, and makers of published pages."""

import itertools
from datetime import date

import pytest
from wagtail.models import Locale

from actualites.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage, Topic

_numbers = itertools.count(1)


@pytest.fixture
def news_index(home_page):
    index = NewsIndexPage(title="Actualités", slug="actualites", show_in_menus=True)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def event_index(home_page):
    index = EventIndexPage(title="Agenda", slug="agenda", show_in_menus=True)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def topics(db):
    locale = Locale.get_default()
    return {
        slug: Topic.objects.create(name=name, slug=slug, sort_order=order, locale=locale)
        for order, (slug, name) in enumerate(
            [("demarches", "Démarches en ligne"), ("ateliers", "Ateliers")]
        )
    }


@pytest.fixture
def make_news(news_index):
    """Create and publish a news page; ``topics`` and ``venues`` are lists of objects."""

    def make(topics=(), venues=(), **fields):
        number = next(_numbers)
        values = {
            "title": f"Actualité {number}",
            "slug": f"actualite-{number}",
            "date": date(2027, 1, 1),
            "summary": f"Résumé de l'actualité {number}.",
        }
        values.update(fields)
        page = NewsPage(**values)
        page.topics = [page.topics.model(topic=topic) for topic in topics]
        page.venues = [page.venues.model(venue=venue) for venue in venues]
        news_index.add_child(instance=page)
        page.save_revision().publish()
        return NewsPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def make_event(event_index):
    """Create and publish an event; ``topics`` is a list of Topic."""

    def make(topics=(), **fields):
        number = next(_numbers)
        values = {
            "title": f"Atelier {number}",
            "slug": f"atelier-{number}",
            "summary": f"Présentation de l'atelier {number}.",
            "place_name": "Salle des fêtes",
            "address": "1 place d'Armes",
            "postcode": "57000",
            "commune": "Metz",
        }
        values.update(fields)
        page = EventPage(**values)
        page.topics = [page.topics.model(topic=topic) for topic in topics]
        page.full_clean(exclude=["path", "depth"])
        event_index.add_child(instance=page)
        page.save_revision().publish()
        return EventPage.objects.get(pk=page.pk)

    return make
