"""Issue 19, finding 2: brute force on the admin's login, and password-reset e-mails in bulk.

After 5 wrong passwords for one username from one visitor's address, Wagtail's login form
(/admin/login/) refuses that pair for 15 minutes with a French page, the right password
included; an administrator lifts the lockout in Paramètres › Échecs de connexion. The password
reset sends at most 3 e-mails per address and 10 per client per hour, behind the same page.
"""

import html
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
FAILED_LOGINS_URL = "/admin/echecs-de-connexion/"
RESET_URL = "/admin/password_reset/"
PASSWORD = "bon-mot-de-passe-1"
behind_the_proxy = override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])


@pytest.fixture
def cheffe(django_user_model):
    return django_user_model.objects.create_superuser("cheffe", "cheffe@example.fr", PASSWORD)


def visitor(address="203.0.113.10"):
    """A browser behind the proxy, whose address the proxy passes in X-Forwarded-For."""
    return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address)


def log_in(client, password, username="cheffe"):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def shown(response):
    return html.unescape(response.content.decode())


def lock_out(client):
    for attempt in range(4):
        response = log_in(client, f"mauvais-{attempt}")
        assert response.status_code == 200
        assert "ne correspondent à aucun utilisateur" in shown(response)
    return log_in(client, "mauvais-5")


def is_logged_in(client):
    return client.get("/admin/").status_code == 200


@behind_the_proxy
def test_five_wrong_passwords_lock_the_login_out_with_a_french_page(home_page, cheffe):
    browser = visitor()
    fifth = lock_out(browser)
    assert fifth.status_code == 429
    right = log_in(browser, PASSWORD)
    assert right.status_code == 429
    assert right["Retry-After"] == "900"
    page = shown(right)
    assert "Connexion bloquée" in page
    assert "bloquée pendant 15 minutes. Réessayez après" in page
    assert "demandez à un administrateur du site de lever le blocage" in page
    assert not is_logged_in(browser)


@behind_the_proxy
def test_another_visitor_behind_the_proxy_is_not_locked_out(home_page, cheffe):
    lock_out(visitor("203.0.113.10"))
    colleague = visitor("203.0.113.20")
    assert log_in(colleague, PASSWORD).status_code == 302
    assert is_logged_in(colleague)


@behind_the_proxy
def test_a_forged_header_does_not_escape_the_lockout(home_page, cheffe):
    """Straight to the site, not through the proxy: X-Forwarded-For is the attacker's own."""
    for attempt in range(5):
        attacker = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
        log_in(attacker, f"mauvais-{attempt}")
    attacker = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert log_in(attacker, PASSWORD).status_code == 429


@behind_the_proxy
def test_an_administrator_lifts_the_lockout_in_the_admin(home_page, cheffe, editor_client):
    browser = visitor()
    lock_out(browser)

    listing = editor_client.get(FAILED_LOGINS_URL)
    assert listing.status_code == 200
    assert "cheffe" in shown(listing) and "203.0.113.10" in shown(listing)
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="cheffe")
    assert editor_client.get(f"{FAILED_LOGINS_URL}edit/{attempt.pk}/").status_code == 302
    deleted = editor_client.post(f"{FAILED_LOGINS_URL}delete/{attempt.pk}/")
    assert deleted.status_code == 302

    assert log_in(browser, PASSWORD).status_code == 302
    assert is_logged_in(browser)


@behind_the_proxy
def test_the_documented_command_lifts_the_lockout(home_page, cheffe):
    browser = visitor()
    lock_out(browser)
    call_command("axes_reset_username", "cheffe")
    assert log_in(browser, PASSWORD).status_code == 302


def request_reset(client, email):
    """Where the request leads, and what that page says."""
    response = client.post(RESET_URL, {"email": email}, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0], re.search(r"<main.*</main>", shown(response), re.S)[0]


@behind_the_proxy
def test_password_reset_mails_are_limited_per_address(home_page, cheffe):
    pages = {request_reset(visitor(f"203.0.113.{n}"), "Cheffe@example.fr") for n in range(5)}
    assert len(mail.outbox) == 3
    assert all(message.to == ["cheffe@example.fr"] for message in mail.outbox)
    [(address, text)] = pages  # the same page, sent or not
    assert address == "/admin/password_reset/done/"
    assert "vous a été envoyé par e-mail si un compte existe pour cette adresse" in text


@behind_the_proxy
def test_password_reset_mails_are_limited_per_client(home_page, django_user_model):
    for number in range(12):
        django_user_model.objects.create_user(f"e{number}", f"e{number}@example.fr", PASSWORD)
    browser = visitor()
    pages = {request_reset(browser, f"e{number}@example.fr") for number in range(12)}
    assert len(mail.outbox) == 10
    assert len(pages) == 1
    request_reset(visitor("203.0.113.20"), "e11@example.fr")
    assert [message.to for message in mail.outbox[10:]] == [["e11@example.fr"]]
