"""The venue map's data and markup: markers, tile settings, nothing loaded from elsewhere."""

import json
import re
from datetime import datetime
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
import time_machine

from guide.hours import PARIS, OpenState
from guide.map import map_markers, tile_settings

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
TILES = "https://tuiles.example.org/{z}/{x}/{y}.png"


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.scripts = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append([dict(attrs), ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1][1] += data

    def find(self, tag, **attrs):
        """Tags with these attribute values; None only asks for the attribute to be there."""

        def matches(found):
            return all(
                name in found if value is None else found.get(name) == value
                for name, value in attrs.items()
            )

        return [found for name, found in self.tags if name == tag and matches(found)]


def markers_in(html):
    match = re.search(r'<script id="map-markers" type="application/json">(.*?)</script>', html)
    return json.loads(match.group(1)) if match else None


@pytest.fixture
def venues(make_venue):
    return [
        make_venue(title="Centre social Pioche", latitude=49.0965, longitude=6.1678),
        make_venue(
            title="Médiathèque Jean-Macé",
            opening_hours="Tu-Sa 10:00-18:00",
            latitude=49.1087,
            longitude=6.2217,
        ),
        make_venue(title="Maison sans horaires", opening_hours="", latitude=49.11, longitude=6.2),
        make_venue(title="Lieu sans coordonnées", latitude=None, longitude=None),
    ]


def test_markers_keep_venues_with_coordinates_and_say_the_open_state():
    def venue(title, latitude, longitude, state):
        return SimpleNamespace(
            title=title,
            link=f"/lieux/{title}/",
            latitude=latitude,
            longitude=longitude,
            open_state=state,
        )

    open_now = OpenState(is_open=True, is_known=True, next_change=None, comment="")
    closed = OpenState(is_open=False, is_known=True, next_change=None, comment="")
    unknown = OpenState(is_open=False, is_known=False, next_change=None, comment="")
    markers = map_markers(
        [
            venue("a", 49.1, 6.17, open_now),
            venue("b", None, None, open_now),
            venue("c", 49.2, 6.2, closed),
            venue("d", 49.3, 6.3, unknown),
        ]
    )
    assert markers == [
        {
            "name": "a",
            "url": "/lieux/a/",
            "lat": 49.1,
            "lon": 6.17,
            "open": "Ouvert actuellement",
            "is_open": True,
        },
        {
            "name": "c",
            "url": "/lieux/c/",
            "lat": 49.2,
            "lon": 6.2,
            "open": "Fermé à cet instant",
            "is_open": False,
        },
        {
            "name": "d",
            "url": "/lieux/d/",
            "lat": 49.3,
            "lon": 6.3,
            "open": "Horaires non renseignés",
            "is_open": False,
        },
    ]
    assert json.loads(json.dumps(markers)) == markers


@time_machine.travel(MONDAY_10AM, tick=False)
def test_index_page_lists_markers_of_the_venues_with_coordinates(client, venue_index, venues):
    html = client.get(venue_index.url).content.decode()
    markers = {marker["name"]: marker for marker in markers_in(html)}
    assert sorted(markers) == [
        "Centre social Pioche",
        "Maison sans horaires",
        "Médiathèque Jean-Macé",
    ]
    assert markers["Centre social Pioche"]["open"] == "Ouvert actuellement"
    assert markers["Centre social Pioche"]["is_open"] is True
    assert markers["Médiathèque Jean-Macé"]["open"] == "Fermé à cet instant"
    assert markers["Maison sans horaires"]["open"] == "Horaires non renseignés"
    assert markers["Centre social Pioche"]["url"] == venues[0].url
    # The list still says everything, including the venue the map cannot show.
    assert "Lieu sans coordonnées" in html
    assert "La carte situe 3 lieux de la liste" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_filtered_index_maps_only_the_listed_venues(client, venue_index, venues):
    html = client.get(venue_index.url + "?q=Pioche").content.decode()
    assert [marker["name"] for marker in markers_in(html)] == ["Centre social Pioche"]


def test_map_container_is_hidden_named_and_carries_the_tile_settings(
    client, venue_index, venues, settings
):
    settings.MAP_TILE_URL = "https://tiles.server.example/{z}/{x}/{y}.png"
    html = client.get(venue_index.url).content.decode()
    (container,) = Tags(html).find("div", **{"class": "map"})
    assert "hidden" in container
    assert container["role"] == "region"
    assert container["aria-label"] == "Carte des lieux"
    assert container["data-tile-url"] == "https://tiles.server.example/{z}/{x}/{y}.png"
    assert container["data-attribution"] == "© contributeurs OpenStreetMap"
    assert container["data-leaflet-js"] == "/static/leaflet/leaflet.js"
    assert container["data-leaflet-css"] == "/static/leaflet/leaflet.css"


def test_tile_url_of_the_portal_settings_wins(client, venue_index, venues, settings):
    from wagtail.models import Site

    from portal.models import PortalSettings

    settings.MAP_TILE_ATTRIBUTION = "© Métropole, contributeurs OpenStreetMap"
    portal = PortalSettings.for_site(Site.objects.get())
    portal.map_tile_url = TILES
    portal.save()
    html = client.get(venue_index.url).content.decode()
    (container,) = Tags(html).find("div", **{"class": "map"})
    assert container["data-tile-url"] == TILES
    assert container["data-attribution"] == "© Métropole, contributeurs OpenStreetMap"


def test_tile_settings_fall_back_to_the_server_setting(rf, home_page, settings):
    settings.MAP_TILE_URL = "https://a.example/{z}/{x}/{y}.png"
    request = rf.get("/")
    assert tile_settings(request)["url"] == "https://a.example/{z}/{x}/{y}.png"
    assert tile_settings(None)["url"] == "https://a.example/{z}/{x}/{y}.png"


@time_machine.travel(MONDAY_10AM, tick=False)
def test_pages_with_a_map_load_nothing_from_elsewhere_and_run_no_inline_code(
    client, venue_index, venues
):
    from wagtail.models import Site

    from portal.models import PortalSettings

    portal = PortalSettings.for_site(Site.objects.get())
    portal.map_tile_url = TILES
    portal.save()
    for url in (venue_index.url, venues[0].url):
        html = client.get(url).content.decode()
        tags = Tags(html)
        loaded = [a.get("src") for t, a in tags.tags if t in ("script", "img", "iframe")]
        # rel="alternate" names the page in other languages and rel="canonical" its own address:
        # the browser loads none of them.
        loaded += [
            a.get("href")
            for t, a in tags.tags
            if t == "link" and a.get("rel") not in {"alternate", "canonical"}
        ]
        assert all(value.startswith("/") for value in loaded if value), loaded
        # The tile server is named once, as data for static/js/map.js.
        assert html.count("tuiles.example.org") == 1
        assert 'data-tile-url="https://tuiles.example.org/' in html
        for attrs, code in tags.scripts:
            data_block = attrs.get("type") in {"application/json", "application/ld+json"}
            assert attrs.get("src") or data_block, code
        for _tag, attrs in tags.tags:
            assert not [name for name in attrs if name.startswith("on")], attrs
        scripts = [attrs["src"] for attrs, _code in tags.scripts if attrs.get("src")]
        assert "/static/js/map.js" in scripts


@time_machine.travel(MONDAY_10AM, tick=False)
def test_venue_page_shows_one_marker(client, venues):
    html = client.get(venues[1].url).content.decode()
    assert markers_in(html) == [
        {
            "name": "Médiathèque Jean-Macé",
            "url": venues[1].url,
            "lat": 49.1087,
            "lon": 6.2217,
            "open": "Fermé à cet instant",
            "is_open": False,
        }
    ]
    (container,) = Tags(html).find("div", **{"class": "map"})
    assert container["aria-label"] == "Carte : emplacement du lieu"


def test_venue_without_coordinates_has_no_map(client, venues):
    html = client.get(venues[3].url).content.decode()
    assert markers_in(html) is None
    assert "/static/js/map.js" not in html


def test_locate_button_is_hidden_and_the_position_fields_always_present(
    client, venue_index, venues
):
    tags = Tags(client.get(venue_index.url).content.decode())
    (button,) = tags.find("button", **{"data-locate": None})
    assert "hidden" in button and button["type"] == "button"
    assert "Indiquez votre code postal pour trier par distance" in button["data-failure"]
    assert tags.find("p", id="locate-status")[0]["role"] == "status"
    # Empty position fields are sent only once the script fills them.
    for name in ("lat", "lon"):
        (field,) = tags.find("input", name=name)
        assert field["type"] == "hidden" and "disabled" in field
    assert "/static/js/locate.js" in [a["src"] for a, _ in tags.scripts if a.get("src")]

    tags = Tags(client.get(venue_index.url + "?lat=49.11&lon=6.17").content.decode())
    (field,) = tags.find("input", name="lat")
    assert field["value"] == "49.11" and "disabled" not in field
