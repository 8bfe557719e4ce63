"""Fixtures of the newsletter's tests: an archive, news, events, a venue and a full issue."""

import io
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from actualites.models import (
    EventIndexPage,
    EventPage,
    NewsIndexPage,
    NewsletterIndexPage,
    NewsletterIssuePage,
    NewsPage,
)

PARIS = ZoneInfo("Europe/Paris")
EDITORIAL = "Bienvenue dans ce numéro consacré aux démarches en ligne."


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def chooser(kind, heading, pages):
    items = [{"type": "item", "value": page.pk, "id": str(uuid.uuid4())} for page in pages]
    return block(kind, {"heading": heading, "pages": items})


@pytest.fixture
def newsletter_index(home_page):
    index = NewsletterIndexPage(title="La lettre", slug="lettre")
    home_page.add_child(instance=index)
    return index


@pytest.fixture
def news_index(home_page):
    index = NewsIndexPage(title="Actualités", slug="actualites")
    home_page.add_child(instance=index)
    return index


@pytest.fixture
def event_index(home_page):
    index = EventIndexPage(title="Agenda", slug="agenda")
    home_page.add_child(instance=index)
    return index


@pytest.fixture
def news_image(db):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (640, 320), "#336699").save(buffer, "PNG")
    return get_image_model().objects.create(
        title="Atelier", file=ImageFile(buffer, name="atelier.png")
    )


@pytest.fixture
def make_news(news_index):
    def make(title, day, **fields):
        return publish(
            news_index,
            NewsPage(title=title, date=day, summary=f"Résumé : {title}.", **fields),
        )

    return make


@pytest.fixture
def make_event(event_index):
    def make(title, start, end=None, **fields):
        fields.setdefault("place_name", "Médiathèque du Pontiffroy")
        fields.setdefault("address", "1 cours Saint-Vincent")
        fields.setdefault("postcode", "57000")
        fields.setdefault("commune", "Metz")
        return publish(
            event_index,
            EventPage(title=title, start=start, end=end, summary=f"À propos : {title}.", **fields),
        )

    return make


@pytest.fixture
def full_issue(newsletter_index, make_news, make_event, make_venue, news_image):
    """Issue n° 4, January-February 2027, published, with one block of each kind."""
    news = make_news("Le nouveau France Services ouvre", date(2026, 12, 10), image=news_image)
    other_news = make_news("Un conseiller numérique à la mairie", date(2026, 12, 2))
    event = make_event(
        "Atelier smartphone",
        datetime(2027, 1, 14, 14, tzinfo=PARIS),
        datetime(2027, 1, 14, 16, tzinfo=PARIS),
        registration="inscription",
        registration_phone="03 87 00 00 00",
    )
    venue = make_venue(title="Centre social Le Lierre", address="2 rue du Lierre")
    issue = NewsletterIssuePage(
        title="La lettre de janvier",
        slug="numero-4",
        number=4,
        period_start=date(2027, 1, 1),
        editorial=f"<p>{EDITORIAL}</p><p>Bonne lecture !</p>",
        content=[
            chooser("news", "Actualités", [news, other_news]),
            chooser("events", "Agenda", [event]),
            block("spotlight", {"venue": venue.pk, "text": "Un accueil sans rendez-vous."}),
            block(
                "tip",
                {
                    "title": "Partager la connexion de son téléphone",
                    "text": "<p>Activez le <b>point d'accès</b> dans les réglages.</p>",
                    "link": "https://www.example.org/partage",
                    "link_label": "Le pas-à-pas",
                },
            ),
            block("text", {"heading": "Merci", "text": "<p>Aux bénévoles du réseau.</p>"}),
        ],
    )
    return publish(newsletter_index, issue)
