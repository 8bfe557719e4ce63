"""Venue cards of the lists, with the part that only publishing changes rendered once.

A list shows 20 cards and rendering them was most of a list page's time. What a card says
between two publications (name, address, how to get help, summary, services and stars) is
rendered once per language and cached until the next publication (``portal.content_cache``);
the open state, today's hours and the distance are rendered on each request around it.

The page models call it with their venues and the star legend, so it imports none of them.
"""

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.content_cache import cached_many


def _render_parts(venues, legend):
    prefetch_related_objects(venues, "service_levels")
    context = {"star_legend": legend}
    return [
        (
            render_to_string("includes/venue_card_head.html", {"venue": venue, **context}),
            render_to_string("includes/venue_card_tail.html", {"venue": venue, **context}),
        )
        for venue in venues
    ]


def attach_card_parts(venues, legend):
    """Give each venue ``card_head`` and ``card_tail``, the cached HTML of its card.

    ``legend`` is the site's ``StarLegend``, which names the levels in the cards' stars.
    """
    language = get_language()
    by_name = {f"venue-card:{language}:{venue.pk}": venue for venue in venues}

    def render(names):
        venues_to_render = [by_name[name] for name in names]
        return dict(zip(names, _render_parts(venues_to_render, legend), strict=True))

    parts = cached_many(list(by_name), render)
    for name, venue in by_name.items():
        head, tail = parts[name]
        # Both are outputs of our own auto-escaping templates.
        venue.card_head = mark_safe(head)  # nosec B308, B703 # rendered by _render_parts
        venue.card_tail = mark_safe(tail)  # nosec B308, B703 # rendered by _render_parts
    return venues
