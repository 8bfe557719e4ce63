"""Opening hours in words, as residents read them: "13 h 30", "Ouvre demain à 9 h".

Shared by the pages (through ``templatetags/venue_tags.py``), the printed guide and the admin's
hours grid, which reads back what the editor entered.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.typography import clock, time_of_day

from .hours_grid import DAYS, DayHours


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
    """One day's hours in a line: "9 h – 12 h, 13 h 30 – 17 h", "14 h – 17 h (sur rendez-vous)"
    or "fermé (Noël)"."""
    if day.is_closed:
        closed = _("fermé")
        return f"{closed} ({day.comment})" if day.comment else closed
    hours = ", ".join(f"{clock(i.start)} – {clock(i.end)}" for i in day.intervals)
    return f"{hours} ({day.comment})" if day.comment else hours


WEEKDAY_NAMES = {
    "Mo": gettext_lazy("lundi"),
    "Tu": gettext_lazy("mardi"),
    "We": gettext_lazy("mercredi"),
    "Th": gettext_lazy("jeudi"),
    "Fr": gettext_lazy("vendredi"),
    "Sa": gettext_lazy("samedi"),
    "Su": gettext_lazy("dimanche"),
}


def _day_hours_text(hours):
    if hours.is_closed:
        return _("fermé")
    if not hours.spans:
        return _("sur rendez-vous")
    spans = ", ".join(f"{time_of_day(start)} – {time_of_day(end)}" for start, end in hours.spans)
    return _("%(hours)s, sur rendez-vous") % {"hours": spans} if hours.by_appointment else spans


def week_reading(week):
    """A grid's week in words, days with the same hours together, in the order of the first:
    ["Lundi, mardi, jeudi, vendredi : 8 h 30 – 12 h", "Mercredi, samedi, dimanche : fermé"].

    Empty when every day is closed: such hours say nothing, the pages call them unknown.
    """
    if all(hours.is_closed for hours in week.values()):
        return []
    days_by_hours = {}
    for day in DAYS:
        days_by_hours.setdefault(week.get(day, DayHours()), []).append(day)
    return [
        # Translators: days, then their hours: "Lundi, mardi : 9 h – 12 h".
        _("%(days)s : %(hours)s")
        % {
            "days": capfirst(", ".join(str(WEEKDAY_NAMES[day]) for day in days)),
            "hours": _day_hours_text(hours),
        }
        for hours, days in days_by_hours.items()
    ]
