"""Issue 19, finding 1: rate limits count visitors, not the reverse proxy in front of the site.

Behind the proxy every request comes from the proxy's address; the visitor's is the one the
proxy appended to X-Forwarded-For. It is believed only from a proxy listed in TRUSTED_PROXIES:
anyone else's header is ignored, and what a visitor writes in it before the proxy's entry too.
"""

import html

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from portal.checks import trusted_proxies
from portal.client_address import client_ip
from portal.settings.base import env_networks

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = "/lettre/abonnement/"
SUBSCRIBE_LIMIT = 5  # actualites/views.py: 5 subscriptions per 10 minutes
TRACK_URL = "/declarer/suivi/"
TRACK_LIMIT = 20  # declarations/views.py: 20 lookups per 10 minutes
PROXY = "10.0.0.1"
behind_the_proxy = override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])


def subscribe(client, number, remote_addr=PROXY, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    data = {"email": f"personne{number}@example.org", "consent": "on", "language": "fr"}
    return client.post(SUBSCRIBE_URL, data, **headers)


def track(client, forwarded_for):
    return client.get(
        TRACK_URL, {"code": "ABCD-2345"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for
    )


@behind_the_proxy
def test_two_visitors_behind_the_proxy_have_their_own_subscription_budget(client, home_page):
    for number in range(SUBSCRIBE_LIMIT):
        assert subscribe(client, number, forwarded_for="203.0.113.10").status_code == 200
        assert subscribe(client, 100 + number, forwarded_for="203.0.113.20").status_code == 200

    refused = subscribe(client, 99, forwarded_for="203.0.113.10")
    assert refused.status_code == 429
    assert "Trop de demandes d'abonnement" in html.unescape(refused.content.decode())
    assert subscribe(client, 199, forwarded_for="203.0.113.20").status_code == 429
    assert subscribe(client, 300, forwarded_for="203.0.113.30").status_code == 200


@behind_the_proxy
def test_two_visitors_behind_the_proxy_have_their_own_lookup_budget(client, home_page):
    for _ in range(TRACK_LIMIT):
        assert track(client, "203.0.113.10").status_code == 200
    assert track(client, "203.0.113.10").status_code == 429
    assert track(client, "203.0.113.20").status_code == 200


@behind_the_proxy
def test_a_forged_header_from_an_untrusted_address_changes_nothing(client, home_page):
    """Someone reaching the site directly cannot buy a new budget with each made-up header."""
    for number in range(SUBSCRIBE_LIMIT):
        response = subscribe(
            client, number, remote_addr="198.51.100.7", forwarded_for=f"203.0.113.{number}"
        )
        assert response.status_code == 200
    refused = subscribe(client, 99, remote_addr="198.51.100.7", forwarded_for="203.0.113.99")
    assert refused.status_code == 429
    assert subscribe(client, 100, remote_addr="198.51.100.8").status_code == 200


@behind_the_proxy
def test_what_a_visitor_writes_before_the_proxys_entry_changes_nothing(client, home_page):
    """The proxy appends the address it saw: what comes before is the visitor's own text."""
    for number in range(SUBSCRIBE_LIMIT):
        forged = f"192.0.2.{number}, 203.0.113.10"
        assert subscribe(client, number, forwarded_for=forged).status_code == 200
    assert subscribe(client, 99, forwarded_for="192.0.2.99, 203.0.113.10").status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(client, home_page, settings):
    assert settings.TRUSTED_PROXIES == []
    for number in range(SUBSCRIBE_LIMIT):
        assert subscribe(client, number, forwarded_for=f"203.0.113.{number}").status_code == 200
    assert subscribe(client, 99, forwarded_for="203.0.113.99").status_code == 429


def address(remote_addr, forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24", "2001:db8::/32", "192.0.2.5/32"])
@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "visitor"),
    [
        ("10.0.0.1", "203.0.113.10", "203.0.113.10"),
        # Two trusted hops (a CDN, then nginx): both skipped.
        ("10.0.0.1", "198.51.100.1, 203.0.113.10, 192.0.2.5", "203.0.113.10"),
        ("2001:db8::1", "2001:db8::2, 2a01:e0a::1", "2a01:e0a::1"),
        ("::ffff:10.0.0.1", "::ffff:203.0.113.10", "203.0.113.10"),
        # A UNIX socket has no address: only the machine's own proxy can open it.
        ("", "203.0.113.10", "203.0.113.10"),
        # Every hop trusted: the first one.
        ("10.0.0.1", "10.0.0.7, 10.0.0.8", "10.0.0.7"),
        # Not from a trusted proxy, or no header: the connection's address.
        ("10.0.1.1", "203.0.113.10", "10.0.1.1"),
        ("10.0.0.1", None, "10.0.0.1"),
        # Malformed where the proxies wrote: the connection's address.
        ("10.0.0.1", "203.0.113.10:4711", "10.0.0.1"),
        ("10.0.0.1", "unknown", "10.0.0.1"),
        ("10.0.0.1", "203.0.113.10, ", "10.0.0.1"),
        # Malformed where only the visitor wrote: never read.
        ("10.0.0.1", "<script>, 203.0.113.10", "203.0.113.10"),
    ],
)
def test_the_visitors_address(remote_addr, forwarded_for, visitor):
    assert address(remote_addr, forwarded_for) == visitor


def test_trusted_proxies_come_from_the_environment_and_a_typo_stops_the_start(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1")
    assert env_networks("TRUSTED_PROXIES") == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1,10.0.0.0/33")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        env_networks("TRUSTED_PROXIES")


def test_check_deploy_warns_behind_a_proxy_without_trusted_proxies(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = []
    assert [warning.id for warning in trusted_proxies(None)] == ["portal.W003"]
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert trusted_proxies(None) == []
