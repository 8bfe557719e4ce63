"""Venue codes: the next free code of the territory is suggested; a duplicate or a code that
does not follow the territory's prefix is refused with a French message."""

import json
from html import unescape

import pytest
from django.urls import reverse
from wagtail.models import Locale

from guide.models import Territory, VenueIndexPage, VenuePage
from guide.venue_codes import has_prefix, next_code

from .test_admin import add_url, venue_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "codes", "expected"),
    [
        ("M", [f"M{n}" for n in range(1, 8)], "M8"),
        ("M", [], "M1"),
        ("M", ["M1", "M2", "M5"], "M6"),  # a gap is a closed venue, still in last year's guide
        ("M", ["m9", "M10bis", "MB12", "", None], "M10"),  # any case; only prefix + number
        ("", ["1", "2"], None),  # no prefix, no rule to continue
    ],
)
def test_next_code_follows_the_highest_number(prefix, codes, expected):
    assert next_code(prefix, codes) == expected


@pytest.mark.parametrize(
    ("code", "prefix", "expected"),
    [("M5", "M", True), ("m5", "M", True), ("M5bis", "M", True), ("MB3", "M", False)]
    + [("C1", "M", False), ("M", "M", False), ("X9", "", True)],
)
def test_a_code_starts_with_the_prefix_and_a_number(code, prefix, expected):
    assert has_prefix(code, prefix) is expected


def page_text(response):
    return unescape(response.content.decode())


def test_next_free_codes_read_every_territory_in_one_query(
    make_venue, territory, django_assert_num_queries
):
    borny = Territory.objects.create(
        name="Metz Borny", slug="metz-borny", code_prefix="B", locale=territory.locale
    )
    bare = Territory.objects.create(name="Ailleurs", slug="ailleurs", locale=territory.locale)
    make_venue(code="S1")
    make_venue(code="S7")
    make_venue(code="B2", territory=borny)
    with django_assert_num_queries(1):
        codes = VenuePage.next_free_codes([territory, borny, bare])
    assert codes == {territory.pk: "S8", borny.pk: "B3"}


def test_the_add_form_suggests_the_next_code(editor_client, venue_index, make_venue, territory):
    make_venue(code="S1")
    make_venue(code="S2")
    response = editor_client.get(add_url(venue_index))
    html = page_text(response)
    assert "Codes libres suivants\u00a0: S3 (Metz Sablon)." in html  # read without JavaScript
    field = response.context["form"]["code"]
    assert json.loads(field.field.widget.attrs["data-next-codes"]) == {str(territory.pk): "S3"}
    assert field.field.widget.attrs["data-fill"] is True  # a new venue: typed in for the editor


def post_new_venue(editor_client, venue_index, territory, families, code):
    data = venue_form(territory, families, code=code, slug="nouveau-lieu")
    data["action-publish"] = "publish"
    return editor_client.post(add_url(venue_index), data)


@pytest.mark.parametrize("code", ["S1", "s1", " S1 "])
def test_a_duplicate_code_is_refused_whatever_its_case(
    editor_client, venue_index, territory, families, make_venue, code
):
    make_venue(code="S1", title="Maison du Sablon")
    response = post_new_venue(editor_client, venue_index, territory, families, code)
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Le code S1 est déjà celui du lieu «\u00a0Maison du Sablon\u00a0». "
        "Code libre suivant\u00a0: S2."
    ]
    html = page_text(response)
    assert "Formation « inclusion numérique pour tous » à la carte." in html  # nothing lost
    assert not VenuePage.objects.filter(slug="nouveau-lieu").exists()


def test_a_code_of_another_territory_is_refused(editor_client, venue_index, territory, families):
    response = post_new_venue(editor_client, venue_index, territory, families, "C4")
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Les codes du territoire «\u00a0Metz Sablon\u00a0» commencent par «\u00a0S\u00a0» "
        "suivi d'un numéro, par exemple S1."
    ]
    assert 'value="C4"' in response.content.decode()


def test_a_free_code_and_no_code_are_accepted(editor_client, venue_index, territory, families):
    assert post_new_venue(editor_client, venue_index, territory, families, "S4").status_code == 302
    Territory.objects.filter(pk=territory.pk).update(code_prefix="")
    data = venue_form(territory, families, code="", slug="sans-code")
    data["action-publish"] = "publish"
    assert editor_client.post(add_url(venue_index), data).status_code == 302


def test_a_venue_keeps_its_code_beside_its_translation_and_its_alias(
    editor_client, home_page, make_venue, territory, families
):
    venue = make_venue(code="S1", slug="centre-social-pioche")
    venue.copy_for_translation(Locale.objects.create(language_code="en"), copy_parents=True)
    other_index = VenueIndexPage(title="Autres lieux", slug="autres-lieux")
    home_page.add_child(instance=other_index)
    alias = venue.create_alias(parent=other_index)
    assert venue.code_twin("S1") is None
    assert alias.specific.code_twin("S1") is None

    data = venue_form(territory, families, code="s1", title="Centre social Pioche rénové")
    data["action-publish"] = "publish"
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=(venue.pk,)), data)
    assert response.status_code == 302, response.context["form"].errors
    assert VenuePage.objects.get(pk=venue.pk).title == "Centre social Pioche rénové"
