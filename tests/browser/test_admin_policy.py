"""Wagtail's admin works under the site's Content Security Policy.

The admin gets its own, looser policy (portal/csp.py); this journey proves that the editing
screens an editor spends the day in run with it: nothing blocked, the rich text editor loaded.
"""

import pytest
from playwright.sync_api import expect
from wagtail.models import Site


@pytest.mark.django_db(transaction=True)
def test_editing_a_venue_blocks_nothing(admin_page, live_server, make_venue):
    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    venue = make_venue(title="Médiathèque du Sablon")
    violations = []
    page = admin_page(
        on_console=lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        )
    )
    page.goto(f"{live_server.url}/admin/pages/{venue.pk}/edit/")
    expect(page.locator(".Draftail-Editor").first).to_be_visible()
    expect(page.get_by_role("button", name="Enregistrer le brouillon")).to_be_visible()
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert violations == []
