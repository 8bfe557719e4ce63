"""Filters on /lieux/: one by one, combined, malformed, and the no-result suggestions."""

import re
from datetime import datetime

import pytest
import time_machine

from guide.hours import PARIS

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
CARD_TITLE = re.compile(r'<h3><a href="[^"]+">(?:<span class="venue-code">\w+</span> )?([^<]+)</a>')


@pytest.fixture
def venues(make_venue, territory):
    from wagtail.models import Locale

    from guide.models import Territory

    borny = Territory.objects.create(
        name="Metz Borny", slug="metz-borny", locale=Locale.get_default(), sort_order=2
    )
    return {
        "pioche": make_venue(
            title="Centre social Pioche",
            publics=["adultes", "seniors"],
            support_by_appointment=True,
            step_free=True,
            services={"demarches": (3, ["caf-rsa"]), "decouvrir": (2, [])},
            latitude=49.0965,
            longitude=6.1678,
        ),
        "fle": make_venue(
            title="Maison du FLE",
            territory=borny,
            publics=["etrangers"],
            interpreter=True,
            languages=["ar", "uk"],
            support_drop_in=True,
            fee="gratuit-sous-condition",
            services={"decouvrir": (1, [])},
            latitude=49.1101,
            longitude=6.2266,
        ),
        "mediatheque": make_venue(
            title="Médiathèque Jean-Macé",
            territory=borny,
            opening_hours="Tu-Sa 10:00-18:00",
            support_workshops=True,
            support_drop_in=True,
            fee="payant",
            step_free=False,
            services={"creer": (3, []), "demarches": (1, [])},
            latitude=49.1087,
            longitude=6.2217,
        ),
    }


def titles(client, venue_index, query):
    html = client.get(venue_index.url + query).content.decode()
    return sorted(CARD_TITLE.findall(html))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Centre social Pioche", "Maison du FLE", "Médiathèque Jean-Macé"]),
        ("?territoire=metz-borny", ["Maison du FLE", "Médiathèque Jean-Macé"]),
        ("?famille=demarches", ["Centre social Pioche", "Médiathèque Jean-Macé"]),
        ("?famille=demarches&niveau=3", ["Centre social Pioche"]),
        ("?famille=demarches&niveau=2", ["Centre social Pioche"]),
        ("?service=caf-rsa", ["Centre social Pioche", "Médiathèque Jean-Macé"]),
        ("?service=caf-rsa&niveau=3", ["Centre social Pioche"]),
        ("?service=permis", ["Médiathèque Jean-Macé"]),
        ("?service=permis&niveau=2", []),
        ("?service=mails&niveau=2&famille=decouvrir", ["Centre social Pioche"]),
        ("?niveau=3", ["Centre social Pioche", "Médiathèque Jean-Macé"]),
        ("?public=etrangers", ["Maison du FLE"]),
        ("?accompagnement=atelier", ["Médiathèque Jean-Macé"]),
        ("?langue=uk", ["Maison du FLE"]),
        ("?langue=interprete", ["Maison du FLE"]),
        ("?gratuit=1", ["Centre social Pioche"]),
        ("?sans_rdv=1", ["Maison du FLE", "Médiathèque Jean-Macé"]),
        ("?accessible=1", ["Centre social Pioche"]),
        ("?ouvert=1", ["Centre social Pioche", "Maison du FLE"]),
        ("?sans_rdv=1&territoire=metz-borny&famille=decouvrir", ["Maison du FLE"]),
        ("?q=Pioche", ["Centre social Pioche"]),
        ('?q="Pioche', ["Centre social Pioche"]),  # a quote used to break SQLite's search
        ('?q=centre "social" pioche', ["Centre social Pioche"]),
    ],
)
@time_machine.travel(MONDAY_10AM, tick=False)
def test_each_filter_and_combinations(client, venue_index, venues, query, expected):
    assert titles(client, venue_index, query) == expected


@time_machine.travel(MONDAY_10AM, tick=False)
def test_result_count_and_shareable_form_state(client, venue_index, venues):
    query = "?territoire=metz-borny&gratuit=1&famille=creer"
    html = client.get(venue_index.url + query).content.decode()
    assert "0\u00a0lieu<" in html
    html = client.get(venue_index.url + "?territoire=metz-borny").content.decode()
    assert "2\u00a0lieux<" in html
    assert '<option value="metz-borny" selected>' in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_location_sorts_nearest_first_with_distance(client, venue_index, venues):
    html = client.get(venue_index.url + "?lat=49.1090&lon=6.2220").content.decode()
    order = CARD_TITLE.findall(html)
    assert order == ["Médiathèque Jean-Macé", "Maison du FLE", "Centre social Pioche"]
    assert "à 0,0\u00a0km" in html
    assert "Du plus proche au plus loin" in html


@pytest.mark.parametrize(
    "query",
    [
        "?niveau=7",
        "?lat=abc&lon=6.2",
        "?famille=inconnue",
        "?service=inconnu",
        "?territoire=%00",
        "?public=martiens",
    ],
)
@time_machine.travel(MONDAY_10AM, tick=False)
def test_malformed_values_are_ignored_with_a_visible_note(client, venue_index, venues, query):
    response = client.get(venue_index.url + query + "&gratuit=1")
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "a été ignoré" in html
    assert "1 lieu" in html  # the valid filter still applies


@time_machine.travel(MONDAY_10AM, tick=False)
def test_no_result_suggests_relaxing_one_filter(client, venue_index, venues):
    html = client.get(venue_index.url + "?accessible=1&territoire=metz-borny").content.decode()
    assert "Aucun lieu ne correspond à tous ces critères." in html
    assert "sans le filtre «\u00a0Accessible en fauteuil roulant\u00a0»\u00a0: 2 lieux" in html
    assert 'href="?territoire=metz-borny"' in html
    assert "sans le filtre «\u00a0Quartier ou commune\u00a0»\u00a0: 1 lieu" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_filtered_index_query_count_does_not_grow(
    client, venue_index, venues, make_venue, django_assert_max_num_queries, no_page_cache
):
    query = venue_index.url + "?famille=demarches&sans_rdv=1&lat=49.1&lon=6.2"
    client.get(query)  # fills the menu and choices cache
    with django_assert_max_num_queries(22) as few:
        client.get(query)
    few_venues_queries = len(few.captured_queries)
    for _ in range(10):
        make_venue(services={"demarches": (2, [])}, support_drop_in=True)
    client.get(query)  # publishing emptied the cache
    with django_assert_max_num_queries(few_venues_queries):
        html = client.get(query).content.decode()
    assert "11 lieux" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_a_service_filter_ranks_by_its_level_and_shows_it_on_each_card(
    client, venue_index, venues, make_venue
):
    make_venue(title="Agence CAF", levels={"caf-rsa": 3, "permis": 1})
    html = client.get(venue_index.url + "?service=caf-rsa").content.decode()
    assert CARD_TITLE.findall(html) == [
        "Agence CAF",  # ★★★, then by name
        "Centre social Pioche",
        "Médiathèque Jean-Macé",  # ★
    ]
    matched = re.findall(
        r'<p class="venue-matched">([^<]+)\u00a0: <span class="stars stars-(\d)"', html
    )
    label = "Accéder à ses droits sociaux et les gérer (RSA, CAF)"
    assert matched == [(label, "3"), (label, "3"), (label, "1")]
    html = client.get(venue_index.url + "?service=permis").content.decode()
    assert CARD_TITLE.findall(html) == ["Agence CAF", "Médiathèque Jean-Macé"]
    assert 'class="venue-matched">Permis et carte grise\u00a0: <span class="stars stars-1"' in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_service_filter_query_count_does_not_grow_with_venues_and_services(
    client, venue_index, venues, make_venue, django_assert_max_num_queries, no_page_cache
):
    every_service = {"decouvrir": (2, []), "insertion": (1, []), "creer": (3, [])}
    query = venue_index.url + "?service=caf-rsa&niveau=1"
    client.get(query)
    with django_assert_max_num_queries(22) as few:
        client.get(query)
    few_venues_queries = len(few.captured_queries)
    for _ in range(10):
        make_venue(services={**every_service, "demarches": (2, [])})
    client.get(query)
    with django_assert_max_num_queries(few_venues_queries):
        html = client.get(query).content.decode()
    assert "12 lieux" in html


CHOICES = {
    "besoin": [("demarches-en-ligne", "Faire mes démarches en ligne")],
    "famille": [("demarches", "Démarches")],
    "service": [("Démarches", [("caf-rsa", "CAF et RSA")])],
    "territoire": [("metz-borny", "Metz Borny")],
}


def test_the_filter_forms_of_a_list_share_their_fields_until_the_content_changes(db):
    """Built once per list, language and publication: each form still has its own values."""
    from django.utils import translation

    from guide.finder import VenueFilterForm
    from portal.content_cache import content_changed

    def form(data, **kwargs):
        return VenueFilterForm(data, choices=CHOICES, **kwargs)

    first, second = form({"famille": "demarches"}, shared_as=1), form({}, shared_as=1)
    assert first.fields["service"] is second.fields["service"]
    assert first["famille"].value() == "demarches" and second["famille"].value() is None
    assert 'value="demarches" selected' in str(first["famille"])
    assert "selected" not in str(second["famille"]).replace('value="" selected', "")
    assert form({}, shared_as=2).fields["service"] is not first.fields["service"]
    assert form({}).fields["service"] is not first.fields["service"]
    with translation.override("en"):
        assert form({}, shared_as=1).fields["service"] is not first.fields["service"]
    content_changed()
    renewed = form({}, shared_as=1)
    assert renewed.fields["service"] is not first.fields["service"]
    assert [value for value, _label in renewed.fields["famille"].choices] == ["", "demarches"]
