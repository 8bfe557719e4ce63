"""How the site writes what French readers expect to read, on pages, in e-mails and in PDFs.

``typo`` is the one place where non-breaking spaces are decided; the ``typo`` template filter
(``portal/templatetags/typography.py``) applies it to what templates print.
"""

import re
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"

_SPACES = "[ \u00a0\u202f]+"
_RULES = [
    # Before ; ! ? a narrow no-break space; before : and », after «, a word-wide one.
    (re.compile(rf"{_SPACES}(?=[;!?])"), NARROW_NBSP),
    (re.compile(rf"{_SPACES}(?=[:»])"), NBSP),
    (re.compile(rf"(?<=«){_SPACES}"), NBSP),
    # A number stays with what follows it: groups of a phone number or of thousands
    # ("03 87 12 34 56", "2 000"), a unit or a noun ("5 km", "280 caractères", "3 lieux", "10 €"),
    # the "h" of a time ("18 h").
    (re.compile(rf"(?<=\d){_SPACES}(?=[\w€%$£])"), NBSP),
    # ... and the minutes stay with the hour: "13 h 30".
    (re.compile(rf"(?<=\d{NBSP}h){_SPACES}(?=\d\d\b)"), NBSP),
]


_ORDINARY_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


def one_line(text):
    """``text`` on one line, each run of ordinary white space made one space (a template laid on
    several lines, for a <title> or an e-mail subject). Unlike ``" ".join(text.split())``, which
    takes them for white space, the non-breaking spaces stay where they hold "Erreur : …"."""
    return _ORDINARY_WHITESPACE.sub(" ", text).strip(" ")


def typo(text):
    """``text`` with the non-breaking spaces of French typography, so no line starts with
    "?", ":", "»", "30" (of "13 h 30") or "km".

    The convention is the Imprimerie nationale's (Lexique des règles typographiques), the one
    French public services follow: a narrow no-break space (U+202F) before ; ! ?, a word-wide
    no-break space (U+00A0) before : and inside « », as the translations in ``locale/`` already
    write before ":" — a narrow space there would look like a typo next to them.

    Only spaces already typed become non-breaking; none is added. So text in another language
    is safe ("Note: …" stays as written), and so are addresses, e-mails and times without
    spaces ("https://…", "09:30", "?page=2"). Applying it twice changes nothing.
    """
    text = str(text)
    for pattern, space in _RULES:
        text = pattern.sub(space, text)
    return text


def clock(moment):
    """A time of day on the 24-hour clock, in local time: "9 h", "13 h 30" in French."""
    return time_of_day(timezone.localtime(moment))


def time_of_day(moment):
    """A ``time`` (or a local ``datetime``) as ``clock`` writes it, for hours without a date.

    Its spaces are non-breaking in every language: a time is one word to the reader.
    """
    return _time_text(moment.hour, moment.minute, get_language())


@lru_cache(maxsize=4096)
def _time_text(hour, minute, _language):
    """Written once per time and language: a list of places writes the same few times dozens
    of times, and each was a translation lookup."""
    if minute:
        # Translators: 24-hour clock as your language writes it, e.g. "%(hour)02d:%(minute)02d".
        text = _("%(hour)d h %(minute)02d") % {"hour": hour, "minute": minute}
    else:
        # Translators: a time on the hour, 24-hour clock, e.g. "%(hour)02d:00".
        text = _("%(hour)d h") % {"hour": hour}
    return text.replace(" ", NBSP)
