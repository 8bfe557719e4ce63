"""Every absolute link the site writes carries its one public address: the Site record's.

The test client names the host ``testserver``; the Site record says ``numerique.example.fr``
on https. Links that leave the site (e-mails, QR codes, sitemap, robots, canonical, widget
code) must say the latter, whatever host the request named.
"""

import re

import pytest
import segno
from django.core import mail
from wagtail.models import Site

PUBLIC = "https://numerique.example.fr"


@pytest.fixture
def public_site(home_page):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "numerique.example.fr", 443
    site.save()
    return site


@pytest.fixture
def client(client, settings):
    """Requests still reach the site as ``testserver``, as a proxy's health check would."""
    settings.ALLOWED_HOSTS = ["testserver", "numerique.example.fr"]
    return client


def links(text):
    return set(re.findall(r"https?://[^\s\"'<>]+", text))


def test_newsletter_confirmation_mail_links_to_the_public_address(client, public_site):
    client.post(
        "/lettre/abonnement/",
        {"email": "lea@example.org", "consent": "on", "language": "fr"},
        HTTP_HOST="numerique.example.fr",
    )
    (message,) = mail.outbox
    found = links(message.body)
    assert found and all(link.startswith(f"{PUBLIC}/") for link in found), found


def test_orientation_sheet_qr_code_encodes_the_public_address(
    client, public_site, make_venue, monkeypatch
):
    venue = make_venue(title="Centre social Pioche", slug="centre-social-pioche")
    encoded = []
    make = segno.make

    def recording_make(content, *args, **kwargs):
        encoded.append(content)
        return make(content, *args, **kwargs)

    monkeypatch.setattr(segno, "make", recording_make)
    response = client.get(venue.url + "fiche.pdf", HTTP_HOST="numerique.example.fr")
    assert response.status_code == 200
    assert encoded == [f"{PUBLIC}/lieux/centre-social-pioche/"]


def test_sitemap_robots_canonical_and_widget_code_use_the_public_address(
    client, public_site, make_venue
):
    venue = make_venue(title="Centre social Pioche", slug="centre-social-pioche")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{PUBLIC}/lieux/centre-social-pioche/</loc>" in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots
    page = client.get(venue.url).content.decode()
    assert f'<link rel="canonical" href="{PUBLIC}/lieux/centre-social-pioche/">' in page
    embed_help = client.get("/integrer/").content.decode()
    assert "http://testserver" not in embed_help
    assert f"{PUBLIC}/integrer/territoire/" in embed_help
