"""Data for the venue map: markers as plain JSON-ready dicts, and where tiles come from.

The map only enhances the pages: every marker repeats what the venue list already says.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from portal.csp import allow_images_from
from portal.identity import identity_for
from portal.page_links import page_links


def open_label(state):
    """The open state in words, as on the venue cards."""
    if state is None or not state.is_known:
        return _("Horaires non renseignés")
    return _("Ouvert actuellement") if state.is_open else _("Fermé à cet instant")


def attach_links(venues, request):
    """Give each venue ``link``, its address: a list and its map both show it."""
    links = page_links(venues, request)
    for venue in venues:
        venue.link = links[venue.pk]
    return venues


def map_markers(venues, open_states=None):
    """One marker per venue with coordinates.

    Venues need ``link`` (``attach_links``), ``latitude``, ``longitude`` and, unless
    ``open_states`` gives them in the same order, the ``open_state`` that ``guide.finder.find``
    sets. A venue's ``number``, when it has one, is written on its pin: the number of its row in
    the list.
    """
    if open_states is None:
        open_states = [getattr(venue, "open_state", None) for venue in venues]
    markers = []
    for venue, state in zip(venues, open_states, strict=True):
        if venue.latitude is None or venue.longitude is None:
            continue
        marker = {
            "name": venue.title,
            "url": venue.link,
            "lat": venue.latitude,
            "lon": venue.longitude,
            "open": open_label(state),
            "is_open": bool(state and state.is_known and state.is_open),
        }
        if hasattr(venue, "number"):
            marker["number"] = venue.number
        markers.append(marker)
    return markers


def tile_settings(request):
    """Tile URL template and attribution: the site's own setting first, then the server's."""
    portal = identity_for(request) if request is not None else None
    url = (portal.map_tile_url if portal else "") or settings.MAP_TILE_URL
    allow_images_from(request, url)
    return {"url": url, "attribution": str(settings.MAP_TILE_ATTRIBUTION)}
