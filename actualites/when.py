"""When an event takes place, written as a French reader expects it.

"du 3 au 5 mars 2027", "mardi 14 janvier 2027, 14 h – 16 h 30", "toute la journée": the event
page, the cards, the calendar file's description and the newsletter all say it the same way.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.typography import clock


def day_span(first, last):
    """Two dates without repeating what they share: du 3 au 5 mars 2027."""
    if first.year != last.year:
        start = date_format(first, "j F Y")
    elif first.month != last.month:
        start = date_format(first, "j F")
    else:
        start = date_format(first, "j")
    return _("du %(start)s au %(end)s") % {"start": start, "end": date_format(last, "j F Y")}


def describe_when(start, end=None, all_day=False):
    """The dates and times of an event, in the current language and the site's time zone."""
    start = timezone.localtime(start)
    end = timezone.localtime(end) if end else None
    if all_day:
        last_day = end.date() if end else start.date()
        if last_day == start.date():
            return _("%(day)s, toute la journée") % {"day": date_format(start, "l j F Y")}
        return day_span(start.date(), last_day)
    if end is None:
        return f"{date_format(start, 'l j F Y')}, {clock(start)}"
    if end.date() == start.date():
        return f"{date_format(start, 'l j F Y')}, {clock(start)} – {clock(end)}"
    return _("du %(start)s au %(end)s") % {
        "start": f"{date_format(start, 'l j F Y')}, {clock(start)}",
        "end": f"{date_format(end, 'l j F Y')}, {clock(end)}",
    }
