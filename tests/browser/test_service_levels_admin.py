"""An editor rates a venue's detailed services in the admin: one click or key per service."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from guide.models import VenuePage


def levels_of_latest_revision(venue):
    draft = VenuePage.objects.get(pk=venue.pk).get_latest_revision_as_object()
    return {row.item.slug: row.level for row in draft.service_levels.all()}


@pytest.mark.django_db(transaction=True)
def test_editor_rates_each_service_with_clicks_keys_and_a_family_shortcut(
    admin_page, live_server, make_venue
):
    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    venue = make_venue(title="Centre social Pioche", levels={"caf-rsa": 1})
    page = admin_page()
    page.goto(f"{live_server.url}/admin/pages/{venue.pk}/edit/")
    page.get_by_role("tab", name="Services et étoiles").click()

    discover = page.locator("table", has=page.locator("caption", has_text="Découvrir les usages"))
    discover.get_by_role(
        "button", name="Découvrir les usages de base du numérique : tout au niveau maîtrise"
    ).click()
    page.get_by_role("radio", name="Permis et carte grise : ★ basique").click()
    caf_expert = page.get_by_role(
        "radio", name="Accéder à ses droits sociaux et les gérer (RSA, CAF) : ★★★ expert"
    )
    page.get_by_role(
        "radio", name="Accéder à ses droits sociaux et les gérer (RSA, CAF) : ★ basique"
    ).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(caf_expert).to_be_checked()

    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("a été mise à jour")).to_be_visible()
    assert levels_of_latest_revision(venue) == {
        "tablette-smartphone": 2,
        "ordinateur": 2,
        "internet": 2,
        "mails": 2,
        "caf-rsa": 3,
        "permis": 1,
    }
