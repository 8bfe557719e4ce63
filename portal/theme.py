"""``/theme.css``: the city's two colours as the CSS custom properties of ``static/css/site.css``.

A stylesheet of the site's own rather than a ``<style>`` in each page, because the Content
Security Policy allows styles from the site only (no inline style, no nonce: a nonce would keep
pages out of the page cache). Pages link it as ``/theme.css?v=<version>``, the version changing
with the colours (``PortalSettings.theme_version``): browsers keep it a year, and a change of
colours, which starts a new page-cache generation, gives pages a new address to fetch.
"""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .identity import identity_for

ONE_YEAR = 365 * 24 * 3600
UNVERSIONED_MAX_AGE = 300


def theme_stylesheet(identity):
    return f":root {{ --accent: {identity.primary_css}; --accent-2: {identity.secondary_css}; }}\n"


def cache_for_theme_version(request, response, identity):
    """A year at the current version's address, a few minutes at any other: an old or missing
    ``?v=`` must not keep the old colours for a year. Also used by the icon (portal/icons.py)."""
    if request.GET.get("v") == identity.theme_version:
        patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=UNVERSIONED_MAX_AGE)
    return response


@require_GET
def theme_css(request):
    identity = identity_for(request)
    response = HttpResponse(theme_stylesheet(identity), content_type="text/css; charset=utf-8")
    return cache_for_theme_version(request, response, identity)
