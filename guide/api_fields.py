"""Serializers of the read-only API's composite fields (``api_fields`` of the guide's pages).

They read only what the API's querysets join or prefetch (portal/api.py), so that listing many
pages costs no query per page.
"""

from rest_framework import serializers
from wagtail.api import APIField


def list_field(name):
    """A field of several vocabulary values (guide.fields.MultipleChoiceField), as a list."""
    return APIField(
        name, serializer=serializers.ListField(child=serializers.CharField(), read_only=True)
    )


class SlugAndName(serializers.Field):
    """A snippet (territory, service family, item) as its slug and its name."""

    def __init__(self, name_attribute="name", **kwargs):
        self.name_attribute = name_attribute
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return {"slug": value.slug, "name": getattr(value, self.name_attribute)}


class Coordinates(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, venue):
        if venue.latitude is None or venue.longitude is None:
            return None
        return {"latitude": venue.latitude, "longitude": venue.longitude}


class ServiceRatings(serializers.Field):
    """A venue's offered families: each detailed service with its level (1 to 3 stars), and the
    family's summary level, its best service's."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, venue):
        return [
            {
                "family": {"slug": rated.family.slug, "name": rated.family.name},
                "level": rated.level,
                "items": [
                    {"slug": service.slug, "label": service.label, "level": level}
                    for service, level in rated.services
                ],
            }
            for rated in venue.rated_families()
            if rated.offered
        ]


class ServiceSlugs(serializers.Field):
    """The detailed services a need's rule names, as slugs and labels."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, items):
        return [{"slug": item.slug, "label": item.label} for item in items.all()]


class NeedVenueIds(serializers.Field):
    """The live venues that answer a need, by id.

    The API computes them for its whole page of needs at once, the first time one is asked
    for: the serializer's context holds that function (``venue_ids_by_need``).
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, need):
        venue_ids_by_need = self.context.get("venue_ids_by_need")
        if venue_ids_by_need is not None:
            return venue_ids_by_need().get(need.pk, [])
        return type(need).venue_ids_for([need])[need.pk]
