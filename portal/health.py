"""``/sante/``: what a load balancer or a monitoring probe asks before sending traffic.

200 while the database answers; the cache's state is reported but does not fail the check,
since the site keeps serving (slower) without it. 503 when the database does not answer.
"""

import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

PROBE_KEY = "portal:health-probe"


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "not serving"
        return "indisponible", str(error.__class__.__name__)
    return "ok", None


def _cache_state():
    probe = str(time.monotonic_ns())
    try:
        cache.set(PROBE_KEY, probe, 10)
        answered = cache.get(PROBE_KEY)
    except Exception as error:  # a down cache server
        return "indisponible", str(error.__class__.__name__)
    return ("ok", None) if answered == probe else ("indisponible", "no-read-back")


@never_cache
@require_GET
def health(request):
    database, database_error = _database_state()
    cache_state, cache_error = _cache_state()
    body = {"database": database, "cache": cache_state}
    errors = {name: error for name, error in (("database", database_error), ("cache", cache_error))}
    body["errors"] = {name: error for name, error in errors.items() if error}
    return JsonResponse(body, status=200 if database == "ok" else 503)
