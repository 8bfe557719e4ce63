"""The monthly reminder: each stale venue's contact gets two links, "nothing changed" or
"propose changes", usable without an account.

Who: live venues of the source language whose data is at least ``older_than_months`` old (12 by
default: a score of 0.67 or less, see score.py), with an e-mail address, and not reminded in
the last ``REMIND_AGAIN_AFTER``.

At most once. A reminder is recorded, and committed, before its e-mail is handed to the mail
server, in a transaction that locks the venue's row and checks again that nobody reminded it
meanwhile: a run started again after a crash, or two runs at once, never write twice to a venue.
A crash between that commit and the sending loses one reminder, which next month's run sends; a
message the server refuses has its record deleted, so the next run tries again. A missed nudge
costs a month, a duplicate the goodwill of a small venue's volunteers.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from guide.models import VenuePage
from portal.mail import sender, signature_context
from portal.public_address import public_root_url
from portal.typography import one_line

from .links import LINK_VALIDITY_SECONDS, verification_links
from .models import VenueReminder
from .status import Freshness, older_than, with_reference_date

logger = logging.getLogger(__name__)

DEFAULT_OLDER_THAN_MONTHS = 12
# Four weeks less a day, not 30 days: a run on the 1st of each month must send again on
# 1 March, 28 days after 1 February, while a run started again the same day sends nothing.
REMIND_AGAIN_AFTER = timedelta(days=27)


@dataclass
class ReminderRun:
    dry_run: bool = False
    sent: list = field(default_factory=list)
    without_email: list = field(default_factory=list)
    already_reminded: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    def summary(self):
        sent = _("Relances à envoyer") if self.dry_run else _("Relances envoyées")
        return _(
            "%(sent_label)s : %(sent)d. Sans adresse e-mail : %(without_email)d. "
            "Déjà relancés depuis moins de %(days)d jours : %(already)d. Échecs : %(failed)d."
        ) % {
            "sent_label": sent,
            "sent": len(self.sent),
            "without_email": len(self.without_email),
            "days": REMIND_AGAIN_AFTER.days,
            "already": len(self.already_reminded),
            "failed": len(self.failed),
        }


def stale_venues(today, older_than_months):
    """Live venues of the source language whose data is at least that old, oldest first."""
    venues = VenuePage.objects.live().filter(locale=Locale.get_default())
    return (
        with_reference_date(venues)
        .filter(older_than(older_than_months, today))
        .order_by("reference_date", "pk")
    )


def _claim(venue, now):
    """Record the reminder, committed, unless another run recorded one meanwhile."""
    with transaction.atomic():
        list(Page.objects.select_for_update().filter(pk=venue.pk).values_list("pk"))
        if VenueReminder.objects.filter(venue=venue, sent_at__gt=now - REMIND_AGAIN_AFTER).exists():
            return None
        return VenueReminder.objects.create(
            venue=venue, sent_at=now, email=", ".join(venue.email_list)
        )


class ReminderEmail:
    """The message to one venue; the city's identity and address are looked up once per run."""

    def __init__(self, today):
        self.today = today
        self.root_url = public_root_url()
        self.signature = signature_context()
        self.from_email = sender(self.signature["identity"])

    def message(self, venue):
        confirm_url, change_url = verification_links(venue, self.root_url)
        context = {
            "venue": venue,
            "venue_url": venue.get_full_url(),
            "freshness": Freshness.of(venue.verified_on, venue.first_published_at, self.today),
            "confirm_url": confirm_url,
            "change_url": change_url,
            "days": LINK_VALIDITY_SECONDS // (24 * 3600),
            **self.signature,
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("freshness/reminder_subject.txt", context)
            text = render_to_string("freshness/reminder_email.txt", context)
            html = render_to_string("freshness/reminder_email.html", context)
        message = EmailMultiAlternatives(
            subject=one_line(subject),
            body=text,
            from_email=self.from_email,
            to=venue.email_list,
        )
        message.attach_alternative(html, "text/html")
        return message


def remind_stale_venues(*, older_than_months=DEFAULT_OLDER_THAN_MONTHS, dry_run=False, now=None):
    """Send this month's reminders (none with ``dry_run``); return what was done, by venue."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    run = ReminderRun(dry_run=dry_run)
    recently_reminded = set(
        VenueReminder.objects.filter(sent_at__gt=now - REMIND_AGAIN_AFTER).values_list(
            "venue_id", flat=True
        )
    )
    due = []
    for venue in stale_venues(today, older_than_months):
        if not venue.email_list:
            run.without_email.append(venue)
        elif venue.pk in recently_reminded:
            run.already_reminded.append(venue)
        else:
            due.append(venue)
    if dry_run:
        run.sent = due
        return run
    email = ReminderEmail(today)
    mailer = mailers.default
    with mailer:  # one connection for the run
        for venue in due:
            _remind(venue, email, mailer, now, run)
    return run


def _remind(venue, email, mailer, now, run):
    reminder = _claim(venue, now)
    if reminder is None:
        run.already_reminded.append(venue)
        return
    try:
        mailer.send_messages([email.message(venue)])
    except (SMTPException, OSError) as error:
        logger.warning("Freshness reminder to venue %s failed: %s", venue.pk, error)
        reminder.delete()
        run.failed.append((venue, error))
        return
    run.sent.append(venue)
