"""Publish the live French venues in the national schema, as CSV or JSON.

The CSV follows the standard's format rules: UTF-8, comma-separated, the 32 columns in the
schema's order with their exact names. The JSON is a list of objects with the same keys and the
same (string) values, for consumers that prefer it. Both come from one query per table
(venues, their service levels, the mapping and the items), whatever the number of venues.

The standard has no column for levels: a venue's national services say what it offers, not how
well. The levels of its detailed services are in the API (``/api/v2/lieux/``,
``services[].items[].level``).
"""

import csv
import io
import json
from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Locale, Site

from guide.models import VenuePage
from portal.models import PortalSettings

from .mapping import ServiceCatalogue
from .schema import COLUMN_NAMES
from .venues import venue_row


@dataclass
class ExportContext:
    source: str  # who collected the data, for venues not imported from elsewhere
    services: ServiceCatalogue


def city_name():
    """The portal's collectivity (PortalSettings), the default ``source`` of our venues."""
    site = Site.objects.filter(is_default_site=True).first()
    return PortalSettings.for_site(site).city_name if site else settings.WAGTAIL_SITE_NAME


def published_venues():
    return (
        VenuePage.objects.visible()
        .filter(locale=Locale.get_default())
        .prefetch_related("service_levels")
        .order_by("path")
    )


def export_rows(venues=None):
    context = ExportContext(source=city_name(), services=ServiceCatalogue.load())
    return [
        venue_row(venue, context) for venue in (published_venues() if venues is None else venues)
    ]


def write_csv(rows, stream):
    writer = csv.DictWriter(stream, fieldnames=COLUMN_NAMES, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def write_json(rows, stream):
    json.dump(rows, stream, ensure_ascii=False, indent=1)
    stream.write("\n")


WRITERS = {"csv": write_csv, "json": write_json}


def export_text(file_format, venues=None):
    stream = io.StringIO()
    WRITERS[file_format](export_rows(venues), stream)
    return stream.getvalue()
