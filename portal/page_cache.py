"""Whole pages cached for anonymous visitors, emptied by every publication.

Django's two-part cache middleware, with the cache keys prefixed by the content generation of
``portal.content_cache``: publishing, unpublishing or changing a snippet or setting starts a new
generation, so visitors never see a page older than the last publication. A page stays cached
for its own ``max-age``: pages that show open states set it to their next opening or closing
(at most 5 minutes), others get ``CACHE_MIDDLEWARE_SECONDS``. Responses that vary on a session
cookie (editors) are kept apart by Django; private and ``no-cache`` ones (the admin) are never
cached. Nor is a page whose HTML used the request's CSP nonce: a nonce served to every visitor
would no longer be one. Nor is a preview ever served from it: Wagtail sends a preview through
the middleware as a request for the page's public address (``request.is_dummy``), which could
otherwise be answered with the published page cached for the editor's own cookie.
"""

from django.middleware import cache as django_cache
from django.middleware.csp import get_nonce

from .content_cache import generation


class GenerationKeyPrefix:
    @property
    def key_prefix(self):
        return f"{self._base_key_prefix}page:{generation()}"

    @key_prefix.setter
    def key_prefix(self, value):
        self._base_key_prefix = value


class UpdateCacheMiddleware(GenerationKeyPrefix, django_cache.UpdateCacheMiddleware):
    def _should_update_cache(self, request, response):
        return super()._should_update_cache(request, response) and not get_nonce(request)


class FetchFromCacheMiddleware(GenerationKeyPrefix, django_cache.FetchFromCacheMiddleware):
    def process_request(self, request):
        if getattr(request, "is_dummy", False):
            return None
        return super().process_request(request)
