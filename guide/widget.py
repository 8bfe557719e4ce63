"""The partners' widget: the venues for one need or one territory, in an iframe on their site.

``/integrer/besoin/<need>/`` and ``/integrer/territoire/<territory>/`` are small standalone
pages (their own stylesheet, no script, no cookie) that any site may frame; ``/integrer/`` tells
partners how, with the code to copy for each need and territory. Like the site's lists, a widget
says which venues are open now, so it is cached until the next opening or closing it shows.

A need's widget lists its venues as the need's page does, best level first in the services of
the need's rule, and gives each venue's level in the one that matters: its best service among
them, named, with its stars ("Accéder à ses droits sociaux (RSA, CAF) : ★★★ expert"), rather
than a family's level that a venue expert in tax returns but basic with the CAF would blur. A
territory's widget is about no service and shows no level.
"""

from functools import wraps

from django.conf import settings
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Site

from portal.content_cache import cached
from portal.localized import localized, source_objects
from portal.public_address import absolute_url, public_host

from .finder import attach_hours, attach_matched_service, best_rated_first, filter_queryset
from .models import NeedPage, NeedTreePage, StarLegend, Territory, VenueIndexPage
from .models.venues import seconds_until_next_change, venues_for_cards

# Enough to be useful in a sidebar, few enough to stay light; the link leads to the rest.
WIDGET_SIZE = 10
IFRAME_HEIGHT = 600


def embeddable(view):
    """Let any site frame the view: no ``X-Frame-Options``, and ``frame-ancestors *`` in the
    site's Content Security Policy, read at each request so that it follows the settings."""

    @wraps(view)
    def framed_anywhere(request, *args, **kwargs):
        policy = {**settings.SECURE_CSP, "frame-ancestors": ["*"]} if settings.SECURE_CSP else {}
        return csp_override(policy)(view)(request, *args, **kwargs)

    return xframe_options_exempt(framed_anywhere)


def _widget(request, *, heading, heading_is_french, venues, all_url, item_ids=()):
    """``item_ids``: the services whose level each venue shows (none: no level)."""
    now = timezone.now()
    shown = attach_hours(list(venues[:WIDGET_SIZE]), now)
    if item_ids:
        prefetch_related_objects(shown, "service_levels")
        attach_matched_service(shown, lambda service: service.pk in item_ids)
    response = TemplateResponse(
        request,
        "guide/widget/venues.html",
        {
            "now": now,
            "heading": heading,
            "heading_is_french": heading_is_french,
            "venues": shown,
            "count": venues.count(),
            "all_url": absolute_url(all_url),
            "site_host": public_host(),
            "star_legend": StarLegend.cached() if item_ids else None,
        },
    )
    states = [venue.open_state for venue in shown]
    patch_cache_control(response, public=True, max_age=seconds_until_next_change(states, now))
    return response


def _venue_list_url(request):
    """The site's venue list in the active language (translation or alias), else the home page."""
    site = Site.find_for_request(request)

    def compute():
        index = VenueIndexPage.objects.visible().in_site(site).first() if site else None
        return index.localized.get_url() if index else reverse("wagtail_serve", args=[""])

    return cached(f"venue-list-url:{site and site.pk}:{get_language()}", compute)


@require_safe
@embeddable
def need_widget(request, slug):
    needs = NeedPage.objects.visible().select_related("family").prefetch_related("items")
    need = get_object_or_404(needs, slug=slug, locale=Locale.get_active())
    item_ids = set(need.rule_item_ids())
    venues = filter_queryset(venues_for_cards(need.locale_id), {"besoin": need})
    if item_ids:
        venues = best_rated_first(venues, Q(item_id__in=item_ids))
    return _widget(
        request,
        heading=need.title,
        heading_is_french=bool(need.alias_of_id),
        venues=venues,
        all_url=need.get_url(request),
        item_ids=item_ids,
    )


def _territory(slug):
    """The French territory (the one venues point to) with this slug; the same in every
    language."""
    found = next((item for item in source_objects(Territory) if item.slug == slug), None)
    if found is None:
        raise Http404
    return found


@require_safe
@embeddable
def territory_widget(request, slug):
    territory = _territory(slug)
    venues = (
        venues_for_cards(Locale.get_active().pk)
        .filter(territory=territory)
        .order_by("code", "title")
    )
    return _widget(
        request,
        heading=localized(territory).name,
        heading_is_french=False,
        venues=venues,
        all_url=f"{_venue_list_url(request)}?territoire={territory.slug}",
    )


def iframe_code(url, title):
    """The HTML a partner pastes in their page."""
    return format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" loading="lazy"></iframe>',
        url,
        title,
        IFRAME_HEIGHT,
    )


def _embed(request, view_name, slug, name):
    url = absolute_url(reverse(view_name, args=[slug]))
    return {
        "slug": slug,
        "name": name,
        "url": url,
        "code": iframe_code(url, _("Lieux d'aide au numérique : %(name)s") % {"name": name}),
    }


@require_safe
def embed_help(request):
    """``/integrer/``: what the widget is, and its code for each need and each territory."""
    tree = NeedTreePage.objects.visible().filter(locale=Locale.get_active()).first()
    themes = [
        (theme, [_embed(request, "need_widget", need.slug, need.title) for need in needs])
        for theme, needs in (tree.themes_with_needs() if tree else [])
    ]
    territories = [
        _embed(request, "territory_widget", territory.slug, localized(territory).name)
        for territory in source_objects(Territory)
    ]
    first_need = next((embeds[0] for _theme, embeds in themes if embeds), None)
    return TemplateResponse(
        request,
        "guide/widget/help.html",
        {
            "themes": themes,
            "territories": territories,
            "preview": first_need or (territories[0] if territories else None),
        },
    )
