"""Readable names for counted keys: "Public : Seniors" rather than ``public=seniors``.

Names come from where the filters live (the finder's form) and from the current needs,
territories and families, looked up once for a whole page of rows. A need or territory deleted
since keeps its counts under "(supprimé)".
"""

import uuid

from django.conf import settings
from django.utils.translation import gettext as _

from guide.finder import VenueFilterForm
from guide.models import NeedPage, ServiceFamily, ServiceItem, Territory
from guide.models.catalogue import french_items
from guide.postcodes import lookup as lookup_postcode

from .models import UsageCount

Kind = UsageCount.Kind
NEED_PREFIX = "besoin="
# Filters named by a snippet's slug, looked up in the database.
SNIPPET_FILTERS = {"territoire": Territory, "famille": ServiceFamily}


def describe(rows):
    """Add ``kind_label`` and ``label`` to aggregated rows (dicts with ``kind`` and ``key``)."""
    names = Names(rows)
    for row in rows:
        row["kind_label"] = Kind(row["kind"]).label
        row["label"] = names.label(row["kind"], row["key"])
    return rows


class Names:
    """Everything a page of rows names, in one query per model at most."""

    def __init__(self, rows):
        keys = [row["key"] for row in rows]
        self.needs = need_titles(key.removeprefix(NEED_PREFIX) for key in keys)
        self.snippets = {
            name: snippet_names(model, _values_of(name, keys))
            for name, model in SNIPPET_FILTERS.items()
        }
        self.services = service_labels(_values_of("service", keys))
        self.fields = VenueFilterForm(
            None, choices={"besoin": [], "territoire": [], "famille": [], "service": []}
        ).fields

    def label(self, kind, key):
        if kind in (Kind.SEARCH, Kind.NO_RESULT):
            return postcode_label(key)
        if kind in (Kind.NEED, Kind.ORIENTATION, Kind.NEED_NO_RESULT):
            return self.need(key)
        return self.filter(key)

    def need(self, key):
        return self.needs.get(key.removeprefix(NEED_PREFIX)) or _("Besoin (supprimé)")

    def filter(self, key):
        name, _sep, value = key.partition("=")
        if name == "position":
            return _("Position de l'appareil")
        field = self.fields.get(name)
        if field is None:
            return key
        if not value:
            return str(field.label)
        if name == "besoin":
            value_label = self.need(key)
        elif name == "service":
            value_label = self.services.get(value) or _("%(slug)s (supprimé)") % {"slug": value}
        elif name in SNIPPET_FILTERS:
            value_label = self.snippets[name].get(value) or _("%(slug)s (supprimé)") % {
                "slug": value
            }
        else:
            value_label = {str(choice): label for choice, label in field.choices}.get(value, value)
        return _("%(filter)s : %(value)s") % {"filter": field.label, "value": value_label}


def postcode_label(postcode):
    if not postcode:
        return _("Sans code postal")
    place = lookup_postcode(postcode)
    return f"{postcode} {place.label}" if place else postcode


def need_titles(keys):
    """{translation key: title}, the source language's title when there is one."""
    translation_keys = set()
    for key in keys:
        try:
            translation_keys.add(uuid.UUID(key))
        except ValueError:
            continue
    if not translation_keys:
        return {}
    pages = NeedPage.objects.filter(translation_key__in=translation_keys).values_list(
        "translation_key", "title", "locale__language_code"
    )
    titles = {}
    for translation_key, title, language in pages:
        if str(translation_key) not in titles or language == settings.LANGUAGE_CODE:
            titles[str(translation_key)] = title
    return titles


def snippet_names(model, slugs):
    if not slugs:
        return {}
    rows = model.objects.filter(slug__in=slugs, locale__language_code=settings.LANGUAGE_CODE)
    return dict(rows.values_list("slug", "name"))


def service_labels(slugs):
    if not slugs:
        return {}
    rows = ServiceItem.objects.filter(french_items(), slug__in=slugs)
    return dict(rows.values_list("slug", "label"))


def _values_of(name, keys):
    prefix = f"{name}="
    return {key.removeprefix(prefix) for key in keys if key.startswith(prefix)}
