"""The public subscription: double opt-in, honeypot, rate limit, unsubscribe (one-click too)."""

import html
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from actualites.models import Delivery, NewsletterSend, Subscriber
from actualites.newsletter.subscriptions import unsubscribe_url

SUBSCRIBE_URL = "/lettre/abonnement/"

pytestmark = pytest.mark.django_db


def subscribe(client, email="lea@example.org", headers=None, **extra):
    data = {"email": email, "consent": "on", "language": "fr", **extra}
    return client.post(SUBSCRIBE_URL, data, **(headers or {}))


def shown(response):
    """The page's text as read, entities decoded."""
    return html.unescape(response.text)


def link_in(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_double_opt_in_journey(client, home_page):
    page = client.get(SUBSCRIBE_URL)
    assert "J'accepte de recevoir la lettre" in shown(page)
    with time_machine.travel("2027-01-05 10:00 +01:00", tick=False):
        response = subscribe(client, "Lea@Example.org")
    assert "Vérifiez votre boîte e-mail" in shown(response)
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("lea@example.org", "attente")
    assert subscriber.consent_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lea@example.org"]
    assert "Confirmez votre abonnement" in mail.outbox[0].subject

    with time_machine.travel("2027-01-06 08:59 +01:00", tick=False):
        asked = client.get(link_in(mail.outbox[0]))  # what a mail scanner also does
    assert "Confirmer mon abonnement" in shown(asked)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    with time_machine.travel("2027-01-06 09:00 +01:00", tick=False):
        confirmed = client.post(link_in(mail.outbox[0]))
    assert confirmed.status_code == 200
    assert "Abonnement confirmé" in shown(confirmed)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.consent_at == timezone.datetime.fromisoformat("2027-01-06 09:00+01:00")


def test_expired_confirmation_link_is_refused_in_french(client, home_page):
    with time_machine.travel("2027-01-05 10:00 +01:00", tick=False):
        subscribe(client)
    with time_machine.travel("2027-01-12 10:01 +01:00", tick=False):
        response = client.post(link_in(mail.outbox[0]))
    assert response.status_code == 400
    assert "Ce lien de confirmation a expiré" in shown(response)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_confirmation_button_is_protected_against_forged_posts(client, home_page):
    from django.test import Client

    subscribe(client)
    forger = Client(enforce_csrf_checks=True)
    response = forger.post(link_in(mail.outbox[0]))
    assert response.status_code == 403
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_tampered_confirmation_link_is_refused(client, home_page):
    subscribe(client)
    path = link_in(mail.outbox[0])
    response = client.get(path.replace("/confirmer/", "/confirmer/x"))
    assert response.status_code == 400
    assert "n'est pas valide" in shown(response)


def test_resubscribing_reveals_nothing_and_does_not_spam(client, home_page):
    subscribe(client)
    client.get(link_in(mail.outbox[0]))
    again = subscribe(client)
    assert "Si cette adresse n'est pas encore abonnée" in shown(again)
    assert len(mail.outbox) == 1  # a confirmed address gets nothing

    subscribe(client, "paul@example.org")
    subscribe(client, "paul@example.org")
    assert len(mail.outbox) == 2  # one confirmation mail for Paul within minutes
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        subscribe(client, "paul@example.org")
    assert len(mail.outbox) == 3


def test_form_keeps_what_was_typed_with_french_errors(client, home_page):
    response = client.post(SUBSCRIBE_URL, {"email": "lea@exemple", "language": "uk"})
    assert response.status_code == 400
    text = shown(response)
    assert 'value="lea@exemple"' in text
    assert "Cette adresse e-mail n'est pas valide" in text
    assert "Cochez cette case pour confirmer" in text
    assert '<option value="uk" lang="uk" selected>' in text
    assert not Subscriber.objects.exists()


def test_honeypot_pretends_success_and_records_nothing(client, home_page):
    response = subscribe(client, website="http://spam.example")
    assert "Vérifiez votre boîte e-mail" in shown(response)
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_address(client, home_page):
    for number in range(5):
        assert subscribe(client, f"p{number}@example.org").status_code == 200
    response = subscribe(client, "p5@example.org")
    assert response.status_code == 429
    assert "Trop de demandes d'abonnement" in shown(response)
    assert 'value="p5@example.org"' in shown(response)
    assert Subscriber.objects.count() == 5
    other = subscribe(client, "p6@example.org", headers={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 200


def test_subscribe_form_requires_csrf(home_page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        SUBSCRIBE_URL, {"email": "a@example.org", "consent": "on"}
    )
    assert response.status_code == 403


def test_form_include_renders_with_only_the_url(rf):
    from django.template.loader import render_to_string

    html = render_to_string(
        "actualites/subscriptions/form.html", {"subscribe_url": "/lettre/abonnement/"}, rf.get("/")
    )
    assert 'action="/lettre/abonnement/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="email"' in html and 'name="consent"' in html and 'name="website"' in html


@pytest.fixture
def confirmed(db):
    return Subscriber.objects.create(
        email="lea@example.org", status=Subscriber.Status.CONFIRMED, consent_at=timezone.now()
    )


def path_of(url):
    return url.removeprefix("http://testserver")


def test_unsubscribe_asks_then_deletes_personal_data(client, home_page, confirmed):
    send_issue_deliveries = _delivery_for(confirmed)
    url = path_of(unsubscribe_url(confirmed))
    page = client.get(url)
    assert "Me désabonner" in shown(page)
    assert Subscriber.objects.exists()

    done = client.post(url)
    assert "vous êtes désabonné" in shown(done)
    assert not Subscriber.objects.exists()
    sent, pending = send_issue_deliveries
    sent.refresh_from_db()
    assert (sent.email, sent.subscriber, sent.status) == ("", None, "envoye")
    assert not Delivery.objects.filter(pk=pending.pk).exists()

    again = client.get(url)
    assert "Vous êtes déjà désabonné" in shown(again)
    assert client.post(url).status_code == 200


def _delivery_for(subscriber):
    from tests.actualites.send_fixtures import make_issue

    first, second = make_issue(number=1), make_issue(number=2)
    sent = Delivery.objects.create(
        send=NewsletterSend.objects.create(issue=first),
        subscriber=subscriber,
        email=subscriber.email,
        status=Delivery.Status.SENT,
    )
    pending = Delivery.objects.create(
        send=NewsletterSend.objects.create(issue=second),
        subscriber=subscriber,
        email=subscriber.email,
    )
    return sent, pending


def test_one_click_unsubscribe_without_csrf_token(home_page, confirmed):
    from django.test import Client

    url = path_of(unsubscribe_url(confirmed))
    client = Client(enforce_csrf_checks=True)
    assert client.post(url).status_code == 403  # the page's button needs its token
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_a_link_cannot_unsubscribe_someone_else(client, home_page, confirmed):
    other = Subscriber.objects.create(email="paul@example.org", status="confirme")
    url = path_of(unsubscribe_url(confirmed))
    token = url.rstrip("/").rsplit("/", 1)[1]
    value, signature = token.rsplit(":", 1)
    forged = url.replace(token, f"{other.key}:{signature}")
    response = client.post(forged, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert Subscriber.objects.count() == 2
