"""A cache for what many pages show and editors rarely change: menu links, filter choices.

Every entry is keyed by a *content generation* that any publication, unpublication, move or
deletion of a page, and any save of a catalogue snippet, increments, so an edit shows at once.
With several web servers this needs the shared Redis cache (``REDIS_URL``); with the per-process
default cache an edit shows everywhere within ``CACHE_SECONDS``.
"""

from django.core.cache import cache

GENERATION_KEY = "portal:content-generation"
CACHE_SECONDS = 60


def _generation():
    cache.add(GENERATION_KEY, 1, timeout=None)
    return cache.get(GENERATION_KEY, 1)


def content_changed(**_signal_arguments):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def cached(name, compute):
    """``compute()``'s value, shared until the content changes."""
    return cache.get_or_set(f"portal:{name}:{_generation()}", compute, CACHE_SECONDS)


def is_catalogue(instance):
    """Snippets and sites whose changes show in menus and filter choices."""
    from wagtail.models import Site

    from guide.models import ServiceFamily, Territory

    return isinstance(instance, (Site, Territory, ServiceFamily))
