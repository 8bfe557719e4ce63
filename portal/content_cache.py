"""A cache for what many pages show and editors rarely change: menus, filters, cards, pages.

Every entry is keyed by a *content generation* that any publication, unpublication, move or
deletion of a page, and any save of a catalogue snippet, increments, so an edit shows at once.
With several web servers this needs the shared Redis cache (``REDIS_URL``); with the per-process
default cache an edit shows everywhere within ``CACHE_SECONDS``.

An entry never changes once written (a change makes a new generation, so new keys), so each web
process also keeps the entries it read (``LocalEntries``): a page then reads only the generation
from Redis, instead of a round trip for each menu, catalogue, list and venue.
"""

import dataclasses
import pickle  # nosec B403 # only pickles this process made itself (LocalEntries)
import secrets
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from datetime import date, timedelta
from datetime import time as time_of_day
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Model
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import PageViewRestriction, Site

GENERATION_KEY = "portal:content-generation"
CACHE_SECONDS = 60
LOCAL_ENTRIES = 2000  # per web process; a list's rows or venue is a few kilobytes

# The generation read once per request (``GenerationPerRequestMiddleware``): a page asks for it
# with every cached menu, card, translation or language (dozens of times on a list), and each
# reading was two round trips to Redis. None outside a request, or until it is first read.
_request_generation = ContextVar("request_generation", default=None)
_in_request = ContextVar("in_request", default=False)
# Values already read in this request, by cache key: a list asks for the same catalogue, legend
# or language for each of its rows, and each reading was a round trip and an unpickling.
_request_values = ContextVar("request_values", default=None)


def _first_generation():
    """A random start: generations counted again after the cache was emptied must not meet
    the keys that web processes still keep from before."""
    return secrets.randbits(60)


def generation():
    """The current generation; None while the shared cache does not answer (nothing is then
    kept by the process, since a publication could not be seen)."""
    remembered = _request_generation.get()
    if remembered is not None:
        return remembered
    cache.add(GENERATION_KEY, _first_generation(), timeout=None)
    current = cache.get(GENERATION_KEY)
    if _in_request.get():
        _request_generation.set(current)
    return current


def content_changed(**_signal_arguments):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _first_generation(), timeout=None)
    _request_generation.set(None)  # a publication in this request: read the new one
    values = _request_values.get()
    if values is not None:
        values.clear()


class GenerationPerRequestMiddleware:
    """Reads the content generation, and each cached value, at most once per request (until
    the request publishes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_request = _in_request.set(True)
        remembered = _request_generation.set(None)
        values = _request_values.set({})
        try:
            return self.get_response(request)
        finally:
            _request_values.reset(values)
            _request_generation.reset(remembered)
            _in_request.reset(in_request)


class Frozen(tuple):
    """A cached value made only of values nobody can change (numbers, strings, named tuples of
    them), such as a list's rows: each web process keeps it as it is and hands it to every
    request. Declared by the code that builds it, so that its thousands of rows are not
    checked one by one (``is_immutable``)."""

    __slots__ = ()


IMMUTABLE_SCALARS = (str, bytes, int, float, type(None), date, time_of_day, timedelta, Decimal)


def is_immutable(value):
    """Whether nobody can change ``value``: text, numbers, dates, and tuples, frozen sets and
    frozen dataclasses of them. Such a value is shared by every request of the process."""
    if isinstance(value, IMMUTABLE_SCALARS):
        return True
    if isinstance(value, (tuple, frozenset)):
        return all(is_immutable(item) for item in value)
    if (
        dataclasses.is_dataclass(value)
        and not isinstance(value, type)
        and value.__dataclass_params__.frozen
    ):
        return all(is_immutable(getattr(value, field.name)) for field in dataclasses.fields(value))
    return False


def _own_copy(instance):
    """A model instance a request can decorate (open state, distance…) without touching the
    one the process keeps: a shallow copy, its caches of related objects copied too, as
    ``Model.__getstate__`` copies them for pickling, without the pickling machinery (a venue
    took 50 µs through ``copy.copy``)."""
    state = object.__new__(type(instance._state))
    state.__dict__.update(instance._state.__getstate__())
    state.fields_cache = dict(instance._state.fields_cache)
    clone = object.__new__(type(instance))
    clone.__dict__.update(instance.__dict__)
    clone._state = state
    if "_prefetched_objects_cache" in instance.__dict__:
        clone._prefetched_objects_cache = dict(instance._prefetched_objects_cache)
    return clone


class LocalEntries:
    """Entries this process read from the shared cache, for ``CACHE_SECONDS`` at most (as in
    the shared cache), the least recently used dropped first.

    Each request gets its own copy of an entry, so that what it changes stays its own: a value
    nobody can change (``Frozen``, ``is_immutable``) is shared as it is, a model instance is
    copied (``_own_copy``), any other value is kept pickled and read back.
    """

    def __init__(self, size):
        self.size = size
        self._entries = OrderedDict()  # key: (deadline, how it is kept, value or pickle)
        self._lock = threading.Lock()

    def get_many(self, keys):
        now = time.monotonic()
        found = {}
        with self._lock:
            for key in keys:
                entry = self._entries.get(key)
                if entry and entry[0] > now:
                    self._entries.move_to_end(key)
                    found[key] = entry[1:]
        return {key: self._read(kept_as, data) for key, (kept_as, data) in found.items()}

    @staticmethod
    def _read(kept_as, data):
        if kept_as == "shared":
            return data
        if kept_as == "instance":
            return _own_copy(data)
        # Pickled by set_many in this process, never read from outside it.
        return pickle.loads(data)  # nosec B301

    @staticmethod
    def _keep(value):
        if isinstance(value, Frozen) or is_immutable(value):
            return "shared", value
        if isinstance(value, Model):
            return "instance", _own_copy(value)
        return "pickled", pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    def set_many(self, values):
        deadline = time.monotonic() + CACHE_SECONDS
        kept = {key: self._keep(value) for key, value in values.items()}
        with self._lock:
            for key, (kept_as, data) in kept.items():
                self._entries[key] = (deadline, kept_as, data)
                self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


local_entries = LocalEntries(LOCAL_ENTRIES)


def is_preview(request):
    """Whether ``request`` shows an editor's unsaved version, which no other request must see
    and nothing may keep."""
    return getattr(request, "is_preview", False)


def cached(name, compute):
    """``compute()``'s value, shared until the content changes.

    Within a request, the value read first is given again: callers must not change it.
    """
    request_values = _request_values.get()
    if request_values:
        # A page asks for the same menu, legend or language dozens of times: answered here
        # without building ``cached_many``'s lists.
        key = f"portal:{name}:{generation()}"
        if key in request_values:
            return request_values[key]
    return cached_many([name], lambda names: {name: compute()})[name]


def cached_many(names, compute_missing):
    """Values for several names, from this request, this process, or in one round trip to
    the shared cache.

    ``compute_missing(names)`` returns a dict of values for the names that were not cached.
    """
    current = generation()
    keys = {name: f"portal:{name}:{current}" for name in names}
    request_values = _request_values.get()
    request_values = {} if request_values is None else request_values
    found = {key: request_values[key] for key in keys.values() if key in request_values}
    kept_locally = current is not None
    if kept_locally:
        found.update(local_entries.get_many([key for key in keys.values() if key not in found]))
    unknown = [key for key in keys.values() if key not in found]
    shared = cache.get_many(unknown) if unknown else {}
    found.update(shared)
    missing = [name for name, key in keys.items() if key not in found]
    computed = {}
    if missing:
        computed = {keys[name]: value for name, value in compute_missing(missing).items()}
        cache.set_many(computed, CACHE_SECONDS)
        found.update(computed)
    if kept_locally:
        local_entries.set_many({**shared, **computed})
    request_values.update(found)
    return {name: found[key] for name, key in keys.items() if key in found}


# Models whose saves and deletions start a new generation, like pages: sites and settings, and
# the snippets that apps register in their AppConfig.ready() (``register_catalogue``), and page
# privacy, which decides what residents may see (``visibility``).
_catalogue_models = [Site, BaseSiteSetting, BaseGenericSetting, PageViewRestriction]


def register_catalogue(*models):
    """Declare snippets whose changes show on many pages at once (territories, topics…)."""
    _catalogue_models.extend(model for model in models if model not in _catalogue_models)


def is_catalogue(instance):
    return isinstance(instance, tuple(_catalogue_models))
