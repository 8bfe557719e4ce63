"""Public open-data files: /donnees/lieux.csv and /donnees/lieux.json (no language prefix)."""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from portal.content_cache import CACHE_SECONDS, cached

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
