"""The demo newsletter: an archive and a published issue n° 1 with every block, made once."""

import pytest
from pypdf import PdfReader

from actualites.models import NewsletterIssuePage
from demo.newsletter import ensure_demo_newsletter
from tests.actualites.letter_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_demo_issue_has_every_block_and_is_made_once(client, home_page, make_news, make_venue):
    make_news("Ouverture de France Services", "2026-12-01")
    make_venue(title="Médiathèque Verlaine")
    messages = []
    ensure_demo_newsletter(home_page, log=messages.append)
    ensure_demo_newsletter(home_page, log=messages.append)

    issue = NewsletterIssuePage.objects.get()
    assert issue.live and issue.number == 1 and len(messages) == 2
    kinds = {block["type"] for block in issue.content.raw_data}
    assert kinds == {"news", "events", "spotlight", "tip", "text"}
    html = client.get(issue.url).content.decode()
    assert "Repérer un SMS frauduleux" in html
    assert "Médiathèque Verlaine" in html
    assert "Ouverture de France Services" in html


def test_demo_works_without_news_events_or_venues(client, home_page):
    import io

    from actualites.channels.magazine import render_pdf

    index = ensure_demo_newsletter(home_page, log=lambda message: None)
    assert client.get(index.url).status_code == 200
    issue = NewsletterIssuePage.objects.get()
    assert client.get(issue.url).status_code == 200
    assert len(PdfReader(io.BytesIO(render_pdf(issue))).pages) == 1
