"""Two-month periods of the newsletter: January-February, March-April… November-December.

An issue covers the period starting on its ``period_start``, the first day of an odd month.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

PERIOD_START_MONTHS = (1, 3, 5, 7, 9, 11)


def period_start_of(day):
    """The first day of the two-month period ``day`` falls in."""
    return datetime.date(day.year, day.month - (day.month - 1) % 2, 1)


def shift_period(start, periods):
    """The start of the period ``periods`` periods after (or before, when negative) ``start``."""
    months = start.year * 12 + start.month - 1 + 2 * periods
    return datetime.date(months // 12, months % 12 + 1, 1)


def period_end(start):
    """The last day of the period starting on ``start``."""
    return shift_period(start, 1) - datetime.timedelta(days=1)


def period_label(start):
    """ "janvier-février 2027", month names in the active language (Django's date formats)."""
    return _("%(first)s-%(second)s %(year)s") % {
        "first": date_format(start, "F"),
        "second": date_format(period_end(start), "F"),
        "year": start.year,
    }
