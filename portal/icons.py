"""The site's default icon in the city's colour, and ``/favicon.ico``.

Pages link their icon themselves (``templates/base.html``): the city's logo when it has one, else
``/icon.svg``, the drawing of ``static/img/icon.svg`` filled with the identity's primary colour
instead of the default blue. Like ``/theme.css``, it is served by the site (no third-party
request) and cached for a year under ``?v=<theme version>``, which changes with the colours.
``/favicon.ico``, which browsers and bots ask for on their own, sends them to it rather than
answering 404.
"""

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .identity import identity_for
from .models.settings import DEFAULT_COLOUR
from .theme import cache_for_theme_version


@cache
def _default_icon():
    with open(finders.find("img/icon.svg"), encoding="utf-8") as icon:
        return icon.read()


def themed_icon(identity):
    """The default icon's SVG with the identity's primary colour where the default one is."""
    return _default_icon().replace(DEFAULT_COLOUR, identity.primary_css)


@require_GET
def site_icon(request):
    identity = identity_for(request)
    response = HttpResponse(themed_icon(identity), content_type="image/svg+xml")
    return cache_for_theme_version(request, response, identity)


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    return redirect(f"{reverse('site_icon')}?v={identity_for(request).theme_version}")
