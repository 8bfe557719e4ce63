"""Editors enter a venue's hours in the admin's weekly grid, or as OpenStreetMap text."""

from html import unescape

from django.urls import reverse

from guide.hours_grid import DAYS
from guide.models import VenuePage

from .test_admin import add_url, venue_form


def grid(**days):
    """The grid's fields: ``Mo=[("08:30", "12:00")]``; a day in ``appointment`` is ticked."""
    appointment = days.pop("appointment", ())
    data = {}
    for day in DAYS:
        ranges = list(days.get(day, ())) + [("", "")] * 3
        for index, (start, end) in enumerate(ranges[:3]):
            data[f"opening_hours-{day}-{index}-start"] = start
            data[f"opening_hours-{day}-{index}-end"] = end
        if day in appointment:
            data[f"opening_hours-{day}-appointment"] = "on"
    return data


def post_venue(client, venue_index, territory, families, **fields):
    data = venue_form(territory, families, opening_hours="")
    data.update(fields)
    data["action-publish"] = "publish"
    return client.post(add_url(venue_index), data)


def html_of(response):
    return unescape(response.content.decode())


def test_the_edit_form_shows_the_hours_in_the_grid_and_in_words(editor_client, make_venue):
    venue = make_venue(opening_hours="Mo-Tu,Th-Fr 08:30-12:00; Sa 09:00-12:00,14:00-17:00")
    html = html_of(editor_client.get(reverse("wagtailadmin_pages:edit", args=(venue.pk,))))
    assert 'name="opening_hours-Mo-0-start" id="id_opening_hours-Mo-0-start" value="08:30"' in html
    assert 'name="opening_hours-Sa-1-end" id="id_opening_hours-Sa-1-end" value="17:00"' in html
    assert "<li>Lundi, mardi, jeudi, vendredi\u00a0: 8\u00a0h\u00a030 – 12\u00a0h</li>" in html
    assert "<li>Mercredi, dimanche\u00a0: fermé</li>" in html
    assert '<details class="opening-hours-advanced">' in html  # closed: the grid is enough
    assert "Horaires d'ouverture" in html


def test_the_copy_offer_waits_for_the_script_and_sends_nothing(editor_client, make_venue):
    """Without JavaScript the grid is typed day by day; the offer's ticks are not form data."""
    venue = make_venue(opening_hours="Mo-Fr 08:30-12:00")
    html = html_of(editor_client.get(reverse("wagtailadmin_pages:edit", args=(venue.pk,))))
    offer = html[html.index('<fieldset class="opening-hours-copy"') :]
    offer = offer[: offer.index("</fieldset>")]
    assert offer.startswith('<fieldset class="opening-hours-copy" data-copy hidden>')
    assert '<button type="button"' in offer
    assert ">Recopier sur les jours cochés</button>" in offer
    assert offer.count('<input type="checkbox">') == 7
    assert "name=" not in offer
    assert '"copyLegend": "Recopier les horaires du %(day)s sur\\u00a0:"' in html


def test_the_grid_is_written_as_opening_hours(editor_client, venue_index, territory, families):
    hours = grid(
        Mo=[("08:30", "12:00")],
        Tu=[("08:30", "12:00")],
        We=[("", ""), ("14:00", "17:00")],
        Th=[("8h30", "12h")],
        Fr=[("08:30", "12:00"), ("13:30", "16:00"), ("18:00", "20:00")],
        appointment=("We", "Sa"),
    )
    response = post_venue(editor_client, venue_index, territory, families, **hours)
    assert response.status_code == 302
    venue = VenuePage.objects.get(slug="centre-social-pioche")
    assert venue.opening_hours == (
        'Mo-Tu,Th 08:30-12:00; We 14:00-17:00 "sur rendez-vous"; '
        "Fr 08:30-12:00,13:30-16:00,18:00-20:00; "
        'Sa off "sur rendez-vous"'
    )


def test_an_invalid_grid_is_shown_again_as_typed_with_a_french_message(
    editor_client, venue_index, territory, families
):
    hours = grid(Mo=[("12:00", "08:30")], Tu=[("09:00", "")], appointment=("We",))
    response = post_venue(editor_client, venue_index, territory, families, **hours)
    assert response.status_code == 200
    html = html_of(response)
    assert "Lundi, plage 1\u00a0: l'heure de fermeture doit suivre l'ouverture." in html
    assert "Mardi, plage 1\u00a0: indiquez l'heure d'ouverture et de fermeture." in html
    assert 'id="id_opening_hours-Mo-0-start" value="12:00" aria-invalid="true"' in html
    assert 'id="id_opening_hours-Mo-0-end" value="08:30" aria-invalid="true"' in html
    assert 'id="id_opening_hours-Tu-0-start" value="09:00"' in html
    assert 'id="id_opening_hours-We-appointment" checked' in html
    assert not VenuePage.objects.filter(slug="centre-social-pioche").exists()


def test_hours_beyond_the_grid_open_the_advanced_entry_and_are_kept(editor_client, make_venue):
    venue = make_venue(opening_hours="Mo-Fr 09:00-12:00; PH 10:00-12:00")
    html = html_of(editor_client.get(reverse("wagtailadmin_pages:edit", args=(venue.pk,))))
    assert '<details class="opening-hours-advanced" open>' in html
    assert (
        "La règle «\u00a0PH 10:00-12:00\u00a0» (jours fériés ou vacances) ne tient pas dans "
        "la grille" in html
    )
    assert ">Mo-Fr 09:00-12:00; PH 10:00-12:00</textarea>" in html
    assert 'id="id_opening_hours-advanced" checked' in html


def test_the_advanced_entry_replaces_the_grid_and_names_a_wrong_rule(
    editor_client, venue_index, territory, families
):
    typed = "Mo-Fr 09:00-12:00; Lundi au vendredi 8h30-12h"
    fields = {**grid(Mo=[("09:00", "10:00")]), "opening_hours": typed}
    fields["opening_hours-advanced"] = "on"
    response = post_venue(editor_client, venue_index, territory, families, **fields)
    assert response.status_code == 200
    html = html_of(response)
    assert (
        "La règle «\u00a0Lundi au vendredi 8h30-12h\u00a0» n'est pas comprise\u00a0: "
        "«\u00a0Lundi\u00a0» n'est pas un jour" in html
    )
    assert f">{typed}</textarea>" in html
    assert 'id="id_opening_hours-Mo-0-end" value="10:00"' in html

    fields["opening_hours"] = "Mo-Fr 09:00-12:00; PH off"
    response = post_venue(editor_client, venue_index, territory, families, **fields)
    assert response.status_code == 302
    assert VenuePage.objects.get().opening_hours == "Mo-Fr 09:00-12:00; PH off"
