"""``{% site_search_url as url %}``: where the header's search box sends the words typed.

The site's search is the venue list's keyword filter (``/lieux/?q=``): the guide's places are
what residents look for. The list is the one of the visitor's language tree when it has one,
else the French one, found as the menu finds its pages and cached until the content changes.
"""

from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from portal.content_cache import cached

from ..models import VenueIndexPage

register = template.Library()


def _venue_index_url(site, language):
    french = VenueIndexPage.objects.visible().descendant_of(site.root_page).first()
    if french is None:
        return ""
    translated = VenueIndexPage.objects.visible().filter(
        translation_key=french.translation_key, locale__language_code=language
    )
    return (translated.first() or french).get_url(current_site=site)


@register.simple_tag(takes_context=True)
def site_search_url(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return ""
    language = get_language()
    return cached(f"site-search-url:{site.pk}:{language}", lambda: _venue_index_url(site, language))
