"""The site in French, English, Arabic and Ukrainian: synchronised trees, switcher, notices.

The interface's catalogues may still be empty: assertions rely on Django's own translations
(day and month names) and on structure (lang, dir, hreflang), not on the project's msgids.
"""

import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import ngettext

from actualites.when import describe_when
from demo.locales import ensure_locales, synchronise_trees, translate
from guide.hours import PARIS
from guide.models import NeedPage, NeedTreePage, StarLegend, ThemePage
from guide.models import catalogue as catalogue_module

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
NOTICE = re.compile(r'<p class="notice untranslated-notice" lang="(\w+)" dir="(\w+)">')
MAIN = re.compile(r'<main id="contenu" class="wrap"([^>]*)>')
SWITCHER = re.compile(r'<nav class="languages".*?</nav>', re.S)


def venue_count(count, language):
    """The result count as the venue list writes it in ``language``."""
    with translation.override(language):
        return ngettext("%(counter)s lieu", "%(counter)s lieux", count) % {"counter": count}


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def need(home_page, families):
    tree = publish(home_page, NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi"))
    theme = publish(tree, ThemePage(title="Démarches en ligne", slug="demarches-en-ligne"))
    return publish(
        theme,
        NeedPage(title="Faire ma déclaration à la CAF", slug="caf", family=families["demarches"]),
    )


@pytest.fixture
def venue(make_venue, need):
    return make_venue(
        title="Centre social Pioche",
        services={"demarches": (3, ["caf-rsa"]), "decouvrir": (1, [])},
        equipment=[("ordinateur", 4)],
    )


@pytest.fixture
def locales(venue):
    """en, ar and uk synchronised from French, as the demo loader makes them."""
    by_code = {locale.language_code: locale for locale in ensure_locales()}
    synchronise_trees()
    return by_code


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def switcher_links(html):
    return dict(
        (code, (href, tag))
        for tag, href, code in re.findall(
            r'(<a href="([^"]*)" hreflang="(\w+)"[^>]*>)', SWITCHER.search(html).group(0)
        )
    )


@pytest.mark.parametrize("prefix", ["/en", "/ar", "/uk"])
def test_every_resident_page_type_renders_in_each_language(client, locales, venue, need, prefix):
    for path in ["/lieux/", venue.url, "/qui-fait-quoi/", need.url]:
        assert "Centre social Pioche" in html_of(client, prefix + path) or path.endswith("quoi/")


def test_switcher_links_the_same_page_in_every_language(client, locales, venue):
    html = html_of(client, venue.url)
    links = switcher_links(html)
    assert {code: href for code, (href, _tag) in links.items()} == {
        "fr": venue.url,
        "en": "/en" + venue.url,
        "ar": "/ar" + venue.url,
        "uk": "/uk" + venue.url,
    }
    assert 'aria-current="true"' in links["fr"][1]
    assert 'lang="ar" dir="rtl"' in links["ar"][1] and "aria-current" not in links["ar"][1]
    assert ">العربية</a>" in html and ">Українська</a>" in html
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html)
    )
    # The other languages' pages are aliases showing the French text: not alternates.
    assert alternates == {
        "fr": "http://testserver" + venue.url,
        "x-default": "http://testserver" + venue.url,
    }


def test_switcher_keeps_the_filters_of_a_list(client, locales, venue_index):
    html = html_of(client, "/ar/lieux/?famille=demarches")
    assert switcher_links(html)["en"][0] == "/en/lieux/?famille=demarches"


def test_switcher_on_a_view_that_is_not_a_page(client, locales):
    html = html_of(client, "/en/lettre/abonnement/")
    links = switcher_links(html)
    assert links["fr"][0] == "/lettre/abonnement/"
    assert links["uk"][0] == "/uk/lettre/abonnement/"
    assert 'aria-current="true"' in links["en"][1]
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/lettre/abonnement/">'
        in html
    )
    assert not NOTICE.search(html)


@pytest.mark.parametrize(
    ("prefix", "language", "direction"), [("/en", "en", "ltr"), ("/ar", "ar", "rtl")]
)
def test_alias_page_shows_the_french_content_with_a_notice(
    client, locales, venue, prefix, language, direction
):
    html = html_of(client, prefix + venue.url)
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert NOTICE.search(html).groups() == (language, direction)
    assert MAIN.search(html).group(1) == ' lang="fr" dir="ltr"'
    assert "Aide aux démarches en ligne" in html  # the French summary
    assert 'href="/ar/lieux/"' in html if language == "ar" else 'href="/en/lieux/"' in html


def test_french_and_translated_pages_have_no_notice(client, locales, home_page):
    french = html_of(client, "/")
    assert not NOTICE.search(french) and MAIN.search(french).group(1) == ""
    translate(home_page, locales["en"], {"Accueil": "Home", "Bienvenue": "Welcome"})
    html = html_of(client, "/en/")
    assert "Welcome" in html
    assert not NOTICE.search(html)
    assert MAIN.search(html).group(1) == ""
    assert NOTICE.search(html_of(client, "/uk/"))


def test_arabic_pages_are_right_to_left(client, locales, venue):
    for path in ["/ar/", "/ar/lieux/", "/ar" + venue.url]:
        assert '<html lang="ar" dir="rtl">' in html_of(client, path)


@pytest.fixture
def arabic_family(locales, families):
    family = families["demarches"].copy_for_translation(locales["ar"])
    family.name = "إنجاز الإجراءات عبر الإنترنت"
    family.save()
    return family


def test_filter_and_card_labels_are_in_the_visitor_language_with_french_fallback(
    client, arabic_family, venue
):
    html = html_of(client, "/ar/lieux/?famille=demarches&territoire=metz-sablon")
    families = re.search(r'<select name="famille".*?</select>', html, re.S).group(0)
    assert '<option value="demarches" selected>إنجاز الإجراءات عبر الإنترنت</option>' in families
    assert (
        '<option value="decouvrir">Découvrir les usages de base du numérique</option>' in families
    )
    assert '<option value="metz-sablon" selected>Metz Sablon</option>' in html
    # The alias venue points to the French family and territory: the filters still find it.
    assert venue_count(1, "ar") in html and "Centre social Pioche" in html
    chips = re.search(r'<ul class="family-chips".*?</ul>', html, re.S).group(0)
    assert "إنجاز الإجراءات عبر الإنترنت" in chips and "Découvrir les usages" in chips
    page = html_of(client, "/ar" + venue.url)
    assert '<h3 id="famille-demarches">إنجاز الإجراءات عبر الإنترنت</h3>' in page
    french = html_of(client, "/lieux/?famille=demarches")
    assert '<option value="demarches" selected>Faire ses démarches en ligne</option>' in french


def test_need_page_in_arabic_finds_the_alias_venues(client, arabic_family, need, venue):
    html = html_of(client, "/ar" + need.url)
    assert "Centre social Pioche" in html
    assert 'href="/ar' + venue.url + '"' in html


@time_machine.travel(MONDAY_10AM, tick=False)
@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_hours_table_names_days_in_the_visitor_language(client, locales, venue, language):
    html = html_of(client, f"/{language}{venue.url}")
    hours = re.search(r'<table class="hours">.*?</table>', html, re.S).group(0)
    rows = re.findall(r'<th scope="row">([^<]+)', hours)
    monday = date(2026, 11, 23)
    with translation.override(language):
        expected = [date_format(monday + timedelta(days=n), "l") for n in range(7)]
    assert [unescape(row).strip() for row in rows] == expected
    assert "lundi" not in rows


@pytest.mark.parametrize("language", ["en", "uk"])
def test_event_dates_follow_the_active_language(language):
    start = datetime(2027, 1, 12, 14, 0, tzinfo=PARIS)
    with translation.override(language):
        text = describe_when(start, start + timedelta(hours=2))
        assert date_format(start, "l j F Y") in text
    assert "janvier" not in text and "mardi" not in text


def test_star_legend_defaults_follow_the_interface_and_edited_names_stay_as_written(
    db, monkeypatch
):
    monkeypatch.setattr(catalogue_module, "gettext", lambda text: f"«{text}» translated")
    legend = StarLegend(level_2_name="très bien")
    names = [name for _level, name, _text in legend.levels()]
    assert names == ["«basique» translated", "très bien", "«expert» translated"]
    assert legend.levels()[2][2] == "«c'est notre cœur de métier» translated"


@time_machine.travel(MONDAY_10AM, tick=False)
def test_arabic_venue_index_and_page_query_counts_stay_flat(
    client, locales, venue, make_venue, django_assert_max_num_queries, no_page_cache
):
    for path, limit in [("/ar/lieux/", 22), ("/ar" + venue.url, 20)]:
        # The first visit creates the site's settings, which starts a new content generation;
        # the second fills the menu, choices and translations caches.
        client.get(path)
        client.get(path)
        with django_assert_max_num_queries(limit) as few:
            assert client.get(path).status_code == 200
        if path == "/ar/lieux/":
            few_queries = len(few.captured_queries)
    for _ in range(5):
        make_venue(services={"decouvrir": (1, []), "insertion": (3, [])})
    synchronise_trees()
    client.get("/ar/lieux/")
    with django_assert_max_num_queries(few_queries):
        count = venue_count(6, "ar").replace(" ", "\u00a0")  # the count and its noun held together
        assert count in client.get("/ar/lieux/").content.decode()
