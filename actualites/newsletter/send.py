"""Sending an issue to every confirmed subscriber, exactly once, in batches.

How "exactly once" holds:

- ``start_send`` creates the issue's one ``NewsletterSend`` (a unique constraint: a second click
  or a second editor gets an error) and, in the same transaction, one pending ``Delivery`` per
  confirmed subscriber, a snapshot; the task is enqueued once that is committed.
- A worker claims a batch of pending deliveries: ``select_for_update(skip_locked=True)`` where
  the database has it (PostgreSQL), then a conditional UPDATE that only takes rows still
  unclaimed, which is what makes SQLite safe too. A claim lasts ``CLAIM_DURATION``.
- A delivery becomes "sent" by a conditional UPDATE (still pending, still ours) committed just
  before the SMTP terminator (``smtp.py``). Only one worker can win that UPDATE, whatever
  happened to claims meanwhile, so a message can never be sent twice; a pending row is never
  lost, so nobody is skipped.
- After a crash, the task result may stay "running" for ever in django-tasks-db and the dead
  worker's claims block their rows until they expire. ``resume_send`` (the admin's "Reprendre
  l'envoi" button, the ``resume_newsletter_sends`` command run before the worker starts) frees
  the claims and enqueues the task again. Freeing a live worker's claims is harmless: its
  commit fails and it drops the message, which the other worker sends.

Replies: 2xx sent; 5xx failed with the server's reason (also RCPT refusals: the synchronous
bounces); 4xx or no connection: pending again after ``RETRY_DELAY``, failed after
``MAX_ATTEMPTS``.
"""

import logging
import secrets
import smtplib
from datetime import timedelta

import psycopg
from django.conf import settings
from django.core.mail import mailers
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Min, Q
from django.tasks import task, task_backends
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..channels.email import IssueEmail
from ..models import Delivery, NewsletterIssuePage, NewsletterSend, Subscriber
from .smtp import NotCommitted, Refused, Reply, SmtpTransport, transport_for
from .subscriptions import UnsubscribeLinks
from .wire import MessageTemplate, send_commit

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
CLAIM_DURATION = timedelta(minutes=10)
RETRY_DELAY = timedelta(minutes=10)
MAX_ATTEMPTS = 3

Pending = Delivery.Status.PENDING


class AlreadySent(Exception):
    """The issue has a send already (one send per issue)."""


def recipients_count():
    return Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count()


def start_send(issue, user=None):
    """Snapshot the confirmed subscribers into deliveries and queue the sending task."""
    try:
        with transaction.atomic():
            send = NewsletterSend.objects.create(issue=issue, requested_by=user)
            subscribers = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
            Delivery.objects.bulk_create(
                (
                    Delivery(send=send, subscriber_id=pk, email=address)
                    for pk, address in subscribers.values_list("pk", "email").iterator()
                ),
                batch_size=1000,
            )
            transaction.on_commit(lambda: enqueue(send.pk))
    except IntegrityError as error:
        raise AlreadySent from error
    return send


@task(backend="newsletter")
def send_newsletter(send_id):
    """The send in the background: the database queue of django-tasks-db in production and
    development (``manage.py db_worker --backend newsletter``), the immediate backend in tests.
    Running it twice, or two at once, is safe."""
    return run_send(send_id)


def enqueue(send_id, run_after=None):
    task = send_newsletter
    if run_after is not None:
        if not task_backends[task.backend].supports_defer:
            return
        task = task.using(run_after=run_after)
    task.enqueue(send_id)


def resume_send(send):
    """Free the claims of an unfinished send and queue its task again (after a crash)."""
    if send.is_finished:
        return False
    Delivery.objects.filter(send=send, status=Pending).exclude(claim="").update(
        claim="", available_at=None
    )
    NewsletterSend.objects.filter(pk=send.pk).update(error="")
    transaction.on_commit(lambda: enqueue(send.pk))
    return True


def unfinished_sends():
    return NewsletterSend.objects.filter(
        status__in=[NewsletterSend.Status.QUEUED, NewsletterSend.Status.SENDING]
    )


def progress(send):
    """Counts of a send's deliveries by state, in one query."""
    counts = Delivery.objects.filter(send=send).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        pending=Count("pk", filter=Q(status=Pending)),
    )
    counts["percent"] = (
        int((counts["sent"] + counts["failed"]) * 100 / counts["total"]) if counts["total"] else 100
    )
    return counts


def claim_batch(send_id, token, size=BATCH_SIZE):
    """Take up to ``size`` available pending deliveries for the worker holding ``token``."""
    now = timezone.now()
    available = Delivery.objects.filter(send_id=send_id, status=Pending).filter(
        Q(available_at__isnull=True) | Q(available_at__lte=now)
    )
    with transaction.atomic():
        locked = available.order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            locked = locked.select_for_update(skip_locked=True)
        ids = list(locked.values_list("pk", flat=True)[:size])
        # Conditional: on SQLite two workers may read the same ids, only one takes each row.
        available.filter(pk__in=ids).update(claim=token, available_at=now + CLAIM_DURATION)
    return list(
        Delivery.objects.filter(send_id=send_id, status=Pending, claim=token)
        .order_by("pk")
        .values("pk", "email", "attempts", "subscriber__key", "subscriber__language")
    )


def _mine(delivery, token):
    return Delivery.objects.filter(pk=delivery["pk"], status=Pending, claim=token)


def commit_sent(delivery, token):
    """Pending and ours → sent, committed at once; False if another worker took it over."""
    return bool(_mine(delivery, token).update(**_sent_fields()))


def _sent_fields():
    return {
        "status": Delivery.Status.SENT,
        "sent_at": timezone.now(),
        "attempts": F("attempts") + 1,
        "claim": "",
        "available_at": None,
        "error": "",
    }


class SentRecorder:
    """Records a delivery as sent as close as possible to the SMTP terminator.

    On PostgreSQL the conditional UPDATE runs in an explicit transaction (the row is then
    locked: nobody else can take it), and its COMMIT is sent without waiting for the reply
    (``wire.send_commit``, which says why); the caller sends the dot at once and reads the
    COMMIT's reply afterwards (``settle``). Elsewhere, and inside an outer transaction (tests),
    it commits the ordinary way.
    """

    def __init__(self, token):
        self.token = token
        self.read_commit_reply = None

    def __call__(self, delivery):
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return commit_sent(delivery, self.token)
        with connection.cursor() as cursor:
            cursor.execute("BEGIN")
            if not _mine(delivery, self.token).update(**_sent_fields()):
                cursor.execute("ROLLBACK")
                return False
        self.read_commit_reply = send_commit(connection.connection)
        return True

    def settle(self):
        """Read the reply of a COMMIT sent by ``__call__``, before the next query."""
        read, self.read_commit_reply = self.read_commit_reply, None
        if read is None:
            return
        try:
            read()
        except psycopg.Error as error:
            logger.error("Recording a delivery as sent failed: %s", error)


def record_failure(delivery, reply, rows):
    """5xx, or too many attempts: failed with the reason; 4xx: pending again, later."""
    reason = f"{reply.code or ''} {reply.text}".strip()[:1000]
    attempts = delivery["attempts"] + 1
    if reply.temporary and attempts < MAX_ATTEMPTS:
        rows.update(
            status=Pending,
            attempts=attempts,
            claim="",
            available_at=timezone.now() + RETRY_DELAY,
            error=reason,
        )
    else:
        rows.update(status=Delivery.Status.FAILED, attempts=attempts, claim="", error=reason)


class IssueSender:
    """Renders the issue once per language and hands each delivery to the mail backend."""

    def __init__(self, send, token):
        self.send = send
        self.token = token
        self.record_sent = SentRecorder(token)
        self.emails = {}
        self.templates = {}
        self.links = UnsubscribeLinks()
        self.domain = DNS_NAME.get_fqdn()

    def email_for(self, language):
        if language not in self.emails:
            issue = self.send.issue
            translated = (
                NewsletterIssuePage.objects.visible()
                .filter(translation_key=issue.translation_key, locale__language_code=language)
                .first()
            )
            with translation.override(language if translated else settings.LANGUAGE_CODE):
                self.emails[language] = IssueEmail(translated or issue)
        return self.emails[language]

    def template_for(self, language):
        if language not in self.templates:
            self.templates[language] = MessageTemplate(self.email_for(language))
        return self.templates[language]

    def transmit(self, transport, delivery, commit):
        """Hand one delivery to ``transport``, from the language's template when possible."""
        language = delivery["subscriber__language"] or settings.LANGUAGE_CODE
        url = self.links(delivery["subscriber__key"], language)
        # Asynchronous bounces quote it: it names the send and the delivery.
        message_id = f"<lettre.{self.send.pk}.{delivery['pk']}@{self.domain}>"
        address = delivery["email"]
        if isinstance(transport, SmtpTransport):
            template = self.template_for(language)
            if data := template.render(address, url, message_id):
                return transport.transmit_bytes(template.from_email, [address], data, commit)
        message = self.email_for(language).message(address, url)
        message.extra_headers["Message-ID"] = message_id
        return transport.transmit(message, commit)

    def transmit_and_settle(self, transport, delivery):
        """``transmit``, the delivery recorded as sent just before the dot, then settled."""
        try:
            return self.transmit(transport, delivery, lambda: self.record_sent(delivery))
        finally:
            self.record_sent.settle()

    def send_batch(self, deliveries):
        """One connection for the batch; a broken connection is reopened for the next one."""
        with transport_for(mailers.default) as transport:
            for delivery in deliveries:
                self.deliver(transport, delivery)

    def deliver(self, transport, delivery):
        if not delivery["subscriber__key"]:  # unsubscribed meanwhile: its row is gone
            return
        rows = _mine(delivery, self.token)
        try:
            reply = self.transmit_and_settle(transport, delivery)
        except NotCommitted:
            return
        except Refused as refusal:
            record_failure(delivery, refusal.reply, rows)
            return
        except ValueError as error:  # an address the SMTP envelope cannot carry
            record_failure(delivery, Reply(553, str(error)), rows)
            return
        except (OSError, smtplib.SMTPException) as error:
            record_failure(delivery, Reply(None, f"{type(error).__name__}: {error}"), rows)
            return
        if reply.code is None:
            Delivery.objects.filter(pk=delivery["pk"]).update(
                error=_("Envoyé, mais le serveur n'a pas confirmé la réception (%(error)s).")
                % {"error": reply.text[:500]}
            )
        elif not reply.accepted:
            sent = Delivery.objects.filter(pk=delivery["pk"], status=Delivery.Status.SENT)
            record_failure(delivery, reply, sent)


def run_send(send_id):
    """Send the pending deliveries of ``send_id`` until none is left to this worker."""
    send = NewsletterSend.objects.select_related("issue").filter(pk=send_id).first()
    if send is None or send.is_finished:
        return "nothing"
    NewsletterSend.objects.filter(pk=send_id, started_at__isnull=True).update(
        started_at=timezone.now()
    )
    NewsletterSend.objects.filter(pk=send_id, status=NewsletterSend.Status.QUEUED).update(
        status=NewsletterSend.Status.SENDING
    )
    token = secrets.token_hex(16)
    sender = IssueSender(send, token)
    try:
        while batch := claim_batch(send_id, token):
            sender.send_batch(batch)
    except Exception as error:
        logger.exception("Sending newsletter send %s stopped", send_id)
        Delivery.objects.filter(send_id=send_id, status=Pending, claim=token).update(
            claim="", available_at=None
        )
        NewsletterSend.objects.filter(pk=send_id).update(
            error=_("L'envoi s'est interrompu (%(error)s). Reprenez-le.")
            % {"error": f"{type(error).__name__}: {error}"[:500]}
        )
        raise
    return finish(send_id)


def finish(send_id):
    """Done when nothing is pending; otherwise come back when the next delivery is due."""
    left = Delivery.objects.filter(send_id=send_id, status=Pending).aggregate(
        count=Count("pk"), due=Min("available_at")
    )
    if left["count"]:
        enqueue(send_id, run_after=left["due"] or timezone.now())
        return "waiting"
    NewsletterSend.objects.filter(pk=send_id).exclude(status=NewsletterSend.Status.DONE).update(
        status=NewsletterSend.Status.DONE, finished_at=timezone.now()
    )
    return "done"
