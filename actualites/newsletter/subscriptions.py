"""Subscribing (double opt-in), confirming and unsubscribing, outside any view.

Links name the subscriber's random ``key``, signed with the project's secret: a link works for
one address only, cannot be forged or edited into another one's, and stops working once the row
is gone. Confirmation links expire (``CONFIRMATION_MAX_AGE``); unsubscribe links never do, since
an e-mail can be read months later.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.mail import sender, signature_context
from portal.public_address import absolute_url
from portal.typography import one_line

from ..models import Subscriber

CONFIRMATION_MAX_AGE = timedelta(days=7)
# At most one confirmation e-mail per address in this time, whatever is submitted.
CONFIRMATION_MAIL_INTERVAL = timedelta(minutes=5)

_confirm_signer = signing.TimestampSigner(salt="actualites.subscriptions.confirm")
_unsubscribe_signer = signing.Signer(salt="actualites.subscriptions.unsubscribe")


def normalize_email(address):
    """Addresses are compared and stored lower-case: one person, one row."""
    return address.strip().lower()


def _localized_path(view_name, token, language):
    with translation.override(language or settings.LANGUAGE_CODE):
        return reverse(view_name, args=[token])


def confirm_url(subscriber):
    token = _confirm_signer.sign(subscriber.key)
    return absolute_url(_localized_path("actualites:confirm", token, subscriber.language))


class UnsubscribeLinks:
    """Unsubscribe URLs for many subscribers: the site and the path are looked up once."""

    _TOKEN = "TOKEN"  # nosec B105 # a placeholder in a URL template, not a secret

    def __init__(self):
        self.templates = {}

    def __call__(self, key, language):
        if language not in self.templates:
            path = _localized_path("actualites:unsubscribe", self._TOKEN, language)
            self.templates[language] = absolute_url(path)
        return self.templates[language].replace(self._TOKEN, _unsubscribe_signer.sign(key))


def unsubscribe_url(subscriber):
    return UnsubscribeLinks()(subscriber.key, subscriber.language)


class ExpiredLink(Exception):
    pass


class InvalidLink(Exception):
    pass


def key_from_confirm_token(token):
    try:
        return _confirm_signer.unsign(token, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except signing.BadSignature as error:
        raise InvalidLink from error


def key_from_unsubscribe_token(token):
    try:
        return _unsubscribe_signer.unsign(token)
    except signing.BadSignature as error:
        raise InvalidLink from error


def send_confirmation(subscriber):
    """Send the confirmation e-mail, unless one went to this address a moment ago.

    The throttle lives in the cache (``cache.add`` is atomic), keyed by a hash of the address so
    that no address is written there in clear.
    """
    digest = hashlib.sha256(subscriber.email.encode()).hexdigest()
    if not cache.add(
        f"actualites:confirmation-mail:{digest}",
        True,
        CONFIRMATION_MAIL_INTERVAL.total_seconds(),
    ):
        return False
    with translation.override(subscriber.language or settings.LANGUAGE_CODE):
        context = {
            "confirm_url": confirm_url(subscriber),
            "days": CONFIRMATION_MAX_AGE.days,
            "site_name": settings.WAGTAIL_SITE_NAME,
            **signature_context(),
        }
        subject = render_to_string("actualites/subscriptions/confirm_subject.txt", context)
        body = render_to_string("actualites/subscriptions/confirm_email.txt", context)
    EmailMessage(
        subject=one_line(subject),
        body=body,
        from_email=sender(context["identity"]),
        to=[subscriber.email],
    ).send()
    return True


def subscribe(email, language):
    """Record a pending subscription and send the confirmation e-mail when it is due.

    What happens is never told to the visitor (same message in every case): the form must not
    reveal whether an address is already subscribed. A confirmed address gets nothing.
    """
    email = normalize_email(email)
    try:
        with transaction.atomic():
            subscriber, _created = Subscriber.objects.get_or_create(
                email=email, defaults={"language": language}
            )
    except IntegrityError:  # the same address submitted twice at once
        subscriber = Subscriber.objects.get(email=email)
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return
    if subscriber.language != language:
        Subscriber.objects.filter(pk=subscriber.pk).update(language=language)
        subscriber.language = language
    send_confirmation(subscriber)


def confirm(key):
    """Confirm the subscriber holding ``key``; returns it, or None if it is gone."""
    now = timezone.now()
    Subscriber.objects.filter(key=key, status=Subscriber.Status.PENDING).update(
        status=Subscriber.Status.CONFIRMED, consent_at=now
    )
    return Subscriber.objects.filter(key=key).first()


def unsubscribe(key):
    """Forget the subscriber holding ``key``; returns whether there was one.

    The row is deleted; so are the address in past deliveries and the deliveries not sent yet
    (``models.subscribers.forget_deliveries``).
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(key=key).first()
        if subscriber is None:
            return False
        subscriber.delete()
    return True
