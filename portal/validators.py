"""Rules for text that leaves the site in files and links, shared by every app.

Spreadsheets read a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (CSV formula
injection): free text is refused at entry when it starts like one, and the admin's CSV exports
neutralise what was stored before (``portal.reports.FormulaSafeExportMixin``). Links are web
addresses only: ``javascript:`` and the like never reach a page, a feed or a data file.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

FORMULA_STARTS = ("=", "+", "-", "@")
# A spreadsheet also starts a formula after a tab or a carriage return (OWASP).
CELL_FORMULA_STARTS = (*FORMULA_STARTS, "\t", "\r")
# "+33 3 87 00 00 00": digits and separators only, nothing a spreadsheet could run.
INTERNATIONAL_PHONE = re.compile(r"^\+\d[\d .\-()]*$")
WEB_SCHEMES = ["http", "https"]


def starts_like_formula(text):
    return text.lstrip()[:1] in FORMULA_STARTS


def validate_no_formula(value):
    if starts_like_formula(value or ""):
        raise ValidationError(
            _(
                "Un texte ne peut pas commencer par =, +, - ou @ : ces caractères sont lus "
                "comme une formule par les tableurs."
            ),
            code="formula",
        )


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def spreadsheet_safe(text):
    """The text as a CSV cell no spreadsheet runs: a quote before a formula's first character.

    Numbers ("-3") and phone numbers in international format ("+33 3 87 00 00 00") stay as
    they are: they hold nothing to run.
    """
    if (
        text.startswith(CELL_FORMULA_STARTS)
        and not _is_number(text)
        and not INTERNATIONAL_PHONE.match(text)
    ):
        return f"'{text}"
    return text


class WebURLValidator(URLValidator):
    """An http(s) address. Its own class, and its own code: forms built from model fields copy
    only the validators of another type than the form field's, and a form field replaces the
    message of its own codes (URLField's "invalid")."""

    schemes = WEB_SCHEMES
    message = _("Indiquez une adresse web complète qui commence par http:// ou https://.")
    code = "web_url"


validate_web_url = WebURLValidator()


def is_web_url(value):
    try:
        validate_web_url(value)
    except ValidationError:
        return False
    return True
