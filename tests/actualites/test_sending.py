"""Sending an issue: test send, real send in batches, exactly once across crashes and workers."""

import socket
from email import message_from_bytes, policy

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.utils.html import escape

from actualites.models import Delivery, NewsletterSend, Subscriber
from actualites.newsletter import send as sending
from actualites.newsletter.smtp import transport_for
from actualites.newsletter.subscriptions import unsubscribe_url
from tests.actualites.send_fixtures import make_issue, make_subscribers

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(home_page):
    return make_issue(number=4)


def start(issue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return sending.start_send(issue)


def test_real_send_reaches_each_confirmed_subscriber_once(
    issue, django_capture_on_commit_callbacks
):
    make_subscribers(7)
    make_subscribers(2, status=Subscriber.Status.PENDING, start=100)
    send = start(issue, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"abonne{n}@example.org" for n in range(7)
    )
    send.refresh_from_db()
    assert send.status == NewsletterSend.Status.DONE and send.finished_at
    assert send.deliveries.count() == 7
    assert set(send.deliveries.values_list("status", flat=True)) == {"envoye"}
    first = mail.outbox[0]
    assert first.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    links = {m.extra_headers["List-Unsubscribe"] for m in mail.outbox}
    assert len(links) == 7  # each recipient's own link
    assert first.extra_headers["Message-ID"].startswith(f"<lettre.{send.pk}.")


def test_a_second_click_does_not_start_a_second_send(issue, django_capture_on_commit_callbacks):
    make_subscribers(3)
    start(issue, django_capture_on_commit_callbacks)
    with pytest.raises(sending.AlreadySent):
        start(issue, django_capture_on_commit_callbacks)
    assert NewsletterSend.objects.count() == 1
    assert len(mail.outbox) == 3


def test_resume_after_a_crash_sends_only_to_those_not_yet_sent(
    issue, django_capture_on_commit_callbacks
):
    make_subscribers(10)
    with django_capture_on_commit_callbacks(execute=False):  # the worker never ran the task
        send = sending.start_send(issue)
    # The crashed worker had sent three, and held a claim on the next batch.
    deliveries = list(send.deliveries.order_by("pk"))
    already = {d.email for d in deliveries[:3]}
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries[:3]]).update(status="envoye")
    assert sending.claim_batch(send.pk, "dead-worker", size=4)

    with django_capture_on_commit_callbacks(execute=True):
        assert sending.resume_send(send)

    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 7
    assert not already & set(recipients)
    assert send.deliveries.filter(status="envoye").count() == 10
    send.refresh_from_db()
    assert send.status == NewsletterSend.Status.DONE


def test_a_worker_whose_claim_was_taken_over_sends_nothing(issue):
    make_subscribers(4)
    send = sending.start_send(issue)
    slow = sending.claim_batch(send.pk, "slow-worker")
    assert len(slow) == 4
    assert sending.claim_batch(send.pk, "other-worker") == []  # claims keep workers apart
    sending.resume_send(send)  # the editor thought the slow worker was dead
    sending.run_send(send.pk)
    assert len(mail.outbox) == 4

    sending.IssueSender(send, "slow-worker").send_batch(slow)  # it wakes up
    assert len(mail.outbox) == 4


def test_an_unsubscribed_recipient_is_not_sent_to(issue, client):
    from actualites.newsletter.subscriptions import unsubscribe_url

    leaving, *_others = make_subscribers(3)
    send = sending.start_send(issue)
    client.post(unsubscribe_url(leaving).removeprefix("http://testserver"))
    sending.run_send(send.pk)
    assert sorted(m.to[0] for m in mail.outbox) == ["abonne1@example.org", "abonne2@example.org"]


def test_test_send_goes_to_one_address_only(issue, editor_client):
    make_subscribers(3)
    url = f"/admin/lettre-envois/test/{issue.pk}/"
    response = editor_client.post(url, {"email": "relecture@example.org"}, follow=True)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["relecture@example.org"]
    assert "relecture@example.org" in response.text
    assert not NewsletterSend.objects.exists()


class RecordingHandler:
    """An SMTP server that refuses one address, defers another, and records what it accepts."""

    def __init__(self):
        self.accepted = []
        self.messages = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == "inconnu@example.org":
            return "550 5.1.1 Boite aux lettres inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if envelope.rcpt_tos == ["plus-tard@example.org"]:
            return "451 4.3.0 Reessayez plus tard"
        self.accepted.extend(envelope.rcpt_tos)
        for address in envelope.rcpt_tos:
            self.messages[address] = message_from_bytes(envelope.content, policy=policy.default)
        return "250 Message accepted"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    yield handler
    controller.stop()


def test_smtp_refusals_are_recorded_with_the_reason(issue, smtp_server):
    make_subscribers(3)
    for address in ("inconnu@example.org", "plus-tard@example.org"):
        Subscriber.objects.create(email=address, status=Subscriber.Status.CONFIRMED)
    send = sending.start_send(issue)
    sending.run_send(send.pk)

    assert sorted(smtp_server.accepted) == [f"abonne{n}@example.org" for n in range(3)]
    received = smtp_server.messages["abonne1@example.org"]
    subscriber = Subscriber.objects.get(email="abonne1@example.org")
    link = unsubscribe_url(subscriber)
    assert received["To"] == "abonne1@example.org"
    assert received["List-Unsubscribe"].startswith(f"<{link}>, <mailto:")
    assert link in received.get_body(("plain",)).get_content()
    assert link in received.get_body(("html",)).get_content()
    delivery = send.deliveries.get(email="abonne1@example.org")
    assert received["Message-ID"].startswith(f"<lettre.{send.pk}.{delivery.pk}@")
    refused = send.deliveries.get(email="inconnu@example.org")
    assert refused.status == Delivery.Status.FAILED
    assert refused.error == "550 5.1.1 Boite aux lettres inconnue"
    deferred = send.deliveries.get(email="plus-tard@example.org")
    assert (deferred.status, deferred.attempts) == (Delivery.Status.PENDING, 1)
    assert deferred.error == "451 4.3.0 Reessayez plus tard"
    assert deferred.available_at is not None
    send.refresh_from_db()
    assert send.status == NewsletterSend.Status.SENDING  # waits for the retry


def test_delivery_is_committed_before_the_server_accepts_the_message(issue, smtp_server):
    from django.core.mail import EmailMessage, mailers

    seen_at_commit = []

    def commit():
        seen_at_commit.append(list(smtp_server.accepted))
        return True

    with transport_for(mailers.default) as transport:
        reply = transport.transmit(EmailMessage("Objet", "Corps", to=["a@example.org"]), commit)
    assert reply.accepted
    assert seen_at_commit == [[]]  # the server had not accepted it when "sent" was committed
    assert smtp_server.accepted == ["a@example.org"]


def test_a_declined_commit_leaves_the_server_without_message(issue, smtp_server):
    from django.core.mail import EmailMessage, mailers

    from actualites.newsletter.smtp import NotCommitted

    with transport_for(mailers.default) as transport:
        with pytest.raises(NotCommitted):
            transport.transmit(EmailMessage("Objet", "Corps", to=["a@example.org"]), lambda: False)
        reply = transport.transmit(
            EmailMessage("Objet", "Corps", to=["b@example.org"]), lambda: True
        )
    assert reply.accepted
    assert smtp_server.accepted == ["b@example.org"]


@pytest.mark.django_db(transaction=True)
def test_a_worker_outside_any_transaction_sends_to_each_subscriber_once(issue, smtp_server):
    """As in production: on PostgreSQL each COMMIT is sent unawaited just before the dot."""
    make_subscribers(3)
    plain = Subscriber.objects.create(email="a&b@example.org", status=Subscriber.Status.CONFIRMED)
    send = sending.start_send(issue)  # the task runs once this is committed

    assert sorted(smtp_server.accepted) == sorted(
        [plain.email] + [f"abonne{n}@example.org" for n in range(3)]
    )
    assert send.deliveries.filter(status=Delivery.Status.SENT).count() == 4
    received = smtp_server.messages[plain.email]  # not from the template: "&" is escaped in HTML
    assert received["To"] == plain.email
    assert escape(unsubscribe_url(plain)) in received.get_body(("html",)).get_content()
    send.refresh_from_db()
    assert send.status == NewsletterSend.Status.DONE
    if connection.vendor == "postgresql":
        assert connection.connection.info.pipeline_status == psycopg.pq.PipelineStatus.OFF
