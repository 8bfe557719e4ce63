"""An address → a position, for the venue editor's "Localiser l'adresse".

The Base Adresse Nationale's search service (``settings.GEOCODER_URL``; any service answering
like it: a GeoJSON FeatureCollection of points, best first) finds the address. When it cannot
answer (unreachable, slow, an error, nothing found), the postcode's centroid shipped with the
code (``postcodes.py``) gives an approximate position that the editor then refines by dragging
the pin.

Only the editor's click calls the service, never saving a page: a save must not wait on a
third-party server nor move a pin that an editor placed by hand, and imports of hundreds of
venues must not send hundreds of requests. No Django import: the view calls this.
"""

import json
from dataclasses import dataclass
from http.client import HTTPException
from urllib.error import URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import urlopen

from . import postcodes

TIMEOUT_SECONDS = 4
# Kinds of results the BAN gives that are only a street or a town, not the building.
IMPRECISE_TYPES = {"street", "locality", "municipality"}


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    label: str
    approximate: bool


def search_url(base_url, address, postcode, commune=""):
    """The service's query for one address: its words, filtered by postcode, best result only."""
    query = " ".join(part.strip() for part in (address, commune) if part and part.strip())
    parameters = {"q": query, "limit": 1}
    if postcodes.normalize(postcode):
        parameters["postcode"] = postcodes.normalize(postcode)
    return f"{base_url}?{urlencode(parameters)}"


def first_point(collection):
    """The best result of a GeoJSON FeatureCollection, or None when it holds no point."""
    if not isinstance(collection, dict):
        return None
    for feature in collection.get("features") or []:
        geometry = feature.get("geometry") or {}
        coordinates = geometry.get("coordinates") or []
        if geometry.get("type") != "Point" or len(coordinates) < 2:
            continue
        properties = feature.get("properties") or {}
        return Location(
            latitude=float(coordinates[1]),  # GeoJSON puts the longitude first
            longitude=float(coordinates[0]),
            label=str(properties.get("label") or ""),
            approximate=properties.get("type") in IMPRECISE_TYPES,
        )
    return None


def ask_service(base_url, address, postcode, commune="", timeout=TIMEOUT_SECONDS):
    """The service's best point for the address; None when it cannot tell."""
    url = search_url(base_url, address, postcode, commune)
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    try:
        # The scheme is checked above; the URL is the server's setting, not user input.
        with urlopen(url, timeout=timeout) as response:  # nosec B310
            return first_point(json.load(response))
    except (URLError, OSError, HTTPException, ValueError, TypeError):
        return None  # unreachable, slow, broken or unexpected: the caller falls back


def centroid(postcode):
    """The postcode's approximate position, or None when the postcode is unknown."""
    found = postcodes.lookup(postcode)
    if found is None:
        return None
    return Location(found.latitude, found.longitude, found.label, approximate=True)


def locate(base_url, address, postcode, commune="", timeout=TIMEOUT_SECONDS):
    """Where the address is: the service's answer, else the postcode's centroid, else None."""
    found = None
    if address and address.strip():
        found = ask_service(base_url, address, postcode, commune, timeout)
    return found or centroid(postcode)
