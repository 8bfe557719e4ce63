"""Events as iCalendar files: one event's ``evenement.ics`` and the agenda's feed.

Times are written in Europe/Paris with its VTIMEZONE, so that a phone abroad or a calendar
set to UTC still shows the right hour; all-day events use DATE values with the exclusive end
RFC 5545 asks for.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from portal.public_address import public_root_url

PRODUCT_ID = "-//Le numérique pour tous//Agenda//FR"


def event_uid(event, hostname):
    """Stable for the life of the event: its page id does not change when it is edited."""
    return f"evenement-{event.pk}@{hostname}"


def description(event, page_url):
    lines = [event.summary, "", event.when]
    lines.append(_("Tarif : %(price)s") % {"price": event.price_label})
    if event.registration != event.Registration.NONE:
        lines.append(str(event.get_registration_display()))
    if event.registration_url:
        lines.append(_("Inscription : %(url)s") % {"url": event.registration_url})
    if event.registration_phone:
        lines.append(_("Inscription : %(phone)s") % {"phone": event.registration_phone})
    if event.online_url:
        lines.append(_("En ligne : %(url)s") % {"url": event.online_url})
    lines += ["", page_url]
    return strip_tags("\n".join(lines))


def event_component(event, request, hostname):
    page_url = event.get_full_url(request)
    component = Event()
    component.add("uid", event_uid(event, hostname))
    component.add("dtstamp", event.last_published_at or timezone.now())
    component.add("summary", event.title)
    start = timezone.localtime(event.start)
    end = timezone.localtime(event.end) if event.end else None
    if event.all_day:
        last_day = end.date() if end else start.date()
        component.add("dtstart", start.date())
        component.add("dtend", last_day + timedelta(days=1))
    else:
        component.add("dtstart", start)
        if end:
            component.add("dtend", end)
    if event.location_text:
        component.add("location", event.location_text)
    component.add("url", page_url)
    component.add("description", description(event, page_url))
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return component


def calendar_response(events, request, name, filename):
    hostname = urlsplit(public_root_url()).hostname
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event_component(event, request, hostname))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
