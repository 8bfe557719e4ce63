"""The read-only JSON API at /api/v2/: venues, needs and events, paginated, live pages only."""

from datetime import date, datetime

import pytest

from actualites.models import EventIndexPage, EventPage
from guide.hours import PARIS
from guide.models import NeedPage, NeedTreePage, NeedVenue, ThemePage

pytestmark = pytest.mark.django_db


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def venues(make_venue):
    return [
        make_venue(
            title="Centre social Pioche",
            emails="accueil@pioche.example.org, direction@pioche.example.org",
            phone="03 87 00 00 00",
            typology=["CS"],
            publics=["seniors"],
            verified_on=date(2026, 1, 15),
            services={"demarches": (3, ["caf-rsa", "ameli"])},
            levels={"permis": 1, "mails": 2},
        ),
        make_venue(title="Médiathèque Jean-Macé", latitude=None, longitude=None),
        make_venue(title="Fab Lab", services={"creer": (2, [])}),
    ]


@pytest.fixture
def needs(home_page, families, venues):
    tree = publish(home_page, NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi"))
    theme = publish(tree, ThemePage(title="Démarches", slug="demarches"))
    caf = NeedPage(
        title="Faire ma déclaration à la CAF",
        slug="caf",
        keywords="CAF, RSA",
        family=families["demarches"],
        min_level=2,
        items=[families["demarches"].items.get(slug="caf-rsa")],
    )
    caf.chosen_venues = [NeedVenue(venue=venues[2])]
    printing = NeedPage(title="Imprimer un document", slug="imprimer")
    return publish(theme, caf), publish(theme, printing)


@pytest.fixture
def events(home_page, venues):
    agenda = publish(home_page, EventIndexPage(title="Agenda", slug="agenda"))
    return [
        publish(
            agenda,
            EventPage(
                title="Atelier CAF",
                slug="atelier-caf",
                start=datetime(2026, 4, 2, 14, 0, tzinfo=PARIS),
                end=datetime(2026, 4, 2, 16, 0, tzinfo=PARIS),
                summary="Déclarer ses ressources en ligne.",
                venue=venues[0],
                registration=EventPage.Registration.REQUIRED,
                registration_phone="03 87 00 00 00",
            ),
        ),
        publish(
            agenda,
            EventPage(
                title="Forum numérique",
                slug="forum",
                start=datetime(2026, 5, 1, 9, 0, tzinfo=PARIS),
                summary="Toute la journée.",
                place_name="Arsenal",
                address="3 avenue Ney",
                postcode="57000",
                commune="Metz",
                status=EventPage.Status.POSTPONED,
            ),
        ),
    ]


def test_venue_listing_is_paginated_with_a_total_count(client, venues):
    first = client.get("/api/v2/lieux/?limit=2").json()
    assert first["meta"]["total_count"] == 3
    assert [item["title"] for item in first["items"]] == ["Centre social Pioche", "Fab Lab"]
    rest = client.get("/api/v2/lieux/?limit=2&offset=2").json()
    assert [item["title"] for item in rest["items"]] == ["Médiathèque Jean-Macé"]
    assert rest["items"][0]["meta"]["type"] == "guide.VenuePage"
    assert rest["items"][0]["meta"]["locale"] == "fr"


def test_venue_detail_has_its_fields_and_services(client, venues):
    data = client.get(f"/api/v2/lieux/{venues[0].pk}/").json()
    assert data["title"] == "Centre social Pioche"
    assert data["address"] == "13 rue Pioche"
    assert data["postcode"] == "57050" and data["commune"] == "Metz"
    assert data["coordinates"] == {"latitude": 49.1, "longitude": 6.17}
    assert data["phone"] == "03 87 00 00 00"
    assert data["emails"] == ["accueil@pioche.example.org", "direction@pioche.example.org"]
    assert data["opening_hours"] == "Mo-Fr 09:00-12:00,13:30-17:00"
    assert data["territory"] == {"slug": "metz-sablon", "name": "Metz Sablon"}
    assert data["typology"] == ["CS"] and data["publics"] == ["seniors"]
    assert data["verified_on"] == "2026-01-15"
    services = {service["family"]["slug"]: service for service in data["services"]}
    assert services.keys() == {"demarches", "decouvrir"}  # families not offered are left out
    assert services["demarches"]["level"] == 3  # its best service's
    assert services["demarches"]["items"] == [
        {
            "slug": "caf-rsa",
            "label": "Accéder à ses droits sociaux et les gérer (RSA, CAF)",
            "level": 3,
        },
        {
            "slug": "ameli",
            "label": "Gérer ses droits d'assuré social en ligne/sur internet (ameli.fr)",
            "level": 3,
        },
        {"slug": "permis", "label": "Permis et carte grise", "level": 1},
    ]
    assert services["decouvrir"] == {
        "family": {"slug": "decouvrir", "name": "Découvrir les usages de base du numérique"},
        "level": 2,
        "items": [{"slug": "mails", "label": "Mails : créer, envoyer, recevoir", "level": 2}],
    }
    assert data["meta"]["html_url"].endswith(venues[0].url)


def test_venue_without_coordinates(client, venues):
    assert client.get(f"/api/v2/lieux/{venues[1].pk}/").json()["coordinates"] is None


def test_listing_every_field_costs_the_same_queries_for_more_venues(
    client, venues, make_venue, django_assert_max_num_queries
):
    url = "/api/v2/lieux/?fields=*&limit=20"
    client.get(url)  # warm the site and content type caches
    with django_assert_max_num_queries(10):
        few = client.get(url).json()
    for _number in range(6):
        make_venue(services={"demarches": (2, ["caf-rsa"]), "creer": (1, [])})
    client.get(url)
    with django_assert_max_num_queries(10):
        many = client.get(url).json()
    assert len(few["items"]) == 3 and len(many["items"]) == 9
    assert all("services" in item and "territory" in item for item in many["items"])


def test_drafts_and_unpublished_pages_are_not_exposed(client, venues, make_venue):
    venues[1].unpublish()
    draft = make_venue(title="Brouillon")
    draft.unpublish()
    listing = client.get("/api/v2/lieux/").json()
    assert {item["title"] for item in listing["items"]} == {"Centre social Pioche", "Fab Lab"}
    assert client.get(f"/api/v2/lieux/{venues[1].pk}/").status_code == 404
    assert client.get(f"/api/v2/lieux/{draft.pk}/").status_code == 404


def test_each_endpoint_serves_its_own_page_type_only(client, venues, needs):
    assert client.get(f"/api/v2/lieux/{needs[0].pk}/").status_code == 404
    assert client.get("/api/v2/lieux/?type=guide.NeedPage").status_code == 400


def test_the_api_is_read_only(client, venues):
    assert client.post("/api/v2/lieux/", {"title": "Nouveau"}).status_code == 405
    assert client.put(f"/api/v2/lieux/{venues[0].pk}/").status_code == 405
    assert client.delete(f"/api/v2/lieux/{venues[0].pk}/").status_code == 405


def test_filters_by_language_and_field(client, venues):
    assert client.get("/api/v2/lieux/?locale=fr").json()["meta"]["total_count"] == 3
    assert client.get("/api/v2/lieux/?locale=en").status_code == 404  # no such language yet
    fab = client.get("/api/v2/lieux/?title=Fab Lab").json()
    assert [item["id"] for item in fab["items"]] == [venues[2].pk]


@pytest.mark.parametrize(
    "query",
    [
        "offset=99999999999999999999",
        "territory=99999999999999999999",
        "child_of=-99999999999999999999",
        "search=caf%00",
        "locale=fr%00",
    ],
)
def test_what_the_databases_cannot_read_is_a_bad_request(client, venues, query):
    response = client.get(f"/api/v2/lieux/?{query}")
    assert response.status_code == 400
    assert "out of range" in response.json()["message"]


def test_a_quote_in_a_search_is_searched_for(client, venues):
    found = client.get('/api/v2/lieux/?search="Pioche').json()
    assert [item["title"] for item in found["items"]] == ["Centre social Pioche"]


def test_ids_no_page_can_have_are_not_found(client, venues):
    assert client.get("/api/v2/lieux/99999999999999999999/").status_code == 404
    assert client.get("/api/v2/lieux/find/?id=abc").status_code == 404
    found = client.get(f"/api/v2/lieux/find/?id={venues[0].pk}")
    assert found.status_code == 302 and f"/api/v2/lieux/{venues[0].pk}/" in found.url


def test_needs_list_their_venues_by_rule_and_by_hand(
    client, needs, venues, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        data = client.get("/api/v2/besoins/?fields=*").json()
    caf, printing = data["items"]
    assert caf["title"] == "Faire ma déclaration à la CAF" and caf["keywords"] == "CAF, RSA"
    assert caf["family"] == {"slug": "demarches", "name": "Faire ses démarches en ligne"}
    assert caf["min_level"] == 2
    assert caf["items"] == [
        {"slug": "caf-rsa", "label": "Accéder à ses droits sociaux et les gérer (RSA, CAF)"}
    ]
    assert caf["venue_ids"] == sorted([venues[0].pk, venues[2].pk])
    assert printing["venue_ids"] == [] and printing["family"] is None
    detail = client.get(f"/api/v2/besoins/{needs[0].pk}/").json()
    assert detail["venue_ids"] == caf["venue_ids"]


def test_events_have_dates_place_registration_and_status(client, events, venues):
    data = client.get("/api/v2/evenements/?fields=*").json()
    assert data["meta"]["total_count"] == 2
    workshop, forum = data["items"]
    assert workshop["start"] == "2026-04-02T14:00:00+02:00"
    assert workshop["end"] == "2026-04-02T16:00:00+02:00"
    assert workshop["venue"]["id"] == venues[0].pk
    assert workshop["venue"]["meta"]["detail_url"].endswith(f"/api/v2/lieux/{venues[0].pk}/")
    assert workshop["location"] == "Centre social Pioche, 13 rue Pioche, 57050 Metz"
    assert workshop["registration"] == "inscription"
    assert workshop["registration_phone"] == "03 87 00 00 00"
    assert forum["venue"] is None and forum["status"] == "reporte"
    assert forum["location"] == "Arsenal, 3 avenue Ney, 57000 Metz"


@pytest.mark.parametrize("value", ["0", "demain", "2027-13-45"])
def test_a_date_filter_the_field_cannot_read_is_a_bad_request(client, home_page, value):
    response = client.get("/api/v2/evenements/", {"start": value})
    assert response.status_code == 400
    assert "message" in response.json()
