"""A need page as a resident reads it on a phone: remote help first, then one compact row per
place numbered like its map pin, the next openings at night, the site's own territories."""

import re
from datetime import datetime

import pytest
import time_machine

from guide.hours import PARIS
from guide.models import NeedPage, Territory, VenueClosure
from tests.guide import test_tree
from tests.guide.test_map import markers_in
from tests.guide.tree_helpers import publish
from tests.portal import test_languages

# The tree of test_tree (a theme, the CAF need, three places, a phone line) and the French need
# and venue with their aliases in en, ar and uk of test_languages.
tree, theme, phone_line, places, caf_need = (
    test_tree.tree,
    test_tree.theme,
    test_tree.phone_line,
    test_tree.places,
    test_tree.caf_need,
)
locales, need, venue = test_languages.locales, test_languages.need, test_languages.venue
card_titles, html_of = test_tree.card_titles, test_languages.html_of

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
MONDAY_11PM = datetime(2026, 11, 23, 23, 0, tzinfo=PARIS)
NBSP = "\u00a0"
ROW = re.compile(r'<li class="need-row">\s*<h3 class="need-row-name">.*?</li>', re.S)


def rows(html):
    places_list = html[html.index('id="liste-des-lieux"') :]
    return ROW.findall(places_list)


@time_machine.travel(MONDAY_10AM, tick=False)
def test_each_place_is_one_compact_row_saying_what_a_resident_decides_on(client, caf_need):
    html = client.get(caf_need.url).content.decode()
    (row,) = rows(html)
    assert '<span class="need-number">1</span> <a href="/lieux/' in row
    assert f'<strong class="need-state is-open">Ouvert</strong> · ferme à 12{NBSP}h' in row
    assert f"Aujourd’hui{NBSP}: 9{NBSP}h – 12{NBSP}h, 13{NBSP}h{NBSP}30 – 17{NBSP}h" in row
    assert 'role="img" aria-label="3 sur 3 — expert"' in row
    assert "· sur rendez-vous</p>" in row and "sans rendez-vous" not in row
    details = row[row.index("<details>") :]
    assert "13 rue Pioche, 57050 Metz" in details
    assert 'href="tel:0387000000"' in details
    assert "<dt>Coût</dt><dd>Gratuit</dd>" in details
    assert "venue-card" not in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_rows_and_map_pins_share_their_numbers(client, caf_need, places):
    caf_need.items = []
    caf_need.save_revision().publish()
    html = client.get(caf_need.url + "?cp=57070").content.decode()
    numbers = re.findall(r'<span class="need-number">(\d+)</span> <a href="[^"]+">([^<]+)<', html)
    assert numbers == [("1", "Médiathèque Jean-Macé"), ("2", "Centre social Pioche")]
    pins = [(str(marker["number"]), marker["name"]) for marker in markers_in(html)]
    assert pins == numbers
    assert f"à 1,6{NBSP}km" in html or "km</strong>" in html
    assert '<a class="map-skip" href="#liste-des-lieux">Passer la carte</a>' in html
    assert 'id="liste-des-lieux"' in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_help_without_moving_comes_first_with_its_open_state_and_phone(client, caf_need):
    html = client.get(caf_need.url).content.decode()
    actors = html.index("Sans vous déplacer")
    assert actors < html.index('id="liste-des-lieux"')
    line = html[actors : html.index("</section>", actors)]
    assert "Solidarité numérique" in line
    assert f'<strong class="need-state is-open">Ouvert</strong> · ferme à 18{NBSP}h' in line
    assert f'<a href="tel:0170772372">01{NBSP}70{NBSP}77{NBSP}23{NBSP}72</a>' in line


def test_other_needs_of_the_theme_are_offered(client, theme, caf_need):
    taxes = publish(theme, NeedPage(title="Déclarer mes impôts", slug="impots"))
    html = client.get(caf_need.url).content.decode()
    others = html[html.index('id="autres-besoins"') :]
    assert f'<a href="{taxes.url}">Déclarer mes impôts</a>' in others
    assert f'href="{caf_need.url}"' not in others


@time_machine.travel(MONDAY_11PM, tick=False)
def test_at_night_the_first_openings_are_listed_soonest_first(client, caf_need, places):
    caf_need.items = []
    caf_need.save_revision().publish()
    html = client.get(caf_need.url + "?ouvert=on").content.decode()
    assert "Aucun lieu ne correspond à ces critères." in html
    first = html[html.index('id="ouvre-en-premier"') :]
    first = first[: first.index("</ol>")]
    assert re.findall(r'<a href="[^"]+">([^<]+)</a> · ([^<]+)</li>', first) == [
        ("Centre social Pioche", f"Ouvre demain à 9{NBSP}h"),
        ("Médiathèque Jean-Macé", f"Ouvre demain à 10{NBSP}h"),
    ]
    html = client.get(caf_need.url).content.decode()  # without the filter: list, then openings
    assert "Ouvre en premier" in html
    assert card_titles(html) == ["Centre social Pioche", "Médiathèque Jean-Macé"]


@time_machine.travel(MONDAY_11PM, tick=False)
def test_first_openings_at_the_same_time_come_nearest_first(client, caf_need, make_venue):
    make_venue(title="Espace éloigné", levels={"caf-rsa": 3}, latitude=49.30, longitude=6.40)
    make_venue(title="Espace proche", levels={"caf-rsa": 1}, latitude=49.12, longitude=6.176)
    html = client.get(caf_need.url + "?cp=57000").content.decode()
    first = html[html.index('id="ouvre-en-premier"') : html.index("</ol>")]
    assert re.findall(r'<a href="[^"]+">([^<]+)</a>', first) == [
        "Espace proche",  # 57000's centre is in Metz, next to it
        "Centre social Pioche",
        "Espace éloigné",
    ]


@time_machine.travel(MONDAY_10AM, tick=False)
def test_what_is_published_shows_at_once_on_a_list_already_read(
    client, caf_need, places, make_venue, no_page_cache
):
    """The rows, venues and closures a need page keeps between requests last only until the
    next publication."""
    assert "Espace France Services" not in client.get(caf_need.url + "?cp=57000").content.decode()
    make_venue(title="Espace France Services", levels={"caf-rsa": 3}, latitude=49.1)
    html = client.get(caf_need.url + "?cp=57070").content.decode()
    assert "Espace France Services" in card_titles(html)
    pioche = places["pioche"]
    assert 'is-open">Ouvert<' in next(row for row in rows(html) if pioche.title in row)
    pioche.closures = [VenueClosure(start_date=MONDAY_10AM.date(), end_date=MONDAY_10AM.date())]
    pioche.save_revision().publish()
    html = client.get(caf_need.url + "?cp=57070").content.decode()
    assert 'is-closed">Fermé<' in next(row for row in rows(html) if pioche.title in row)


@time_machine.travel(MONDAY_10AM, tick=False)
def test_no_first_openings_when_a_place_is_open(client, caf_need):
    assert "Ouvre en premier" not in client.get(caf_need.url).content.decode()


@time_machine.travel(MONDAY_10AM, tick=False)
def test_without_a_location_best_level_first_then_by_name(client, caf_need, make_venue):
    make_venue(title="Maison B", levels={"caf-rsa": 2})
    make_venue(title="Accueil A", levels={"caf-rsa": 2})
    make_venue(title="Atelier", levels={"caf-rsa": 1})
    titles = card_titles(client.get(caf_need.url).content.decode())
    assert titles == ["Centre social Pioche", "Accueil A", "Maison B", "Atelier"]


@pytest.fixture
def bordeaux_place(make_venue):
    from wagtail.models import Locale

    elsewhere = Territory.objects.create(
        name="Bordeaux Maritime",
        slug="bordeaux-maritime",
        outside_area=True,
        locale=Locale.get_default(),
    )
    return make_venue(
        title="Centre d'animation Bordeaux-Lac",
        territory=elsewhere,
        levels={"caf-rsa": 3},
        postcode="33300",
        insee_code="33063",
        latitude=44.88,
        longitude=-0.56,
    )


@time_machine.travel(MONDAY_10AM, tick=False)
def test_only_the_sites_territories_unless_the_resident_asks(client, caf_need, bordeaux_place):
    html = client.get(caf_need.url).content.decode()
    assert card_titles(html) == ["Centre social Pioche"]
    assert [marker["name"] for marker in markers_in(html)] == ["Centre social Pioche"]
    more = re.search(r'<a href="(\?partout=1)">Voir aussi les lieux hors de notre territoire', html)
    assert more and "Bordeaux Maritime</span></a>" in html
    html = client.get(caf_need.url + more.group(1)).content.decode()
    assert card_titles(html) == ["Centre d&#x27;animation Bordeaux-Lac", "Centre social Pioche"]
    assert 'name="partout" value="1"' in html  # the form keeps the choice
    assert "Voir seulement les lieux de notre territoire" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_need_page_queries_stay_few_and_flat_without_a_location(
    client, caf_need, make_venue, django_assert_max_num_queries, no_page_cache
):
    # The first request creates the star legend's settings row: a new content generation.
    client.get(caf_need.url)
    client.get(caf_need.url)
    with django_assert_max_num_queries(15) as few:
        client.get(caf_need.url)
    few_venues_queries = len(few.captured_queries)
    for _ in range(25):
        make_venue(services={"demarches": (2, ["caf-rsa"])})
    client.get(caf_need.url)
    with django_assert_max_num_queries(few_venues_queries):
        html = client.get(caf_need.url).content.decode()
    assert len(rows(html)) == 20


@time_machine.travel(MONDAY_10AM, tick=False)
def test_arabic_need_page_marks_french_names_as_french(client, locales, need, venue):
    html = html_of(client, "/ar" + need.url)
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 lang="fr" dir="ltr">Faire ma déclaration à la CAF</h1>' in html
    (row,) = rows(html)
    name = r'<a href="/ar/lieux/[\w-]+/" lang="fr" dir="ltr">Centre social Pioche</a>'
    assert re.search(name, row)
    assert '<dd lang="fr" dir="ltr">13 rue Pioche, 57050 Metz</dd>' in row
    # The page's own words (form, headings, states) are read in Arabic: only content is French.
    assert '<main id="contenu" class="wrap">' in html
