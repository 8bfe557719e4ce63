"""Django's Redis cache, made optional: when Redis does not answer, the site serves uncached.

Django's ``RedisCache`` raises on every call once the server is gone, which turns a cache
outage into a site outage. Here a failed call is logged and answered as a cache miss (``get``
returns the default, ``set`` and ``delete`` do nothing, ``add`` reports success so that callers
go on, ``incr`` starts a fresh counter): every cached value in this project can be recomputed.
After a failure the server is left alone for ``RETRY_SECONDS``, so that a hung server costs one
timeout per process and period rather than one per call.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5.0
# What each call answers while Redis is unreachable, from its arguments.
OUTAGE_ANSWERS = {
    "get": lambda key, default=None, version=None: default,
    "get_many": lambda keys, version=None: {},
    "has_key": lambda key, version=None: False,
    "add": lambda *args, **kwargs: True,
    "touch": lambda *args, **kwargs: False,
    "set": lambda *args, **kwargs: None,
    "set_many": lambda *args, **kwargs: [],
    "delete": lambda *args, **kwargs: False,
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda *args, **kwargs: None,
    "incr": lambda key, delta=1, version=None: delta,
}


class ResilientRedisCache(RedisCache):
    _unreachable_until = 0.0

    def _answer_while_down(self, name, *args, **kwargs):
        return OUTAGE_ANSWERS[name](*args, **kwargs)

    def _call(self, name, *args, **kwargs):
        if time.monotonic() < ResilientRedisCache._unreachable_until:
            return self._answer_while_down(name, *args, **kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            ResilientRedisCache._unreachable_until = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "cache unavailable, serving without it for %ss: %s", RETRY_SECONDS, error
            )
            return self._answer_while_down(name, *args, **kwargs)


def _resilient(name):
    @functools.wraps(getattr(RedisCache, name))
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    return method


for _name in OUTAGE_ANSWERS:
    setattr(ResilientRedisCache, _name, _resilient(_name))
