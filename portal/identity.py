"""The city's identity in every page's template: ``identity``, its ``PortalSettings``.

What the header, the footer and pages use (``portal/models/settings.py`` says more):

- ``identity.city_name`` (« Ville de Metz », may be empty on a fresh site), and in sentences
  ``identity.city_with_article`` (« la Ville de Metz », ``|capfirst`` to start one),
  ``identity.of_city`` (« de la Ville de Metz », « du Département… ») and ``identity.to_city``
  (« à la Ville de Metz », « au Département… »);
- ``identity.logo`` (a Wagtail image, SVG or PNG: ``{% image identity.logo height-96
  preserve-svg alt=identity.logo_alt %}``) and ``identity.logo_alt``;
- ``identity.publisher`` (the publisher's name, else the city's), ``identity.postal_address_lines``,
  ``identity.contact_email``, ``identity.contact_phone``, ``identity.opening_hours``;
- ``identity.social_link_list``: ``(network name, url)`` pairs, http(s) only.

Lazy, as Wagtail's own ``settings``, and shared between requests until the content changes
(``content_cache``: saving the settings starts a new generation): every page shows them, and a
query per page for what changes a few times a year was a tenth of a page's time.
"""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .content_cache import cached
from .models import PortalSettings


def _settings_of(site):
    """The site's settings with their logo loaded, so that the cached copy needs no query."""
    settings = PortalSettings.for_site(site)
    if settings.logo_id:
        settings.logo  # noqa: B018 - loads the image into the instance that is cached
    return settings


def identity_for(request):
    """The settings of the request's site; unsaved defaults where no site answers (a fresh
    database, an unknown host), rather than an error."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return PortalSettings.for_default_site()
    return cached(f"identity:{site.pk}", lambda: _settings_of(site))


def identity(request):
    """Template context: ``identity``."""
    return {"identity": SimpleLazyObject(lambda: identity_for(request))}
