"""Django's Content Security Policy, with a looser policy for Wagtail's admin.

Public pages get ``SECURE_CSP``: scripts, styles, fonts, images and frames from the site only;
a page that shows a map also lets images come from its tile server, which editors may change in
the site's settings (``allow_images_from``). Wagtail's admin writes inline scripts and styles
(panels, date pickers, wagtail-localize's editor), which no nonce can reach, so paths under the
admin get ``SECURE_CSP_ADMIN`` instead, with the tile server too where the venue editor shows its
map. A view may still set its own with ``csp_override``.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.middleware import csp

ADMIN_PREFIX = "/admin/"


def tile_source(tile_url):
    """The CSP source of a Leaflet tile URL: ``https://{s}.tile.x.org/…`` → ``https://*.tile.x.org``."""
    parts = urlsplit(tile_url)
    host = parts.netloc.replace("{s}", "*").replace("{a-c}", "*")
    return f"{parts.scheme}://{host}" if parts.scheme and host else None


def allow_images_from(request, url):
    """Let the page answering ``request`` load images from ``url``'s server (map tiles)."""
    source = tile_source(url)
    if request is not None and source:
        request.csp_image_sources = {*getattr(request, "csp_image_sources", ()), source}


def _policy(request):
    """The admin's or the site's policy, with the tile server of a map on the page (the venue
    editor shows one too)."""
    admin = request.path.startswith(ADMIN_PREFIX)
    policy = settings.SECURE_CSP_ADMIN if admin else settings.SECURE_CSP
    extra_images = sorted(getattr(request, "csp_image_sources", ()))
    if extra_images and policy:
        images = policy.get("img-src", policy.get("default-src", []))
        return {**policy, "img-src": [*images, *extra_images]}
    return policy


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        if not hasattr(response, "_csp_config"):
            response._csp_config = _policy(request)
        return super().process_response(request, response)
