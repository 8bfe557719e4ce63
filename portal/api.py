"""The read-only JSON API, Wagtail API v2 at /api/v2/: lieux, besoins, evenements.

This module holds the router and the endpoints' common behaviour; each app declares its own
endpoints (guide/api.py, actualites/api.py) and registers them in its AppConfig.ready().

One page model per endpoint (``?type=`` is not accepted), live public pages only, paginated with
``limit`` and ``offset`` (``meta.total_count``), filtered by ``?locale=fr`` and by any database
field of the model (``?commune=Metz``). Only GET: the viewsets map no other method (405).
Each endpoint's queryset joins or prefetches what its ``api_fields`` read, so a listing costs
the same few queries whatever its length, even with ``?fields=*``.
"""

import functools
import re

from django.core.exceptions import ValidationError
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from .converters import PageIdConverter

PAGE_ID = re.compile(PageIdConverter.regex)


# The databases' integers: a larger number in a query parameter can only be an error.
LARGEST_INTEGER = 2**63 - 1


def unreadable_by_the_database(value):
    """NUL characters, which PostgreSQL refuses in text, or an integer past 64 bits."""
    if "\x00" in value:
        return True
    try:
        return abs(int(value)) > LARGEST_INTEGER
    except ValueError:
        return False


class FixedModelPagesAPIViewSet(PagesAPIViewSet):
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {"type"}
    default_order = ("pk",)

    @classmethod
    def get_urlpatterns(cls):
        """Wagtail's routes, with a page id that fits in 64 bits (portal/converters.py)."""
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<page_id:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
            path("find/", cls.as_view({"get": "find_view"}), name="find"),
        ]

    def initial(self, request, *args, **kwargs):
        """Refuse what the databases cannot read before Wagtail passes it on.

        Wagtail sends any offset, id or page filter to the SQL, and refuses NUL characters in
        field filters only: ``?offset=99999999999999999999`` (SQLite: "datatype mismatch";
        PostgreSQL: "bigint out of range"), ``?territory=`` with as many digits, or
        ``?search=`` with a NUL character (PostgreSQL) were server errors instead of a 400.
        """
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            if any(unreadable_by_the_database(text) for text in (name, *values)):
                raise BadRequestError(f"{name}: null character or number out of range")

    def filter_queryset(self, queryset):
        """A filter value its field cannot read (``?start=0`` on a date and time) is the
        client's error, not the server's: Django refuses it with a ValidationError."""
        try:
            return super().filter_queryset(queryset)
        except ValidationError as error:
            raise BadRequestError("; ".join(error.messages)) from error

    def find_object(self, queryset, request):
        """``find/?id=`` with anything but a page id finds nothing (Wagtail: a server error)."""
        if "id" in request.GET and not PAGE_ID.fullmatch(request.GET["id"]):
            return None
        return super().find_object(queryset, request)

    @functools.cached_property
    def public_pages(self):
        """Computed once per request: Wagtail asks for it several times, and each time reads
        the view restrictions and the site."""
        return super().get_base_queryset()

    def get_base_queryset(self):
        return self.public_pages.all()

    def get_queryset(self):
        public = self.get_base_queryset().values("pk")
        queryset = self.model.objects.filter(pk__in=public).select_related("locale")
        return self.optimize(queryset).order_by(*self.default_order)

    def optimize(self, queryset):
        """Join or prefetch what the model's ``api_fields`` read."""
        return queryset


# Apps register their endpoints in their AppConfig.ready(): guide/api.py, actualites/api.py.
api_router = WagtailAPIRouter("api")
