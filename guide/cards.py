"""Venue cards of the lists, with the part that only publishing changes rendered once.

A list shows 20 cards and rendering them was most of a list page's time. What a card says
between two publications (name, address, how to get help, summary, services and stars) is
rendered once per language and cached until the next publication (``portal.content_cache``);
the open state, today's hours and the distance are rendered on each request around it.
"""

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.content_cache import cached_many

from .models import StarLegend
from .models.venues import ratings_with_family


def _render_parts(venues):
    prefetch_related_objects(venues, ratings_with_family())
    context = {"star_legend": StarLegend.load()}
    return [
        (
            render_to_string("includes/venue_card_head.html", {"venue": venue, **context}),
            render_to_string("includes/venue_card_tail.html", {"venue": venue, **context}),
        )
        for venue in venues
    ]


def attach_card_parts(venues):
    """Give each venue ``card_head`` and ``card_tail``, the cached HTML of its card."""
    language = get_language()
    by_name = {f"venue-card:{language}:{venue.pk}": venue for venue in venues}

    def render(names):
        return dict(zip(names, _render_parts([by_name[name] for name in names]), strict=True))

    parts = cached_many(list(by_name), render)
    for name, venue in by_name.items():
        head, tail = parts[name]
        # Both are outputs of our own auto-escaping templates.
        venue.card_head = mark_safe(head)  # nosec B308, B703 # rendered by _render_parts
        venue.card_tail = mark_safe(tail)  # nosec B308, B703 # rendered by _render_parts
    return venues
