"""What a resident sees on a venue page and on /lieux/."""

import re
from datetime import date, datetime
from html import unescape

import pytest
import time_machine

from guide.hours import PARIS
from guide.models import ServiceItem, VenueClosure, VenueServiceLevel

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
MONDAY_1PM = datetime(2026, 11, 23, 13, 0, tzinfo=PARIS)


@pytest.fixture
def full_venue(make_venue):
    return make_venue(
        title="Centre d'animation Bordeaux-Lac",
        code="M5",
        presentation="<p>Animation socioculturelle en direction des enfants.</p>",
        access_conditions="Aucune démarche préalable, venir sur place, prendre rendez-vous.",
        delay="2 semaines environ",
        steps="Prendre rendez-vous par téléphone, sur place.",
        fee_details="Gratuit sans condition",
        legal_status="association",
        phone="05 56 50 47 73",
        emails="ca.bordeauxlac@acaqb.fr",
        website="https://acaqb.fr/le-lac",
        transport="Tram C, Bus 15, 33, 35",
        step_free=True,
        publics=["jeunes", "seniors", "demandeurs-emploi"],
        support_by_appointment=True,
        mediators_count=2,
        mediators_note="2 salariés, partenaires",
        interpreter=False,
        equipment=[("ordinateur", 4), ("imprimante", None)],
        services={
            "decouvrir": (3, ["ordinateur", "mails"]),
            "demarches": (2, ["caf-rsa", "ameli"]),
        },
        levels={"caf-rsa": 3, "permis": 1},
        closures=[(date(2026, 12, 24), date(2026, 12, 31), "Congés de fin d'année")],
    )


@time_machine.travel(MONDAY_10AM, tick=False)
def test_venue_page_shows_every_section_of_the_bordeaux_entry(client, full_venue):
    response = client.get(full_venue.url)
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    for heading in [
        "Présentation",
        "Conditions d'accès à l'accompagnement",
        "Informations pratiques",
        "Horaires d'ouverture",
        "Publics cibles",
        "Accompagnement",
        "Matériel",
        "Ce lieu propose un accompagnement pour",
        "Légende des étoiles",
    ]:
        assert f">{heading}</h2>" in html or f">{heading}</h3>" in html, heading
    assert "M5" in html
    assert "★ METZ SABLON" in html
    assert "2\u00a0semaines environ" in html
    assert "05\u00a056\u00a050\u00a047\u00a073" in html
    assert "Jeunes, Seniors, Demandeurs d'emploi" in html
    assert "Ordinateurs (4)" in html
    assert "2\u00a0salariés, partenaires" in html
    assert "Pas d'interprète" in html
    assert "Du 24 décembre 2026 au 31 décembre 2026\u00a0: Congés de fin d'année" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_stars_are_readable_by_screen_readers_and_absent_families_said(client, full_venue):
    html = client.get(full_venue.url).content.decode()
    assert 'aria-label="3 sur 3 — expert"' in html
    assert 'aria-label="2 sur 3 — maîtrise"' in html
    assert "Mails : créer, envoyer, recevoir" in html
    assert "Accéder à ses droits sociaux et les gérer (RSA, CAF)" in html
    assert html.count("Non proposé dans ce lieu.") == 2
    assert "C&#x27;est notre cœur de métier." in html


SERVICE_LINE = re.compile(
    r'<tr><th scope="row">([^<]+)</th><td><span class="stars stars-(\d)" role="img"'
)


@time_machine.travel(MONDAY_10AM, tick=False)
def test_each_service_line_has_its_own_stars_as_in_the_guide(client, full_venue):
    html = client.get(full_venue.url).content.decode()
    demarches = html[html.index(">Faire ses démarches en ligne</h3>") :]
    demarches = demarches[: demarches.index("</table>")]
    assert '<th scope="col">Niveau d\'expertise</th>' in demarches
    lines = [(unescape(label), int(level)) for label, level in SERVICE_LINE.findall(demarches)]
    assert lines == [
        ("Accéder à ses droits sociaux et les gérer (RSA, CAF)", 3),
        ("Gérer ses droits d'assuré social en ligne/sur internet (ameli.fr)", 2),
        ("Permis et carte grise", 1),
    ]
    assert "Déclarer ses revenus" not in demarches  # not offered: left out


@time_machine.travel(MONDAY_10AM, tick=False)
def test_a_published_change_of_closures_and_levels_shows_at_once(client, full_venue, no_page_cache):
    """The page keeps its closures, levels and equipment until the next publication."""
    assert "Congés de fin" in client.get(full_venue.url).content.decode()
    full_venue.closures = [VenueClosure(start_date=date(2027, 2, 1), end_date=date(2027, 2, 5))]
    full_venue.service_levels = [
        VenueServiceLevel(item=ServiceItem.objects.get(slug="permis"), level=3)
    ]
    full_venue.save_revision().publish()
    html = client.get(full_venue.url).content.decode()
    assert "Congés de fin" not in html
    assert "février 2027" in html
    lines = [(unescape(label), int(level)) for label, level in SERVICE_LINE.findall(html)]
    assert lines == [("Permis et carte grise", 3)]


@time_machine.travel(MONDAY_10AM, tick=False)
def test_open_badge_and_next_change_in_the_morning(client, full_venue):
    html = client.get(full_venue.url).content.decode()
    assert "Ouvert actuellement" in html
    assert "Ferme à 12\u00a0h" in html


@time_machine.travel(MONDAY_1PM, tick=False)
def test_closed_badge_during_lunch_with_reopening_time(client, full_venue):
    response = client.get(full_venue.url)
    html = response.content.decode()
    assert "Fermé à cet instant" in html
    assert "Ouvre à 13\u00a0h\u00a030" in html
    # A cache may keep the page only until the venue reopens.
    assert "max-age=300" in response["Cache-Control"]


@time_machine.travel(datetime(2026, 11, 23, 13, 28, tzinfo=PARIS), tick=False)
def test_cache_lifetime_stops_at_the_next_change(client, full_venue):
    response = client.get(full_venue.url)
    assert "max-age=120" in response["Cache-Control"]


@time_machine.travel(datetime(2026, 12, 28, 10, 0, tzinfo=PARIS), tick=False)
def test_exceptional_closure_shows_reason_and_reopening_day(client, full_venue):
    html = client.get(full_venue.url).content.decode()
    assert "Fermé aujourd’hui" in html
    assert "Congés de fin d&#x27;année" in html
    assert "Ouvre le 4 janvier à 9\u00a0h" in html


@time_machine.travel(datetime(2026, 11, 27, 18, 0, tzinfo=PARIS), tick=False)
def test_friday_evening_says_monday(client, full_venue):
    html = client.get(full_venue.url).content.decode()
    assert "Ouvre lundi à 9\u00a0h" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_week_table_in_french(client, full_venue):
    html = client.get(full_venue.url).content.decode()
    assert "Semaine du 23 novembre au 29 novembre 2026" in html
    assert "9\u00a0h – 12\u00a0h, 13\u00a0h\u00a030 – 17\u00a0h" in html
    assert 'aria-current="date"' in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_hours_by_appointment_say_so_in_the_week_table(client, make_venue):
    venue = make_venue(
        opening_hours='Mo 09:00-12:00; Tu 14:00-17:00 "sur rendez-vous"; We off "sur rendez-vous"'
    )
    html = unescape(client.get(venue.url).content.decode())
    assert "<td>9\u00a0h – 12\u00a0h</td>" in html
    assert "<td>14\u00a0h – 17\u00a0h (sur rendez-vous)</td>" in html
    assert "<td>Fermé — sur rendez-vous</td>" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_venue_without_hours_says_so(client, make_venue):
    venue = make_venue(opening_hours="")
    html = client.get(venue.url).content.decode()
    assert "Horaires non renseignés" in html
    assert "Ouvert actuellement" not in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_index_lists_venues_by_territory_with_state(client, venue_index, make_venue):
    make_venue(title="Centre social Pioche", services={"demarches": (3, [])})
    make_venue(title="Médiathèque fermée le lundi", opening_hours="Tu-Sa 10:00-18:00")
    html = client.get(venue_index.url).content.decode()
    assert "2 lieux" in html
    assert "Metz Sablon" in html
    assert "Centre social Pioche" in html
    # Badges only: the map's data repeats the states.
    assert html.count("<strong>Ouvert actuellement</strong>") == 1
    assert html.count("<strong>Fermé à cet instant</strong>") == 1
    assert 'aria-label="3 sur 3 — expert"' in html


def _venue_page_queries(client, django_assert_max_num_queries, url, limit):
    client.get(url)  # fills the menu cache
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


@time_machine.travel(MONDAY_10AM, tick=False)
def test_venue_page_query_count_is_bounded(
    client, full_venue, django_assert_max_num_queries, no_page_cache
):
    _venue_page_queries(client, django_assert_max_num_queries, full_venue.url, 20)


@time_machine.travel(MONDAY_10AM, tick=False)
def test_index_query_count_does_not_grow_with_venues(
    client, venue_index, make_venue, django_assert_max_num_queries, no_page_cache
):
    for _ in range(3):
        make_venue(services={"decouvrir": (1, []), "creer": (2, [])}, closures=[])
    client.get(venue_index.url)  # fills the menu and choices cache
    with django_assert_max_num_queries(22) as few:
        client.get(venue_index.url)
    few_venues_queries = len(few.captured_queries)
    for _ in range(12):
        make_venue(services={"decouvrir": (1, []), "insertion": (3, [])})
    client.get(venue_index.url)
    with django_assert_max_num_queries(few_venues_queries):
        html = client.get(venue_index.url).content.decode()
    assert "15 lieux" in html
