"""Django's Redis cache, made optional: when Redis does not answer, the site serves uncached.

Django's ``RedisCache`` raises on every call once the server is gone, which turns a cache
outage into a site outage. Here a failed call is logged and answered as a cache miss (``get``
returns the default, ``set`` and ``delete`` do nothing, ``add`` reports success so that callers
go on, ``incr`` starts a fresh counter): every cached value in this project can be recomputed.
After a failure the server is left alone for ``RETRY_SECONDS``, so that a hung server costs one
timeout per process and period rather than one per call.

An entry that no longer unpickles, written by another release of the code (a class that
changed shape), is answered as a miss too, and deleted so that the next write replaces it.

Each connection pool also keeps one redis-py client (``ReusingClient``).
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient, RedisSerializer
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


class StaleEntry(Exception):
    """A cached value that the running code cannot read back."""


class TolerantSerializer(RedisSerializer):
    def loads(self, data):
        try:
            return super().loads(data)
        except Exception as error:  # whatever unpickling an old class raises
            raise StaleEntry(error) from error


class ReusingClient(RedisCacheClient):
    """Django builds a redis-py client for every call, and redis-py builds a table of some 170
    reply handlers for every client: a fifth of a millisecond per cache read, dozens of reads
    per page. A client is safe to share between threads (its pool lends the connections)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # connection pool index: client

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        index = next(index for index, known in self._pools.items() if known is pool)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=pool)
        return self._clients[index]


class ResilientRedisCache(RedisCache):
    _unreachable_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingClient
        self._options = {"serializer": TolerantSerializer, **self._options}

    def _answer_as_a_miss(self, name, *args, **kwargs):
        return OUTAGE_ANSWERS[name](*args, **kwargs)

    def _call(self, name, *args, **kwargs):
        if time.monotonic() < ResilientRedisCache._unreachable_until:
            return self._answer_as_a_miss(name, *args, **kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except StaleEntry as error:
            logger.info("cache entry from another release read as a miss: %s", error)
            keys = {"get": args[:1], "get_many": args[0] if args else ()}.get(name, ())
            super().delete_many(list(keys), version=kwargs.get("version"))
            return self._answer_as_a_miss(name, *args, **kwargs)
        except RedisError as error:
            ResilientRedisCache._unreachable_until = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "cache unavailable, serving without it for %ss: %s", RETRY_SECONDS, error
            )
            return self._answer_as_a_miss(name, *args, **kwargs)


def _resilient(name):
    @functools.wraps(getattr(RedisCache, name))
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    return method


for _name in OUTAGE_ANSWERS:
    setattr(ResilientRedisCache, _name, _resilient(_name))
