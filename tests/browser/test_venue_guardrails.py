"""Guard rails in the editor's browser: the next free code typed in, a duplicate refused,
"Localiser l'adresse" against a local geocoding stub, and a placeholder refused at publication."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from actualites.models import NewsletterIssuePage
from actualites.newsletter.preparation import prepare_next_issue
from tests.actualites.letter_fixtures import newsletter_index  # noqa: F401
from tests.geocoder_stub import PIOCHE, geocoder  # noqa: F401


def publish_from_menu(page):
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()


@pytest.mark.django_db(transaction=True)
def test_editor_gets_the_next_code_a_refused_duplicate_and_the_address_located(
    admin_page,
    live_server,
    venue_index,
    make_venue,
    geocoder,  # noqa: F811
):
    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    make_venue(code="S1", title="Maison du Sablon")
    make_venue(code="S2", title="Centre social Pioche")
    page = admin_page()
    page.goto(f"{live_server.url}/admin/pages/add/guide/venuepage/{venue_index.pk}/")

    code = page.locator("input[name=code]")
    expect(code).to_have_value("")
    page.get_by_role("button", name="Choisir territoire").click()
    page.locator(".modal").get_by_role("link", name="Metz Sablon").click()
    expect(code).to_have_value("S3")  # the next free code of the chosen territory

    page.locator("input[name=title]").fill("Espace numérique du Pontiffroy")
    code.fill("s1")
    publish_from_menu(page)
    expect(
        page.get_by_text("Le code S1 est déjà celui du lieu «\u00a0Maison du Sablon\u00a0»")
    ).to_be_visible()
    expect(page.locator("input[name=title]")).to_have_value("Espace numérique du Pontiffroy")

    page.get_by_role("tab", name="Accès et contact").click()
    page.locator("input[name=address]").fill("13 rue Pioche")
    page.locator("input[name=postcode]").fill("57050")
    page.locator("input[name=commune]").fill("Metz")
    page.get_by_role("button", name="Localiser l'adresse").click()
    expect(page.get_by_text("Adresse trouvée\u00a0: 13 Rue Pioche 57050 Metz.")).to_be_visible()
    latitude, longitude = (
        page.locator("input[name=latitude]"),
        page.locator("input[name=longitude]"),
    )
    expect(latitude).to_have_value(f"{PIOCHE['latitude']:.6f}")
    expect(longitude).to_have_value(f"{PIOCHE['longitude']:.6f}")
    assert geocoder.queries[-1]["postcode"] == ["57050"]

    pin = page.locator(".venue-locate .leaflet-marker-icon")
    expect(pin).to_be_visible()
    pin.scroll_into_view_if_needed()
    box = pin.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + 80, steps=8)
    page.mouse.up()
    expect(latitude).not_to_have_value(f"{PIOCHE['latitude']:.6f}")  # the dragged pin's place
    assert float(latitude.input_value()) < PIOCHE["latitude"]  # dragged down: further south
    assert float(longitude.input_value()) > PIOCHE["longitude"]


@pytest.mark.django_db(transaction=True)
def test_an_issue_with_a_placeholder_is_refused_at_publication(
    admin_page,
    live_server,
    newsletter_index,  # noqa: F811
):
    issue, _created = prepare_next_issue(newsletter_index)
    page = admin_page()
    page.goto(f"{live_server.url}/admin/pages/{issue.pk}/edit/")
    publish_from_menu(page)
    expect(
        page.get_by_text(
            "«\u00a0Éditorial\u00a0» contient encore le texte à remplacer "
            "«\u00a0Éditorial à écrire.\u00a0»"
        )
    ).to_be_visible()
    expect(
        page.get_by_text("«\u00a0astuce pratique : titre\u00a0» contient encore le texte")
    ).to_be_visible()
    assert not NewsletterIssuePage.objects.get(pk=issue.pk).live
