"""Public open-data files, without language prefix: /donnees/lieux.csv and /donnees/lieux.json
(national standard), /donnees/data-inclusion/structures.json and services.json."""

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_GET

from portal.content_cache import CACHE_SECONDS, cached, generation

from .data_inclusion.export import json_chunks, records
from .exporter import export_text

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
FILE_NAME = "lieux-de-mediation-numerique"


def data_file(file_format):
    """The export, computed once per content generation: any publication renews it."""
    text = cached(f"opendata:venues:{file_format}", lambda: export_text(file_format))
    response = HttpResponse(text, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAME}.{file_format}"'
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


@require_GET
def venues_csv(request):
    return data_file("csv")


@require_GET
def venues_json(request):
    return data_file("json")


def content_etag(request, kind):
    """The content generation: a client or proxy holding this generation's file gets a 304
    instead of a new run over every venue."""
    current = generation()
    return f"data-inclusion-{kind}-{current}" if current is not None else None


def data_inclusion_file(kind):
    """A data·inclusion list, streamed record by record: too big to keep whole in the cache
    for thousands of venues, it is cached by HTTP (ETag and max-age) instead."""

    @require_GET
    @condition(etag_func=lambda request: content_etag(request, kind))
    def view(request):
        response = StreamingHttpResponse(
            json_chunks(records(kind)), content_type=CONTENT_TYPES["json"]
        )
        response["Content-Disposition"] = f'inline; filename="{kind}.json"'
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response

    return view


data_inclusion_structures = data_inclusion_file("structures")
data_inclusion_services = data_inclusion_file("services")
