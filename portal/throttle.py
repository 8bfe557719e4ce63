"""Rate limits of the public forms and of the admin's password reset, counted in the shared cache.

A client is its address as ``portal.client_address.client_ip`` reads it: the visitor's own
behind a trusted reverse proxy (``TRUSTED_PROXIES``), never one a visitor could make up.
"""

from hashlib import sha256

from django.core.cache import cache

from .client_address import client_ip


def over_rate_limit(request, scope, limit, window_seconds):
    """Count this attempt under ``scope``; True once the client went past ``limit`` attempts."""
    return over_limit_for(client_ip(request), scope, limit, window_seconds)


def over_limit_for(identity, scope, limit, window_seconds):
    """Count an attempt for ``identity`` (an address, an e-mail…) under ``scope``; True once it
    went past ``limit`` attempts. The identity is hashed: the cache holds no e-mail address."""
    digest = sha256(str(identity).encode()).hexdigest()
    key = f"throttle:{scope}:{digest}"
    cache.add(key, 0, window_seconds)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        attempts = 1
    return attempts > limit
