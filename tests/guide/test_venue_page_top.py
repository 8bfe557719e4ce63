"""The top of a venue page: what the person who goes there needs, in her order, each fact once."""

import re
from datetime import datetime

import pytest
import time_machine
from wagtail.models import Page

from guide.hours import PARIS
from portal.content_cache import content_changed
from tests.portal import test_languages

from .test_venue_page import MONDAY_10AM, full_venue  # noqa: F401 (fixture)

# The French venue and its aliases in en, ar and uk, as in test_languages.
locales, need, venue = test_languages.locales, test_languages.need, test_languages.venue

SUNDAY_10AM = datetime(2026, 11, 29, 10, 0, tzinfo=PARIS)
TOP_FACTS = [
    "essential-hours",
    "essential-address",
    "essential-phone",
    "essential-appointment",
    "essential-fee",
    "essential-bring",
]
SCRIPTS = re.compile(r"<script.*?</script>", re.DOTALL)


def visible_html(client, url):
    """The page without its scripts (JSON-LD and map data repeat facts for machines)."""
    response = client.get(url)
    assert response.status_code == 200
    return SCRIPTS.sub("", response.content.decode())


def position(html, marker):
    assert html.count(marker) == 1, marker
    return html.index(marker)


@pytest.fixture
def venue_to_go_to(full_venue):  # noqa: F811 (fixture)
    full_venue.documents_to_bring = "Pièce d'identité, identifiants ameli."
    full_venue.booking_url = "https://rdv.example.org/lac"
    full_venue.save_revision().publish()
    return full_venue


@time_machine.travel(MONDAY_10AM, tick=False)
def test_facts_come_first_in_order_then_the_guide_then_the_professionals(client, venue_to_go_to):
    html = visible_html(client, venue_to_go_to.url)
    top = [position(html, f'class="{fact}"') for fact in TOP_FACTS]
    assert top == sorted(top)
    assert position(html, "<h1") < top[0]
    assert top[-1] < position(html, 'id="presentation"') < position(html, 'id="services"')
    assert position(html, 'id="services"') < position(html, 'id="orienter"')
    hours = html[top[0] : top[1]]
    assert "Ouvert actuellement" in hours
    assert "Ferme à 12\u00a0h" in hours
    assert "Aujourd’hui\u00a0: 9\u00a0h – 12\u00a0h, 13\u00a0h\u00a030 – 17\u00a0h" in hours
    assert 'href="#horaires"' in hours
    assert "https://www.openstreetmap.org/?mlat=49.10000&amp;mlon=6.17000" in html[top[1] : top[2]]
    phone = "05\u00a056\u00a050\u00a047\u00a073"
    assert f'<a href="tel:0556504773">{phone}</a>' in html[top[2] : top[3]]
    assert "Sur rendez-vous" in html[top[3] : top[4]]
    assert 'href="https://rdv.example.org/lac"' in html[top[3] : top[4]]
    assert "Pièce d&#x27;identité" in html[top[5] :]


@time_machine.travel(MONDAY_10AM, tick=False)
def test_each_fact_is_said_once(client, venue_to_go_to):
    html = visible_html(client, venue_to_go_to.url)
    for fact in [
        "05\u00a056\u00a050\u00a047\u00a073",
        "rue Pioche",
        ">Coût<",
        "Gratuit",
        "Pièce d&#x27;identité",
        "https://rdv.example.org/lac",
        "Aujourd’hui",
        "2\u00a0salariés, partenaires",
    ]:
        assert html.count(fact) == 1, fact
    assert "Gratuit sans condition" in html  # the editor's details say the fee: shown alone
    assert "2 —" not in html  # the note starts with the number of mediators
    assert ">Sur rendez-vous<" not in html.split('id="accompagnement"')[1]
    assert "<dd>En individuel</dd>" in html  # the format, without the appointment again


@time_machine.travel(SUNDAY_10AM, tick=False)
def test_a_closed_day_is_said_once_with_the_next_opening(client, venue_to_go_to):
    html = visible_html(client, venue_to_go_to.url)
    badge = html[html.index('class="open-badge') :]
    badge = badge[: badge.index("</p>")]
    assert "<strong>Fermé aujourd’hui</strong>" in badge
    assert "· Ouvre demain à 9\u00a0h</span>" in badge
    assert "Fermé à cet instant" not in html
    assert "Aujourd’hui" not in html.replace("Fermé aujourd’hui", "")


@time_machine.travel(MONDAY_10AM, tick=False)
def test_details_that_do_not_name_the_fee_follow_it(client, make_venue):
    venue = make_venue(
        fee="payant",
        fee_details="2 € la séance",
        mediators_count=3,
        mediators_note="bénévoles",
        support_drop_in=True,
    )
    html = visible_html(client, venue.url)
    assert "Payant — <span>2\u00a0€ la séance</span>" in html
    assert "3 — bénévoles" in html
    assert "Sans rendez-vous" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_both_ways_of_coming_and_a_search_link_without_coordinates(client, make_venue):
    venue = make_venue(
        support_drop_in=True,
        support_by_appointment=True,
        support_workshops=True,
        latitude=None,
        longitude=None,
    )
    html = visible_html(client, venue.url)
    assert "Avec ou sans rendez-vous" in html
    assert "<dd>En individuel, en atelier collectif</dd>" in html
    assert "https://www.openstreetmap.org/search?query=13+rue+Pioche%2C+57050+Metz" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_unknown_hours_are_said_once_at_the_top(client, make_venue):
    html = visible_html(client, make_venue(opening_hours="").url)
    assert html.count("Horaires non renseignés") == 1
    assert "téléphonez avant de vous déplacer" in html
    assert 'id="horaires"' not in html and 'href="#horaires"' not in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_query_count_stays_flat_with_a_fuller_venue(
    client, make_venue, venue_to_go_to, django_assert_max_num_queries, no_page_cache
):
    bare = make_venue(services={}, levels={}, opening_hours="")
    client.get(bare.url)  # fills the menu cache
    with django_assert_max_num_queries(20) as counted:
        client.get(bare.url)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        assert client.get(venue_to_go_to.url).status_code == 200


@time_machine.travel(MONDAY_10AM, tick=False)
def test_arabic_page_keeps_the_french_venue_text_marked_french(client, locales, venue):
    html = visible_html(client, "/ar" + venue.url)
    assert re.search(r'<main id="contenu" class="wrap" lang="fr" dir="ltr">', html)
    assert html.index('lang="fr"') < html.index('class="venue-essentials"')
    # Translated, the page's own text is Arabic: nothing marked French at the top.
    page = venue.get_translation(locales["ar"])
    Page.objects.filter(pk=page.pk).update(alias_of=None, title="مركز بيوش الاجتماعي")
    page.specific_class.objects.filter(pk=page.pk).update(address="١٣ شارع بيوش")
    content_changed()
    html = visible_html(client, page.url)
    top = html[html.index("<h1") : html.index('class="venue-lead"')]
    assert "شارع بيوش" in top
    assert 'lang="fr"' not in top


@time_machine.travel(MONDAY_10AM, tick=False)
def test_a_venue_being_created_can_be_previewed(venue_index, territory):
    """The editor's preview panel shows a new venue before its first save, when it has no id
    yet: the links that need one (report an error, propose a change) are left out."""
    from guide.models import VenuePage

    draft = VenuePage(
        title="Espace numérique du Pontiffroy", slug="pontiffroy", territory=territory
    )
    # Where Wagtail's preview of a page being created places it (PreviewOnCreate).
    draft.depth = venue_index.depth + 1
    draft.path = draft._get_path(venue_index.path, draft.depth, 1)
    draft.set_url_path(venue_index)
    response = draft.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Espace numérique du Pontiffroy" in html
    assert "Signaler une erreur" not in html
