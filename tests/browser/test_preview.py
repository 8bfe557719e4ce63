"""Wagtail's live preview, in the editor's side panel and in a new tab.

A preview carries the site's public policy but may be framed by the admin itself
(portal/csp.py); Chromium shows an empty panel when it may not.
"""

import pytest
from playwright.sync_api import expect
from wagtail.models import Collection, Site

from tests.actualites.letter_fixtures import *  # noqa: F403

UNSTYLED = "rgba(0, 0, 0, 0)"


@pytest.fixture
def root_collection(transactional_db):
    """The collection images need, which the flush of transactional tests removes."""
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


def serve_site_at(live_server):
    Site.objects.update(hostname="localhost", port=live_server.thread.port)


@pytest.fixture
def issue(root_collection, full_issue, live_server):
    serve_site_at(live_server)
    return full_issue


def csp_violations(messages):
    return lambda message: (
        "Content Security Policy" in message.text and messages.append(message.text)
    )


def open_preview_panel(page):
    page.locator('[data-side-panel-toggle="preview"]').click()
    return page.frame_locator("#w-preview-iframe")


@pytest.mark.django_db(transaction=True)
def test_preview_panel_shows_the_venue(admin_page, live_server, make_venue):
    venue = make_venue(title="Espace numérique du Pontiffroy")
    serve_site_at(live_server)
    violations = []
    page = admin_page(on_console=csp_violations(violations))
    page.goto(f"{live_server.url}/admin/pages/{venue.pk}/edit/")
    preview = open_preview_panel(page)
    expect(preview.get_by_role("heading", level=1)).to_contain_text(
        "Espace numérique du Pontiffroy"
    )
    assert violations == []


@pytest.mark.django_db(transaction=True)
def test_newsletter_email_preview_is_styled_in_the_panel_and_in_a_new_tab(
    admin_page, live_server, issue
):
    violations = []
    page = admin_page(on_console=csp_violations(violations))
    page.goto(f"{live_server.url}/admin/pages/{issue.pk}/edit/")
    preview = open_preview_panel(page)
    expect(preview.get_by_role("heading", level=1)).to_contain_text("La lettre de janvier")
    page.get_by_label("Mode prévisualisation").select_option(label="E-mail")
    masthead = preview.locator(".masthead")
    expect(masthead).to_contain_text("La lettre de janvier")
    expect(masthead).not_to_have_css("background-color", UNSTYLED)
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Prévisualiser dans un nouvel onglet").click()
    email = new_tab.value
    masthead = email.locator(".masthead")
    expect(masthead).to_contain_text("La lettre de janvier")
    expect(masthead).not_to_have_css("background-color", UNSTYLED)
    expect(email.locator("body")).to_have_css("background-color", "rgb(238, 241, 244)")
    assert violations == []
