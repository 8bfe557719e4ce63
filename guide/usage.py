"""What a page's request counts, from the finder's validated filters only.

A page puts the list under ``CONTEXT_KEY`` in its context; the stats app's middleware stores it.
Keys come from validated values (a known postcode, a need, a choice of the filter form), so there
are only so many of them. The words typed in "Que cherchez-vous ?" are never kept, only the fact
that there were some: free text can hold a name, a phone number or a person's situation, and
keeping only the words many people typed would still mean storing the rare ones first.
A need whose list came out empty is counted by need too (``NEED_NO_RESULT``): the territory's
diagnosis (diagnostic/) reads where help is missing by need as well as by postcode.

Only the first page of results counts: turning pages is still the same search.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # In the report's order: where help is missing first.
    NO_RESULT = "sans-resultat", _("Recherches sans résultat, par code postal")
    NEED_NO_RESULT = "besoin-sans-resultat", _("Recherches sans résultat, par besoin")
    SEARCH = "recherche", _("Recherches, par code postal")
    NEED = "besoin", _("Besoins consultés")
    ORIENTATION = "orientation", _("Orientations, par besoin")
    FILTER = "filtre", _("Filtres utilisés")


CONTEXT_KEY = "usage_counts"
# The centre a postcode or the browser's position gave: not a choice of the visitor's.
DERIVED_FILTERS = ("lat", "lon", "origin")
NO_POSTCODE = ""


def filter_keys(filters):
    """One key per filter chosen: ``name=value``, or the name alone for a yes/no filter, the
    postcode (counted by itself, see ``search_counts``) and the words typed."""
    keys = []
    for name, value in filters.items():
        if name in DERIVED_FILTERS:
            continue
        if value is True or name in ("q", "cp"):
            keys.append(name)
        elif name == "besoin":
            keys.append(need_key(value))
        else:
            keys.append(f"{name}={value}")
    if "lat" in filters and "cp" not in filters:
        keys.append("position")
    return keys


def need_key(need):
    """A need in every language: its pages share their translation key."""
    return f"besoin={need.translation_key}"


def search_counts(filters, found_count):
    """A search: by its postcode (or none), with each of its filters, and whether it found
    nothing."""
    postcode = filters.get("cp", NO_POSTCODE)
    counts = [(Kind.SEARCH, postcode)]
    counts += [(Kind.FILTER, key) for key in filter_keys(filters)]
    if not found_count:
        counts.append((Kind.NO_RESULT, postcode))
    return counts


def venue_list_counts(found):
    """The venue list counts a search when a filter was chosen; browsing it is not searching."""
    if not found.filters or found.page.number > 1:
        return []
    return search_counts(found.filters, found.count)


def need_page_counts(need, found):
    """A need viewed, and a search when the visitor added a postcode or a filter."""
    if found.page.number > 1:
        return []
    counts = [(Kind.NEED, need_key(need))]
    chosen = _without_need(found.filters)
    if chosen:
        counts += search_counts(chosen, found.count)
    if not found.count:
        counts.append((Kind.NEED_NO_RESULT, need_key(need)))
    return counts


def orientation_counts(filters, shortlist):
    """A person oriented for a need, from a valid form only."""
    counts = [(Kind.ORIENTATION, need_key(filters["besoin"]))]
    counts += search_counts(_without_need(filters), shortlist.count)
    if not shortlist.count:
        counts.append((Kind.NEED_NO_RESULT, need_key(filters["besoin"])))
    return counts


def _without_need(filters):
    """On a need page and in the orientation tool the need is what is asked, not a filter."""
    return {name: value for name, value in filters.items() if name != "besoin"}
