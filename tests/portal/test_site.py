"""Site-wide behaviour: home page, languages in URLs, production settings."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_home_page_says_what_the_site_is_for(client, venue_index):
    html = client.get("/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Aller au contenu" in html
    assert 'href="/lieux/"' in html


def test_french_is_unprefixed_and_other_languages_are_prefixed(client, venue_index):
    assert client.get("/lieux/").status_code == 200
    english = client.get("/en/lieux/")
    # No English translation yet: the French page is served with the English interface.
    assert english.status_code == 200
    assert '<html lang="en" dir="ltr">' in english.content.decode()


def test_arabic_interface_is_right_to_left(client, home_page):
    from django.utils import translation

    with translation.override("ar"):
        from django.template.loader import render_to_string

        html = render_to_string("base.html", {"page": home_page})
    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html


def test_pages_load_nothing_from_other_hosts(client, make_venue, venue_index):
    venue = make_venue()
    for url in ("/", venue_index.url, venue.url):
        html = client.get(url).content.decode()
        assert 'src="http' not in html
        assert 'rel="stylesheet" href="http' not in html
