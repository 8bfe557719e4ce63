"""How the site writes what French readers expect to read, on pages, in e-mails and in PDFs."""

from django.utils import timezone
from django.utils.translation import gettext as _


def clock(moment):
    """A time of day on the 24-hour clock, in local time: "9 h", "13 h 30" in French."""
    return time_of_day(timezone.localtime(moment))


def time_of_day(moment):
    """A ``time`` (or a local ``datetime``) as ``clock`` writes it, for hours without a date."""
    if moment.minute:
        # Translators: 24-hour clock as your language writes it, e.g. "%(hour)02d:%(minute)02d".
        return _("%(hour)d h %(minute)02d") % {"hour": moment.hour, "minute": moment.minute}
    # Translators: a time on the hour, 24-hour clock, e.g. "%(hour)02d:00".
    return _("%(hour)d h") % {"hour": moment.hour}
