"""Editors create, validate and publish venues through the Wagtail admin views."""

import re
from datetime import date
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from guide.models import VenuePage

SERVICE_ROW = re.compile(r'<th scope="row" id="id_niveau_\d+_label">([^<]+)<')


def item_pk(families, slug):
    return next(item.pk for f in families.values() for item in f.items.all() if item.slug == slug)


def venue_form(territory, families, levels=None, **overrides):
    """The venue's admin form data; ``levels`` rates services by slug (CAF ★★★, permis ★)."""
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
    }
    fields.update(overrides)
    data = nested_form_data(fields)
    # Multiple-choice values are lists, which nested_form_data would flatten.
    data["publics"] = ["adultes", "seniors"]
    for slug, level in (levels or {"caf-rsa": 3, "permis": 1}).items():
        data[f"niveau_{item_pk(families, slug)}"] = str(level)
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
    levels = {row.item.slug: row.level for row in venue.service_levels.all()}
    assert levels == {"caf-rsa": 3, "permis": 1}
    assert venue.equipment.get().count == 10
    page = editor_client.get(venue.url).content.decode()
    assert "Centre social Pioche" in page
    assert 'aria-label="3 sur 3 — expert"' in page
    assert 'aria-label="1 sur 3 — basique"' in page


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


def test_services_tab_lists_each_family_with_its_own_french_items(
    editor_client, make_venue, families
):
    """Translated families have copies of the items: the tab shows each item once."""
    from wagtail.models import Locale

    english = Locale.objects.create(language_code="en")
    for family in families.values():
        family.copy_for_translation(english).save()
    venue = make_venue(levels={"caf-rsa": 3, "permis": 1})
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=(venue.pk,))).content.decode()
    rows = [unescape(row) for row in SERVICE_ROW.findall(html)]
    assert len(rows) == 22
    assert rows[:4] == [
        "Fonctionnement tablette ou smartphone",
        "Fonctionnement d'un ordinateur",
        "Internet : fonctionnement navigation, recherches web",
        "Mails : créer, envoyer, recevoir",
    ]
    caf, permis = item_pk(families, "caf-rsa"), item_pk(families, "permis")
    assert f'name="niveau_{caf}" value="3" id="id_niveau_{caf}_3" checked' in html
    assert f'name="niveau_{permis}" value="1" id="id_niveau_{permis}_1" checked' in html
    assert (
        "Faire ses démarches en ligne\u00a0: tout au niveau expert" in html
    )  # the family's quick choice
    assert "C&#x27;est notre cœur de métier." in html  # the legend


def test_editor_changes_one_level_and_keeps_the_others(
    editor_client, make_venue, territory, families
):
    venue = make_venue(levels={"caf-rsa": 3, "permis": 1, "cv": 2})
    data = venue_form(
        territory, families, levels={"caf-rsa": 3, "permis": 2, "cv": 2}, slug=venue.slug
    )
    data["action-publish"] = "publish"
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=(venue.pk,)), data)
    assert response.status_code == 302
    venue.refresh_from_db()
    levels = {row.item.slug: row.level for row in venue.service_levels.all()}
    assert levels == {"caf-rsa": 3, "permis": 2, "cv": 2}


def test_a_level_for_an_item_of_another_language_or_out_of_range_is_refused(
    editor_client, venue_index, territory, families
):
    from wagtail.models import Locale

    english = Locale.objects.create(language_code="en")
    copy = families["insertion"].copy_for_translation(english)
    copy.save()
    foreign_cv = copy.items.get(slug="cv")
    data = venue_form(territory, families)
    data[f"niveau_{foreign_cv.pk}"] = "3"
    data[f"niveau_{item_pk(families, 'ameli')}"] = "7"
    data["action-publish"] = "publish"
    response = editor_client.post(add_url(venue_index), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    caf = item_pk(families, "caf-rsa")
    assert f'name="niveau_{caf}" value="3" id="id_niveau_{caf}_3" checked' in html
    assert not VenuePage.objects.filter(slug="centre-social-pioche").exists()
    del data[f"niveau_{item_pk(families, 'ameli')}"]
    assert editor_client.post(add_url(venue_index), data).status_code == 302
    venue = VenuePage.objects.get(slug="centre-social-pioche")
    assert {row.item_id for row in venue.service_levels.all()} == {
        caf,
        item_pk(families, "permis"),
    }


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


def test_multiple_choice_fields_keep_their_french_label_and_help_in_the_admin(
    editor_client, make_venue
):
    venue = make_venue()
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=(venue.pk,))).content.decode()
    assert "Type de structure" in html and "Dispositifs nationaux" in html
    for english in ("Typology", "Programmes", "Itinerance", "Publics", "Languages"):
        assert f">{english}<" not in html, english


@pytest.mark.django_db
def test_the_default_workflow_is_named_in_french():
    from wagtail.models import Task, Workflow

    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert Workflow.objects.filter(name="Validation par les modérateurs").exists()


def test_a_new_venue_gets_a_plain_ascii_address(editor_client, venue_index, make_venue):
    venue = make_venue(title="Espace numérique du Pontiffroy", slug="")
    assert venue.slug == "espace-numerique-du-pontiffroy"
    assert venue.url.endswith("/lieux/espace-numerique-du-pontiffroy/")


@time_machine.travel("2026-11-20 10:00 +01:00", tick=False)
def test_publishing_is_not_verifying_unless_the_editor_says_so(
    editor_client, venue_index, territory, families
):
    """A typo fixed is not a check with the venue: only the box moves the verification date."""
    data = venue_form(territory, families, verified_on="2025-01-15")
    data["action-publish"] = "publish"
    assert editor_client.post(add_url(venue_index), data).status_code == 302
    venue = VenuePage.objects.get(slug="centre-social-pioche")
    edit_url = reverse("wagtailadmin_pages:edit", args=(venue.pk,))
    html = unescape(editor_client.get(edit_url).content.decode())
    assert "J'ai vérifié ces informations auprès du lieu aujourd'hui" in html
    assert "Publier une modification ne la change pas" in html

    editor_client.post(edit_url, {**data, "summary": "Une coquille corrigée."})
    venue.refresh_from_db()
    assert venue.summary == "Une coquille corrigée." and venue.verified_on == date(2025, 1, 15)

    editor_client.post(edit_url, {**data, "verified_today": "on"})
    venue.refresh_from_db()
    assert venue.verified_on == date(2026, 11, 20)


def test_the_venue_list_offers_to_add_a_venue_in_words(editor_client, venue_index):
    html = editor_client.get(reverse("wagtailadmin_explore", args=(venue_index.pk,))).content
    link = re.search(rb'<a href="([^"]+)"[^>]*>(?:(?!</a>).)*Ajouter un lieu', html, re.S)
    assert link and unescape(link[1].decode()) == add_url(venue_index)
