"""Opening hours in words, as residents read them: "13 h 30", "Ouvre demain à 9 h".

Shared by the pages (through ``templatetags/venue_tags.py``) and the printed guide.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.typography import clock


def _when(moment, now):
    days_ahead = (timezone.localdate(moment) - timezone.localdate(now)).days
    if days_ahead == 0:
        return _("à %(time)s") % {"time": clock(moment)}
    if days_ahead == 1:
        return _("demain à %(time)s") % {"time": clock(moment)}
    if days_ahead < 7:
        return _("%(day)s à %(time)s") % {
            "day": date_format(timezone.localtime(moment), "l"),
            "time": clock(moment),
        }
    return _("le %(date)s à %(time)s") % {
        "date": date_format(timezone.localtime(moment), "j F"),
        "time": clock(moment),
    }


def next_change(state, now):
    """ "Ouvre lundi à 9 h", "Ferme à 12 h"; empty when nothing is planned."""
    if not state.is_known or not state.next_change:
        return ""
    when = _when(state.next_change, now)
    if state.is_open:
        return _("Ferme %(when)s") % {"when": when}
    return _("Ouvre %(when)s") % {"when": when}


def day_hours(day):
    """One day's hours in a line: "9 h – 12 h, 13 h 30 – 17 h" or "fermé (Noël)"."""
    if day.is_closed:
        closed = _("fermé")
        return f"{closed} ({day.comment})" if day.comment else closed
    return ", ".join(f"{clock(i.start)} – {clock(i.end)}" for i in day.intervals)
