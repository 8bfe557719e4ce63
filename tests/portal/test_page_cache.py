"""Whole pages are cached for visitors, never past a publication or an open-state change."""

from datetime import datetime

import time_machine

from guide.hours import PARIS

from .test_preview import edit_form_data

MONDAY = datetime(2026, 11, 23, 11, 58, tzinfo=PARIS)


def test_second_anonymous_visit_costs_no_query(client, make_venue, django_assert_num_queries):
    venue = make_venue()
    client.get(venue.url)
    with django_assert_num_queries(0):
        assert "Centre social" in client.get(venue.url).content.decode()


def test_publishing_shows_at_once(client, make_venue):
    venue = make_venue(summary="Ancien résumé du lieu.")
    assert "Ancien résumé" in client.get(venue.url).content.decode()
    venue.summary = "Nouveau résumé du lieu."
    venue.save_revision().publish()
    assert "Nouveau résumé" in client.get(venue.url).content.decode()
    assert "Nouveau résumé" in client.get(venue.get_parent().url).content.decode()


def test_editors_and_visitors_never_share_a_copy(editor_client, make_venue):
    from django.test import Client

    venue = make_venue()
    assert "wagtail-userbar" in editor_client.get(venue.url).content.decode()
    assert "wagtail-userbar" not in Client().get(venue.url).content.decode()
    assert "wagtail-userbar" in editor_client.get(venue.url).content.decode()


def test_open_state_is_not_served_past_its_change(client, make_venue):
    venue = make_venue(opening_hours="Mo-Fr 09:00-12:00")
    with time_machine.travel(MONDAY, tick=False):
        response = client.get(venue.url)
        assert "Ouvert actuellement" in response.content.decode()
        assert "max-age=120" in response["Cache-Control"]
    with time_machine.travel(datetime(2026, 11, 23, 12, 1, tzinfo=PARIS), tick=False):
        assert "Fermé à cet instant" in client.get(venue.url).content.decode()


def test_renaming_a_territory_shows_at_once(client, make_venue, territory):
    """Snippet saves start a new generation too (the signal receiver must stay connected)."""
    import gc

    venue = make_venue()
    assert "Metz Sablon" in client.get(venue.url).content.decode()
    gc.collect()
    territory.name = "Sablon-Nord"
    territory.save()
    assert "Sablon-Nord" in client.get(venue.url).content.decode()


@time_machine.travel(MONDAY, tick=False)
def test_a_preview_is_the_draft_even_when_the_published_page_is_cached(editor_client, make_venue):
    venue = make_venue(title="Espace publié")
    url = f"/admin/pages/{venue.pk}/edit/preview/"
    data = edit_form_data(editor_client, venue)
    data["title"] = ["Espace en cours de rédaction"]
    assert editor_client.post(url, data).json()["is_valid"]
    editor_client.get(venue.url)
    assert "Age" in editor_client.get(venue.url)  # the published page, from the cache
    response = editor_client.get(url)
    assert "Espace en cours de rédaction" in response.content.decode()
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
