"""Between the public forms, the venues and ``Declaration.venue_data``.

``venue_data`` follows the format documented in declarations/models.py; this module is the one
place that writes it from the form and reads a live venue into the form's first values.
"""

from dataclasses import dataclass

from wagtail.models import Locale

from guide.hours_grid import grid_periods, osm_to_week, week_to_osm
from guide.models import StarLegend, Territory
from guide.models.catalogue import rate_families
from guide.rich_text import html_to_text
from guide.service_levels import field_name, levels_from

from .models import DECLARABLE_FIELDS


@dataclass(frozen=True)
class Catalogue:
    """What the venue step lists from the database besides the services, loaded once per request.

    The services come from ``guide.models.catalogue.service_catalogue``, which is cached.
    """

    territories: tuple  # of (pk, name)
    star_levels: tuple  # of (level, name, text)


def load_catalogue(request):
    locale = Locale.get_default()
    return Catalogue(
        territories=tuple(Territory.objects.filter(locale=locale).values_list("pk", "name")),
        star_levels=tuple(StarLegend.load(request_or_site=request).levels()),
    )


def venue_data(form):
    """The JSON stored on the declaration, from the venue step's valid form."""
    data = {name: _json_value(form.cleaned_data.get(name)) for name in DECLARABLE_FIELDS}
    data["services"] = service_entries(levels_from(form))
    return data


def service_entries(levels_by_item):
    """``venue_data["services"]`` from {French item id: level}, in the catalogue's order."""
    return [
        {"item": service.slug, "family": service.family_slug, "level": level}
        for rated in rate_families(levels_by_item)
        for service, level in rated.services
    ]


def _json_value(value):
    if value is None or isinstance(value, bool | list):
        return value
    return str(value)


def hours_field(day, period, bound):
    return f"hours_{day.lower()}_{period}_{bound}"


def initial_from_venue(venue):
    """The venue step's first values for a proposed change: the venue as published."""
    initial = {name: getattr(venue, name) for name in DECLARABLE_FIELDS}
    initial["presentation"] = html_to_text(venue.presentation)
    initial["territory"] = venue.territory_id
    for rated in venue.rated_families():
        for service, level in rated.services:
            initial[field_name(service)] = level
    week = osm_to_week(venue.opening_hours)
    if week is not None and week_to_osm(week) == venue.opening_hours.strip():
        initial["opening_hours"] = ""
        for day, spans in week.items():
            for period, (start, end) in grid_periods(spans).items():
                initial[hours_field(day, period, "start")] = start
                initial[hours_field(day, period, "end")] = end
    return initial


def venue_data_from_venue(venue):
    """A live venue in ``venue_data``'s format: what a proposed change starts from."""
    data = {name: _json_value(getattr(venue, name)) for name in DECLARABLE_FIELDS}
    data["presentation"] = html_to_text(venue.presentation)
    data["services"] = service_entries(venue.levels_by_item)
    return data
