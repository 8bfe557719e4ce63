"""Per-client rate limits of the public forms, counted in the shared cache.

REMOTE_ADDR is the client as the WSGI server sees it; behind a reverse proxy it is the proxy's
address unless the proxy's own configuration passes the client through.
"""

from django.core.cache import cache


def over_rate_limit(request, scope, limit, window_seconds):
    """Count this attempt under ``scope``; True once the client went past ``limit`` attempts."""
    key = f"throttle:{scope}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, window_seconds)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        attempts = 1
    return attempts > limit
