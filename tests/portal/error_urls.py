"""The site's URLs plus two that fail, to see the error pages a visitor would get."""

from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError
from django.urls import path

from portal.urls import handler400, handler500
from portal.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler500", "urlpatterns"]


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def bug(request):
    raise ZeroDivisionError("secret detail")


urlpatterns = [
    *i18n_patterns(
        path("panne/base/", database_gone),
        path("panne/bogue/", bug),
        prefix_default_language=False,
    ),
    *site_urlpatterns,
]
