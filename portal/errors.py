"""Error pages in the visitor's language that never show a traceback.

A database that stops answering (restart, failover, network) is not a bug of the site: its
requests get a 503 "Service momentanément indisponible" page with ``Retry-After``, which load
balancers and browsers understand as "try again shortly". The site recovers by itself on the
next request, since each request opens (or health-checks) its own connection. Every other
unhandled error gets the 500 page. Both pages are rendered without the database and without the
request's context processors: they must work when nothing else does.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def _standalone_page(template_name, status):
    body = loader.get_template(template_name).render({"site_name": settings.WAGTAIL_SITE_NAME})
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request):
    """Django's ``handler500``, called while the exception is being handled."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        response = _standalone_page("503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _standalone_page("500.html", status=500)


@requires_csrf_token
def bad_request(request, exception):
    """Django's ``handler400``: also answers requests for a host the site does not serve."""
    return _standalone_page("400.html", status=400)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: an expired or foreign form, explained without jargon."""
    return _standalone_page("403_csrf.html", status=403)
