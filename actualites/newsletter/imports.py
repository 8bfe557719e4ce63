"""Importing subscribers from a CSV file: every good line kept, every bad one reported.

Accepted: a header row with a column ``email`` (or ``e-mail``, ``courriel``, ``adresse``) and,
optionally, ``langue`` (or ``language``); or no header, one address per line. Separators ``,``
``;`` or tab. An address already known (subscribed, pending, or earlier in the file) is skipped
and counted, never changed. Imported addresses are confirmed at once only when the editor states
that these people already gave their consent (the consent date is then the import's); otherwise
they are pending and each receives the confirmation e-mail, as if they had used the form.
"""

import csv
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Subscriber
from .subscriptions import normalize_email, send_confirmation

EMAIL_COLUMNS = {"email", "e-mail", "courriel", "adresse", "mail"}
LANGUAGE_COLUMNS = {"langue", "language", "lang"}


@dataclass
class ImportReport:
    created: int = 0
    duplicates: int = 0
    confirmations_sent: int = 0
    errors: list = field(default_factory=list)  # (line number, reason)


def _rows(text):
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(text.splitlines(), dialect)


def _columns(first_row):
    """Positions of the e-mail and language columns, or None when there is no header."""
    names = [cell.strip().lower() for cell in first_row]
    email = next((i for i, name in enumerate(names) if name in EMAIL_COLUMNS), None)
    if email is None:
        return None
    language = next((i for i, name in enumerate(names) if name in LANGUAGE_COLUMNS), None)
    return email, language


def parse(text):
    """``(line number, address, language)`` for good lines, and the report's errors."""
    languages = {code for code, _name in settings.LANGUAGES}
    rows = list(_rows(text))
    columns = _columns(rows[0]) if rows else None
    start = 2 if columns else 1
    email_at, language_at = columns or (0, None)
    good, errors = [], []
    for number, row in enumerate(rows[start - 1 :], start=start):
        if not any(cell.strip() for cell in row):
            continue
        address = normalize_email(row[email_at]) if len(row) > email_at else ""
        language = ""
        if language_at is not None and len(row) > language_at:
            language = row[language_at].strip().lower()
        if not address:
            errors.append((number, _("adresse manquante")))
            continue
        try:
            validate_email(address)
        except ValidationError:
            errors.append(
                (
                    number,
                    _("« %(address)s » n'est pas une adresse e-mail valide") % {"address": address},
                )
            )
            continue
        if language and language not in languages:
            errors.append(
                (
                    number,
                    _("langue « %(language)s » inconnue (choisir parmi : %(choices)s)")
                    % {"language": language, "choices": ", ".join(sorted(languages))},
                )
            )
            continue
        good.append((number, address, language or settings.LANGUAGE_CODE))
    return good, errors


def import_subscribers(text, consent_given):
    good, errors = parse(text)
    report = ImportReport(errors=errors)
    known = set(
        Subscriber.objects.filter(email__in=[address for _n, address, _l in good]).values_list(
            "email", flat=True
        )
    )
    now = timezone.now()
    new = []
    for _number, address, language in good:
        if address in known:
            report.duplicates += 1
            continue
        known.add(address)
        new.append(
            Subscriber(
                email=address,
                language=language,
                source=Subscriber.Source.IMPORT,
                status=Subscriber.Status.CONFIRMED if consent_given else Subscriber.Status.PENDING,
                consent_at=now if consent_given else None,
            )
        )
    with transaction.atomic():
        created = Subscriber.objects.bulk_create(new, ignore_conflicts=True)
    report.created = len(created)
    if not consent_given:
        for subscriber in Subscriber.objects.filter(
            email__in=[s.email for s in new], status="attente"
        ):
            report.confirmations_sent += send_confirmation(subscriber)
    return report
