"""Finding 9: a territory moderator cannot move a venue out of her territories.

The refusal came only at publication, after the revision had been saved: the venue's draft then
sat in another territory, out of her reach. The admin form now refuses the territory itself, for
a draft as for a publication or a submission, on an existing venue as on a new one.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale

from declarations.models import Declaration
from demo.loader import DEMO_MODERATOR, ensure_moderators
from guide.models import Territory, VenuePage

from ..guide.test_admin import add_url, venue_form

REFUSAL = "Vous ne pouvez choisir qu'un territoire que vous modérez\u00a0: Metz Sablon."
TYPED_SUMMARY = "Permanence numérique déplacée au centre social voisin."
SAVE_ACTIONS = [
    pytest.param({}, id="draft"),
    pytest.param({"action-publish": "publish"}, id="publish"),
    pytest.param({"action-submit": "submit"}, id="submit for moderation"),
]


@pytest.fixture
def other_territory(db):
    return Territory.objects.create(
        name="Metz Borny", slug="metz-borny", locale=Locale.get_default()
    )


@pytest.fixture
def moderator_client(client, venue_index, territory):
    """The demo's moderator of Metz Sablon: she adds, edits and publishes its venues."""
    ensure_moderators(venue_index, territory, log=lambda message: None)
    client.force_login(get_user_model().objects.get(username=DEMO_MODERATOR))
    return client


def edit_url(venue):
    return reverse("wagtailadmin_pages:edit", args=(venue.pk,))


def moved(venue, territory, families, action):
    """The venue's edit form, sent with this territory and a new summary."""
    data = venue_form(
        territory, families, slug=venue.slug, title=venue.title, summary=TYPED_SUMMARY
    )
    return data | action


def territory_options(html):
    select = re.search(r'<select name="territory".*?</select>', html, re.DOTALL).group()
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


def page_text(response):
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize("action", SAVE_ACTIONS)
def test_a_moderator_cannot_move_her_venue_to_another_territory(
    moderator_client, make_venue, territory, other_territory, families, action
):
    venue = make_venue()
    revisions = venue.revisions.count()

    response = moderator_client.post(
        edit_url(venue), moved(venue, other_territory, families, action)
    )

    assert response.status_code == 200
    html = page_text(response)
    assert REFUSAL in html
    assert TYPED_SUMMARY in html  # what she typed is still in the form
    assert venue.revisions.count() == revisions
    assert venue.get_latest_revision_as_object().territory == territory
    assert VenuePage.objects.get(pk=venue.pk).territory == territory
    assert moderator_client.get(edit_url(venue)).status_code == 200


def test_a_moderator_is_offered_only_her_territories(
    moderator_client, make_venue, other_territory, venue_index
):
    venue = make_venue()
    for url in (edit_url(venue), add_url(venue_index)):
        assert territory_options(moderator_client.get(url).content.decode()) == ["Metz Sablon"]


def test_a_moderator_still_saves_her_venue_in_her_territory(
    moderator_client, make_venue, territory, families
):
    venue = make_venue()
    data = moved(venue, territory, families, {"action-publish": "publish"})
    assert moderator_client.post(edit_url(venue), data).status_code == 302
    assert VenuePage.objects.get(pk=venue.pk).summary == TYPED_SUMMARY


def test_a_moderator_cannot_create_a_venue_in_another_territory(
    moderator_client, venue_index, territory, other_territory, families
):
    data = venue_form(other_territory, families, summary=TYPED_SUMMARY)
    response = moderator_client.post(add_url(venue_index), data)
    assert response.status_code == 200
    assert REFUSAL in page_text(response)
    assert not VenuePage.objects.filter(slug="centre-social-pioche").exists()

    data = venue_form(territory, families) | {"action-publish": "publish"}
    assert moderator_client.post(add_url(venue_index), data).status_code == 302
    assert VenuePage.objects.get(slug="centre-social-pioche").live


def test_an_administrator_moves_a_venue_to_any_territory(
    editor_client, make_venue, other_territory, families
):
    """She moderates every territory: Wagtail's chooser offers them all, and she may move it."""
    venue = make_venue()
    html = editor_client.get(edit_url(venue)).content.decode()
    assert 'new SnippetChooser("id_territory"' in html
    data = moved(venue, other_territory, families, {"action-publish": "publish"})
    assert editor_client.post(edit_url(venue), data).status_code == 302
    assert VenuePage.objects.get(pk=venue.pk).territory == other_territory


def test_a_declaration_never_moves_a_venue_out_of_its_territory(
    moderator_client, admin_client, make_venue, territory, other_territory
):
    """A declarant who proposes a change picks the territory: the declaration reaches the
    moderator of that territory, who is not offered, nor allowed, to apply it to a venue of
    another one; an administrator applies it, and the venue stays in its territory (the
    territory is not among the declarable fields)."""
    venue = make_venue(territory=other_territory)
    declaration = Declaration.objects.create(
        kind=Declaration.Kind.CHANGE,
        venue=venue,
        territory=territory,
        declarant_email="claire@example.org",
        venue_data={"summary": TYPED_SUMMARY},
    )
    revisions = venue.revisions.count()
    inspect = reverse("declarations_admin:inspect", args=(declaration.pk,))
    update = reverse("declarations_admin:update_venue", args=(declaration.pk,))

    html = page_text(moderator_client.get(inspect))
    assert "Mettre à jour le lieu" not in html
    assert "Ce lieu appartient à un territoire que vous ne modérez pas" in html
    assert moderator_client.post(update).url == reverse("wagtailadmin_home")
    assert venue.revisions.count() == revisions

    assert "Mettre à jour le lieu" in page_text(admin_client.get(inspect))
    assert admin_client.post(update).status_code == 302
    draft = VenuePage.objects.get(pk=venue.pk).get_latest_revision_as_object()
    assert (draft.summary, draft.territory) == (TYPED_SUMMARY, other_territory)
