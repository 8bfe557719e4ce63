"""Django's Content Security Policy, with a looser policy for Wagtail's admin.

Public pages get ``SECURE_CSP``: scripts, styles, fonts, images and frames from the site only;
a page that shows a map also lets images come from its tile server, which editors may change in
the site's settings (``allow_images_from``). Wagtail's admin writes inline scripts and styles
(panels, date pickers, wagtail-localize's editor), which no nonce can reach, so paths under the
admin get ``SECURE_CSP_ADMIN`` instead, with the tile server too where the venue editor shows its
map. A view may still set its own with ``csp_override``.

Previews are the exception to "by path". Wagtail renders a preview (``make_preview_request``) by
sending a fake request for the page's public address through the whole middleware chain, so
this middleware saw a public path and gave the preview the public policy, whose
``frame-ancestors 'none'`` made browsers refuse it in the admin's side panel; the admin view's
own pass through the middleware then keeps the header already there. A preview (Wagtail's
``request.is_preview``, on every page and previewable snippet) gets the public policy, so that
it shows what the policy lets visitors see, framed by the site itself only
(``frame-ancestors 'self'``: still by no other site). Wagtail's preview views already turn
``X-Frame-Options`` to ``SAMEORIGIN``. A newsletter's e-mail preview also allows inline styles
(``allow_inline_styles``): mail clients drop stylesheets, so all of an e-mail's styles are
inline, and without them the preview would not look like the e-mail received.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.middleware import csp
from django.utils.csp import CSP

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


def allow_inline_styles(request):
    """Let the preview answering ``request`` use inline styles (a newsletter's e-mail)."""
    request.csp_inline_styles = True


def _with_default(policy, directive, *sources):
    return [*policy.get(directive, policy.get("default-src", [])), *sources]


def _policy(request):
    """The admin's or the site's policy, with the tile server of a map on the page (the venue
    editor shows one too); a preview's may be framed by the admin."""
    admin = request.path.startswith(ADMIN_PREFIX)
    policy = settings.SECURE_CSP_ADMIN if admin else settings.SECURE_CSP
    if not policy:
        return policy
    changes = {}
    if extra_images := sorted(getattr(request, "csp_image_sources", ())):
        changes["img-src"] = _with_default(policy, "img-src", *extra_images)
    if getattr(request, "is_preview", False):
        changes["frame-ancestors"] = [CSP.SELF]
        if getattr(request, "csp_inline_styles", False):
            changes["style-src"] = _with_default(policy, "style-src", CSP.UNSAFE_INLINE)
    return {**policy, **changes}


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        if not hasattr(response, "_csp_config"):
            response._csp_config = _policy(request)
        return super().process_response(request, response)
