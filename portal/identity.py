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

Lazy, as Wagtail's own ``settings``, and read from the same per-request cache: a page that uses
both makes one query.
"""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .models import PortalSettings


def identity_for(request):
    """The settings of the request's site; unsaved defaults where no site answers (a fresh
    database, an unknown host), rather than an error."""
    if request is not None and Site.find_for_request(request) is not None:
        return PortalSettings.for_request(request)
    return PortalSettings.for_default_site()


def identity(request):
    """Template context: ``identity``."""
    return {"identity": SimpleLazyObject(lambda: identity_for(request))}
