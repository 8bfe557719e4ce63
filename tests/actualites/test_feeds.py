"""The news as RSS and Atom feeds, read back with a feed reader's parser."""

from datetime import date

import feedparser


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, feedparser.parse(response.content)


def test_rss_feed_lists_news_newest_first_with_absolute_links(client, make_news):
    make_news(title="Ancienne", date=date(2026, 12, 1))
    newest = make_news(title="Récente", date=date(2027, 1, 12), summary="Un résumé.")
    response, feed = parse(client, "/actualites/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Récente", "Ancienne"]
    first = feed.entries[0]
    assert first.link == f"http://testserver{newest.url}"
    assert first.summary == "Un résumé."
    assert first.published_parsed[:3] == (2027, 1, 11)  # midnight in Paris is 23:00 UTC
    assert feed.feed.link == "http://testserver/actualites/"


def test_atom_feed_parses_with_dates_and_categories(client, make_news, topics):
    make_news(title="Atelier", date=date(2027, 3, 2), topics=[topics["ateliers"]])
    _response, feed = parse(client, "/actualites/atom/")
    assert feed.version == "atom10"
    assert not feed.bozo
    entry = feed.entries[0]
    assert entry.title == "Atelier"
    assert entry.link.startswith("http://testserver/actualites/")
    assert entry.updated_parsed is not None
    assert [tag.term for tag in entry.tags] == ["Ateliers"]


def test_feed_filtered_by_theme(client, make_news, topics):
    make_news(title="Atelier", topics=[topics["ateliers"]])
    make_news(title="Démarche", topics=[topics["demarches"]])
    _response, feed = parse(client, "/actualites/rss/?theme=ateliers")
    assert [entry.title for entry in feed.entries] == ["Atelier"]
    assert "Ateliers" in feed.feed.title
    assert feed.feed.link == "http://testserver/actualites/?theme=ateliers"


def test_feed_holds_no_draft(client, make_news):
    make_news(title="Retirée").unpublish()
    _response, feed = parse(client, "/actualites/rss/")
    assert feed.entries == []
