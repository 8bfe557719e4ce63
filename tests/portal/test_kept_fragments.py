"""``{% kept %}``: a part of a page rendered once per site, language and values, until the
content changes; never kept from a preview."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from portal.content_cache import content_changed

pytestmark = pytest.mark.django_db

TEMPLATE = engines["django"].from_string(
    '{% load kept %}{% kept "facts" pk %}<p>{{ text }}</p>{% endkept %}'
)


def render(text, pk=1, preview=False):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    request.is_preview = preview
    return TEMPLATE.render({"text": text, "pk": pk}, request)


def test_a_part_is_kept_until_the_content_changes(home_page):
    assert render("Gratuit") == "<p>Gratuit</p>"
    assert render("Payant") == "<p>Gratuit</p>"

    content_changed()

    assert render("Payant") == "<p>Payant</p>"


def test_each_value_and_language_has_its_own_part(home_page):
    assert render("Lieu 1", pk=1) == "<p>Lieu 1</p>"
    assert render("Lieu 2", pk=2) == "<p>Lieu 2</p>"
    with translation.override("en"):
        assert render("Place 1", pk=1) == "<p>Place 1</p>"


def test_a_preview_is_rendered_afresh_and_not_kept(home_page):
    assert render("Brouillon", preview=True) == "<p>Brouillon</p>"
    assert render("Publié") == "<p>Publié</p>"
    assert render("Brouillon 2", preview=True) == "<p>Brouillon 2</p>"
