"""schema.org ``Event`` data of an event page, for search engines and calendar tools."""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models.events import EventPage

SCHEMA = "https://schema.org/"
STATUS = {
    EventPage.Status.SCHEDULED: "EventScheduled",
    EventPage.Status.POSTPONED: "EventPostponed",
    EventPage.Status.CANCELLED: "EventCancelled",
}
# The characters that could close the <script> element or open a comment, as Django's
# json_script escapes them; JSON readers decode them back.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
AMOUNT = re.compile(r"(\d+(?:[.,]\d{1,2})?)")


def attendance_mode(event):
    if event.is_in_person and event.is_online:
        return "MixedEventAttendanceMode"
    return "OnlineEventAttendanceMode" if event.is_online else "OfflineEventAttendanceMode"


def moment(value, all_day):
    local = timezone.localtime(value)
    return local.date().isoformat() if all_day else local.isoformat()


def locations(event):
    found = []
    if event.is_in_person:
        source = event.venue if event.venue_id else event
        found.append(
            {
                "@type": "Place",
                "name": event.place_name_shown or source.address,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": source.address,
                    "postalCode": source.postcode,
                    "addressLocality": source.commune,
                    "addressCountry": "FR",
                },
            }
        )
    if event.is_online:
        found.append({"@type": "VirtualLocation", "url": event.online_url})
    return found


def offer(event, page_url):
    """Free when no price is given; otherwise the first amount the price mentions, in euros."""
    amount = AMOUNT.search(event.price) if event.price else None
    data = {"@type": "Offer", "priceCurrency": "EUR", "url": event.registration_url or page_url}
    if not event.price:
        data["price"] = "0"
    elif amount:
        data["price"] = amount[1].replace(",", ".")
    data["description"] = str(event.price_label)
    return data


def event_jsonld(event, request):
    """The ``<script type="application/ld+json">`` element describing the event."""
    page_url = event.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": page_url,
        "startDate": moment(event.start, event.all_day),
        "eventStatus": SCHEMA + STATUS.get(event.status, "EventScheduled"),
        "eventAttendanceMode": SCHEMA + attendance_mode(event),
        "location": locations(event),
        "offers": offer(event, page_url),
    }
    if event.end:
        data["endDate"] = moment(event.end, event.all_day)
    if event.audience:
        data["audience"] = {"@type": "Audience", "audienceType": event.audience}
    escaped = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    # Safe: every character that could end the script element is escaped just above.
    script = mark_safe(escaped)  # nosec B308, B703 # <, > and & escaped in the JSON above
    return format_html('<script type="application/ld+json">{}</script>', script)
