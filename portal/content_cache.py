"""A cache for what many pages show and editors rarely change: menus, filters, cards, pages.

Every entry is keyed by a *content generation* that any publication, unpublication, move or
deletion of a page, and any save of a catalogue snippet, increments, so an edit shows at once.
With several web servers this needs the shared Redis cache (``REDIS_URL``); with the per-process
default cache an edit shows everywhere within ``CACHE_SECONDS``.
"""

from contextvars import ContextVar

from django.core.cache import cache
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import PageViewRestriction, Site

GENERATION_KEY = "portal:content-generation"
CACHE_SECONDS = 60

# The generation read once per request (``GenerationPerRequestMiddleware``): a page asks for it
# with every cached menu, card, translation or language (dozens of times on a list), and each
# reading was two round trips to Redis. None outside a request, or until it is first read.
_request_generation = ContextVar("request_generation", default=None)
_in_request = ContextVar("in_request", default=False)


def generation():
    remembered = _request_generation.get()
    if remembered is not None:
        return remembered
    cache.add(GENERATION_KEY, 1, timeout=None)
    current = cache.get(GENERATION_KEY, 1)
    if _in_request.get():
        _request_generation.set(current)
    return current


def content_changed(**_signal_arguments):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)
    _request_generation.set(None)  # a publication in this request: read the new one


class GenerationPerRequestMiddleware:
    """Reads the content generation at most once per request (until the request publishes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_request = _in_request.set(True)
        remembered = _request_generation.set(None)
        try:
            return self.get_response(request)
        finally:
            _request_generation.reset(remembered)
            _in_request.reset(in_request)


def cached(name, compute):
    """``compute()``'s value, shared until the content changes."""
    return cache.get_or_set(f"portal:{name}:{generation()}", compute, CACHE_SECONDS)


def cached_many(names, compute_missing):
    """Values for several names in one cache round trip.

    ``compute_missing(names)`` returns a dict of values for the names that were not cached.
    """
    current = generation()
    keys = {name: f"portal:{name}:{current}" for name in names}
    found = cache.get_many(list(keys.values()))
    values = {name: found[key] for name, key in keys.items() if key in found}
    missing = [name for name in names if name not in values]
    if missing:
        computed = compute_missing(missing)
        cache.set_many({keys[name]: value for name, value in computed.items()}, CACHE_SECONDS)
        values.update(computed)
    return values


# Models whose saves and deletions start a new generation, like pages: sites and settings, and
# the snippets that apps register in their AppConfig.ready() (``register_catalogue``), and page
# privacy, which decides what residents may see (``visibility``).
_catalogue_models = [Site, BaseSiteSetting, BaseGenericSetting, PageViewRestriction]


def register_catalogue(*models):
    """Declare snippets whose changes show on many pages at once (territories, topics…)."""
    _catalogue_models.extend(model for model in models if model not in _catalogue_models)


def is_catalogue(instance):
    return isinstance(instance, tuple(_catalogue_models))
