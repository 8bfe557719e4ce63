"""schema.org ``Event`` data of an event page, for search engines and calendar tools."""

import re

from django.utils import timezone

from portal.jsonld import SCHEMA, json_ld_script, postal_address

AMOUNT = re.compile(r"(\d+(?:[.,]\d{1,2})?)")


def schema_status(event):
    statuses = {
        event.Status.POSTPONED: "EventPostponed",
        event.Status.CANCELLED: "EventCancelled",
    }
    return statuses.get(event.status, "EventScheduled")


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
                "address": postal_address(source.address, source.postcode, source.commune),
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
        "eventStatus": SCHEMA + schema_status(event),
        "eventAttendanceMode": SCHEMA + attendance_mode(event),
        "location": locations(event),
        "offers": offer(event, page_url),
    }
    if event.end:
        data["endDate"] = moment(event.end, event.all_day)
    if event.audience:
        data["audience"] = {"@type": "Audience", "audienceType": event.audience}
    return json_ld_script(data)
