"""Page addresses kept until the content changes (``portal.page_links``): a list writes the
new address as soon as a page is renamed, and a preview never leaves its address behind."""

import pytest
from django.test import RequestFactory

from portal.page_links import page_link

pytestmark = pytest.mark.django_db


def request_to_site():
    return RequestFactory().get("/", HTTP_HOST="localhost")


def test_an_address_follows_the_page_once_it_is_republished(make_venue):
    venue = make_venue(slug="espace-numerique")
    assert page_link(venue, request_to_site()).endswith("/espace-numerique/")

    venue.slug = "espace-numerique-du-centre"
    venue.save_revision().publish()

    renamed = type(venue).objects.get(pk=venue.pk)
    assert page_link(renamed, request_to_site()).endswith("/espace-numerique-du-centre/")


def test_a_preview_address_is_not_kept_for_residents(make_venue):
    venue = make_venue(slug="espace-numerique")
    preview = request_to_site()
    preview.is_preview = True
    venue.slug = "nom-en-cours-de-saisie"  # changed in the editor, not published
    venue.set_url_path(venue.get_parent())

    assert page_link(venue, preview).endswith("/nom-en-cours-de-saisie/")
    published = type(venue).objects.get(pk=venue.pk)
    assert page_link(published, request_to_site()).endswith("/espace-numerique/")
