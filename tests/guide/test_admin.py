"""Editors create, validate and publish venues through the Wagtail admin views."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from guide.models import VenuePage


def venue_form(territory, families, **overrides):
    demarches = families["demarches"]
    caf = demarches.items.get(slug="caf-rsa")
    fields = {
        "title": "Centre social Pioche",
        "slug": "centre-social-pioche",
        "code": "S1",
        "territory": territory.pk,
        "summary": "Formation « inclusion numérique pour tous » à la carte.",
        "presentation": rich_text("<p>Dix ordinateurs et un écrivain public.</p>"),
        "fee": "gratuit",
        "address": "13 rue Pioche",
        "postcode": "57050",
        "commune": "Metz",
        "insee_code": "57463",
        "latitude": "49.1035",
        "longitude": "6.1713",
        "phone": "0387000000",
        "opening_hours": "Mo 08:30-11:30; Fr 13:30-16:30",
        "support_by_appointment": "on",
        "equipment": inline_formset([{"kind": "ordinateur", "count": "10", "note": ""}]),
        "closures": inline_formset([]),
        "service_ratings": inline_formset([{"family": demarches.pk, "level": "3"}]),
    }
    fields.update(overrides)
    items = fields.pop("service_ratings-0-items", [caf.pk])
    data = nested_form_data(fields)
    # Multiple-choice values are lists, which nested_form_data would flatten.
    data["publics"] = ["adultes", "seniors"]
    data["service_ratings-0-items"] = items
    return data


def add_url(venue_index):
    return reverse("wagtailadmin_pages:add", args=("guide", "venuepage", venue_index.pk))


def test_editor_creates_and_publishes_a_venue(editor_client, venue_index, territory, families):
    data = venue_form(territory, families)
    data["action-publish"] = "publish"
    response = editor_client.post(add_url(venue_index), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    venue = VenuePage.objects.get(slug="centre-social-pioche")
    assert venue.live
    assert venue.phone == "03 87 00 00 00"
    assert venue.publics == ["adultes", "seniors"]
    rating = venue.service_ratings.get()
    assert rating.level == 3
    assert [item.slug for item in rating.items.all()] == ["caf-rsa"]
    assert venue.equipment.get().count == 10
    page = editor_client.get(venue.url).content.decode()
    assert "Centre social Pioche" in page
    assert 'aria-label="3 sur 3 — expert"' in page


def test_editor_sees_the_edit_form_with_its_tabs(editor_client, make_venue):
    venue = make_venue()
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=(venue.pk,)))
    html = response.content.decode()
    assert response.status_code == 200
    for tab in [
        "Présentation",
        "Accès et contact",
        "Publics et accompagnement",
        "Services et étoiles",
        "Horaires",
    ]:
        assert tab in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opening_hours", "Lundi 9h-12h", "syntaxe OpenStreetMap"),
        ("postcode", "5700", "exactement 5 chiffres"),
        ("phone", "12 34", "Numéro de téléphone invalide"),
        ("pivot", "12345678901234", "clé de contrôle"),
        ("pivot", "ABC", "numéro RNA"),
        ("insee_code", "ABCDE", "code INSEE"),
        ("latitude", "40.0", "pas en France"),
        ("emails", "contact@pioche, pas-un-mail", "adresse e-mail valide"),
    ],
)
def test_bad_input_gets_a_french_message_and_keeps_what_was_typed(
    editor_client, venue_index, territory, families, field, value, message
):
    data = venue_form(territory, families, **{field: value})
    data["action-publish"] = "publish"
    response = editor_client.post(add_url(venue_index), data)
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert message in html
    assert "Formation « inclusion numérique pour tous » à la carte." in html
    assert value.split(",")[0] in html
    assert not VenuePage.objects.filter(slug="centre-social-pioche").exists()


def test_a_family_cannot_be_rated_twice(editor_client, venue_index, territory, families):
    family = families["decouvrir"].pk
    data = venue_form(
        territory,
        families,
        service_ratings=inline_formset(
            [{"family": family, "level": "1"}, {"family": family, "level": "3"}]
        ),
    )
    data["action-publish"] = "publish"
    response = editor_client.post(add_url(venue_index), data)
    assert response.status_code == 200
    assert "Corrigez les données en double" in response.content.decode()
    assert not VenuePage.objects.filter(slug="centre-social-pioche").exists()


def test_detailed_services_must_belong_to_the_rated_family(
    editor_client, venue_index, territory, families
):
    cv = families["insertion"].items.get(slug="cv")
    data = venue_form(territory, families, **{"service_ratings-0-items": [cv.pk]})
    data["action-publish"] = "publish"
    response = editor_client.post(add_url(venue_index), data)
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert (
        "n'appartiennent pas à la famille « Faire ses démarches en ligne » : Réaliser son CV"
        in html
    )
    assert not VenuePage.objects.filter(slug="centre-social-pioche").exists()


def test_closure_ending_before_it_starts_is_refused(
    editor_client, venue_index, territory, families
):
    data = venue_form(
        territory,
        families,
        closures=inline_formset(
            [{"start_date": "2026-12-31", "end_date": "2026-12-24", "reason": "Congés"}]
        ),
    )
    data["action-publish"] = "publish"
    response = editor_client.post(add_url(venue_index), data)
    assert response.status_code == 200
    assert "La date de fin précède la date de début." in response.content.decode()


def test_anonymous_visitor_cannot_reach_the_admin(client, venue_index):
    response = client.get(add_url(venue_index))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
