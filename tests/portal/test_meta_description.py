"""What search engines show under a page's title: its search description, else its summary."""

import re
from html import unescape

import pytest

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
pytestmark = pytest.mark.django_db


def descriptions(client, url):
    return [unescape(found) for found in DESCRIPTION.findall(client.get(url).content.decode())]


def test_a_venue_without_a_search_description_is_described_by_its_summary(client, make_venue):
    venue = make_venue(
        title="Centre social Pioche",
        summary="Aide aux démarches en ligne, sans rendez-vous le mardi.",
        search_description="",
    )
    assert descriptions(client, venue.url) == [
        "Aide aux démarches en ligne, sans rendez-vous le mardi."
    ]


def test_the_search_description_wins_over_the_summary(client, make_venue):
    venue = make_venue(summary="Le résumé.", search_description="Ce que l'éditeur a écrit.")
    assert descriptions(client, venue.url) == ["Ce que l'éditeur a écrit."]


def test_a_page_without_any_summary_has_no_description(client, home_page):
    assert descriptions(client, "/integrer/") == []
