"""“Localiser l'adresse”: the BAN's answer (a local stub here), else the postcode's centroid
with a "position approximative" note; never a network call when saving."""

import pytest
from django.urls import reverse

from guide import geocoding
from tests.geocoder_stub import PIOCHE, geocoder  # noqa: F401

UNREACHABLE = "http://127.0.0.1:9/search/"  # the discard port: nothing listens
METZ_57050 = (49.1259, 6.1420)


def test_first_point_reads_longitude_first():
    collection = {
        "features": [
            {"geometry": {"type": "Polygon", "coordinates": []}},
            {
                "geometry": {"type": "Point", "coordinates": [6.17, 49.1]},
                "properties": {"label": "Rue Pioche 57050 Metz", "type": "street"},
            },
        ]
    }
    found = geocoding.first_point(collection)
    assert (found.latitude, found.longitude, found.label) == (49.1, 6.17, "Rue Pioche 57050 Metz")
    assert found.approximate  # a street, not the building
    assert geocoding.first_point({"features": []}) is None


def test_search_url_asks_for_the_best_result_in_the_postcode():
    url = geocoding.search_url("https://ban.test/search/", "13 rue Pioche", "57 050", "Metz")
    assert url == "https://ban.test/search/?q=13+rue+Pioche+Metz&limit=1&postcode=57050"


def test_the_service_finds_the_address(geocoder):  # noqa: F811
    found = geocoding.locate(geocoder_url(geocoder), "13 rue Pioche", "57050", "Metz")
    assert (found.latitude, found.longitude) == (PIOCHE["latitude"], PIOCHE["longitude"])
    assert not found.approximate
    assert geocoder.queries == [
        {"q": ["13 rue Pioche Metz"], "limit": ["1"], "postcode": ["57050"]}
    ]


def geocoder_url(server):
    return f"http://127.0.0.1:{server.server_port}/search/"


def test_nothing_found_falls_back_to_the_postcode_centroid(geocoder):  # noqa: F811
    found = geocoding.locate(geocoder_url(geocoder), "1 impasse introuvable", "57050")
    assert (found.latitude, found.longitude) == METZ_57050
    assert found.approximate


def test_a_service_in_trouble_falls_back_to_the_postcode_centroid(geocoder):  # noqa: F811
    found = geocoding.locate(geocoder_url(geocoder), "13 rue Pioche en panne", "57050")
    assert (found.latitude, found.longitude, found.approximate) == (*METZ_57050, True)


def test_an_unreachable_service_falls_back_to_the_postcode_centroid():
    found = geocoding.locate(UNREACHABLE, "13 rue Pioche", "57050", timeout=1)
    assert (found.latitude, found.longitude) == METZ_57050 and found.approximate
    assert geocoding.locate(UNREACHABLE, "13 rue Pioche", "99999", timeout=1) is None
    assert geocoding.locate("file:///etc/passwd", "13 rue Pioche", "00000") is None


def locate(client, **query):
    return client.get(reverse("guide_locate_address"), query)


@pytest.mark.django_db
def test_the_admin_view_answers_the_address_position(editor_client, geocoder):  # noqa: F811
    answer = locate(editor_client, address="13 rue Pioche", postcode="57050", commune="Metz").json()
    assert answer == {
        "found": True,
        "latitude": PIOCHE["latitude"],
        "longitude": PIOCHE["longitude"],
        "approximate": False,
        "message": "Adresse trouvée\u00a0: 13 Rue Pioche 57050 Metz. "
        "Vérifiez le repère sur la carte.",
    }


@pytest.mark.django_db
def test_the_admin_view_says_an_unreachable_service_gives_an_approximate_position(
    editor_client, settings
):
    settings.GEOCODER_URL = UNREACHABLE
    answer = locate(editor_client, address="13 rue Pioche", postcode="57050").json()
    assert (answer["latitude"], answer["longitude"], answer["approximate"]) == (*METZ_57050, True)
    assert answer["message"].startswith("Position approximative (Metz, Le Ban-Saint-Martin")
    assert "déplacez le repère sur la carte" in answer["message"]

    unknown = locate(editor_client, address="13 rue Pioche", postcode="99999").json()
    assert unknown == {
        "found": False,
        "message": "Adresse introuvable et code postal inconnu\u00a0: placez le repère sur la "
        "carte ou saisissez la latitude et la longitude.",
    }


@pytest.mark.django_db
def test_the_admin_view_is_for_logged_in_editors_only(client):
    response = locate(client, address="13 rue Pioche", postcode="57050")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_the_venue_editor_offers_the_action_and_the_tile_server(editor_client, make_venue):
    venue = make_venue()
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=(venue.pk,)))
    html = response.content.decode()
    assert "Localiser l'adresse" in html
    assert f'data-locate-url="{reverse("guide_locate_address")}"' in html
    assert "js/admin/locate_address.js" in html
    assert "https://tile.openstreetmap.org" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_saving_a_venue_calls_no_geocoder(make_venue, geocoder):  # noqa: F811
    venue = make_venue(latitude=None, longitude=None)
    venue.save_revision().publish()
    assert geocoder.queries == []
