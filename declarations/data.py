"""Between the public forms, the venues and ``Declaration.venue_data``.

``venue_data`` follows the format documented in guide/models/declarations.py; this module is the
one place that writes it from the form and reads a live venue into the form's first values.
"""

from dataclasses import dataclass

from wagtail.models import Locale

from guide.models import ServiceFamily, StarLegend, Territory
from guide.rich_text import html_to_text

from .hours_grid import grid_periods, osm_to_week, week_to_osm
from .models import DECLARABLE_FIELDS


@dataclass(frozen=True)
class Family:
    slug: str
    name: str
    description: str
    items: tuple  # of (slug, label)


@dataclass(frozen=True)
class Catalogue:
    """What the venue step lists from the database, loaded once per request."""

    territories: tuple  # of (pk, name)
    families: tuple  # of Family
    star_levels: tuple  # of (level, name, text)


def load_catalogue(request):
    locale = Locale.get_default()
    families = ServiceFamily.objects.filter(locale=locale).prefetch_related("items")
    return Catalogue(
        territories=tuple(Territory.objects.filter(locale=locale).values_list("pk", "name")),
        families=tuple(
            Family(
                family.slug,
                family.name,
                family.description,
                tuple((item.slug, item.label) for item in family.items.all()),
            )
            for family in families
        ),
        star_levels=tuple(StarLegend.load(request_or_site=request).levels()),
    )


def venue_data(cleaned_data, families):
    """The JSON stored on the declaration, from the venue step's cleaned data."""
    data = {name: _json_value(cleaned_data.get(name)) for name in DECLARABLE_FIELDS}
    data["services"] = [
        {
            "family": family.slug,
            "level": int(cleaned_data[level_field(family)]),
            "items": list(cleaned_data.get(items_field(family)) or []),
        }
        for family in families
        if cleaned_data.get(level_field(family))
    ]
    return data


def _json_value(value):
    if value is None or isinstance(value, bool | list):
        return value
    return str(value)


def level_field(family):
    return f"service_{family.slug}"


def items_field(family):
    return f"service_{family.slug}_items"


def hours_field(day, period, bound):
    return f"hours_{day.lower()}_{period}_{bound}"


def initial_from_venue(venue):
    """The venue step's first values for a proposed change: the venue as published."""
    initial = {name: getattr(venue, name) for name in DECLARABLE_FIELDS}
    initial["presentation"] = html_to_text(venue.presentation)
    initial["territory"] = venue.territory_id
    for rating in venue.service_ratings.select_related("family").prefetch_related("items"):
        initial[f"service_{rating.family.slug}"] = str(rating.level)
        initial[f"service_{rating.family.slug}_items"] = [item.slug for item in rating.items.all()]
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
    data["services"] = [
        {
            "family": rating.family.slug,
            "level": rating.level,
            "items": [item.slug for item in rating.items.all()],
        }
        for rating in venue.service_ratings.select_related("family").prefetch_related("items")
    ]
    return data
