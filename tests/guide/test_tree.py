"""The "Qui fait quoi ?" tree: themes → needs → venues and actors that are not places."""

import re
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from guide.hours import PARIS
from guide.models import NeedActor, NeedPage, NeedTreePage, NeedVenue, RemoteActor, ThemePage
from tests.guide.tree_helpers import publish

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
SUNDAY_10AM = datetime(2026, 11, 22, 10, 0, tzinfo=PARIS)
CARD_TITLE = re.compile(
    r'<h3(?: class="need-row-name")?>(?:<span class="need-number">\d+</span> )?<a href="[^"]+">'
    r'(?:<span class="venue-code">\w+</span> )?([^<]+)</a>'
)


@pytest.fixture
def tree(home_page):
    tree = NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi", show_in_menus=True)
    return publish(home_page, tree)


@pytest.fixture
def theme(tree):
    return publish(tree, ThemePage(title="Démarches en ligne", slug="demarches-en-ligne"))


@pytest.fixture
def phone_line(db):
    from wagtail.models import Locale

    return RemoteActor.objects.create(
        name="Solidarité numérique",
        kind=RemoteActor.Kind.PHONE,
        phone="01 70 77 23 72",
        description="Ligne nationale d'aide aux démarches en ligne.",
        opening_hours="Mo-Fr 09:00-18:00",
        locale=Locale.get_default(),
    )


@pytest.fixture
def places(make_venue):
    return {
        "pioche": make_venue(
            title="Centre social Pioche",
            services={"demarches": (3, ["caf-rsa"])},
            latitude=49.0965,
            longitude=6.1678,
            support_by_appointment=True,
            phone="03 87 00 00 00",
        ),
        "mediatheque": make_venue(
            title="Médiathèque Jean-Macé",
            opening_hours="Tu-Sa 10:00-18:00",
            services={"demarches": (1, ["impots"])},
            latitude=49.1087,
            longitude=6.2217,
            support_drop_in=True,
        ),
        "fablab": make_venue(title="Fab Lab", services={"creer": (3, [])}, latitude=49.12),
    }


@pytest.fixture
def caf_need(theme, families, places, phone_line):
    need = NeedPage(
        title="Faire ma déclaration à la CAF",
        slug="caf-rsa",
        keywords="CAF, RSA, prime d'activité",
        family=families["demarches"],
        min_level=1,
        items=[families["demarches"].items.get(slug="caf-rsa")],
    )
    need.actor_links = [NeedActor(actor=phone_line)]
    return publish(theme, need)


def card_titles(html):
    return CARD_TITLE.findall(html)


def test_tree_lists_themes_and_their_needs(client, tree, caf_need):
    html = client.get(tree.url).content.decode()
    assert "Démarches en ligne" in html
    assert f'href="{caf_need.url}"' in html
    home = client.get("/").content.decode()
    assert f'formaction="{caf_need.url}"' in home  # one tap from the home page
    assert f'href="{tree.url}"' in home  # and in the menu


@time_machine.travel(MONDAY_10AM, tick=False)
def test_need_lists_venues_by_rule_and_actors_with_open_state(client, caf_need):
    html = client.get(caf_need.url).content.decode()
    assert card_titles(html) == ["Centre social Pioche"]  # only the one covering CAF
    assert "Aujourd’hui\u00a0: 9\u00a0h – 12\u00a0h, 13\u00a0h\u00a030 – 17\u00a0h" in html
    assert " · sur rendez-vous</p>" in html
    assert 'href="tel:0387000000"' in html
    assert "Solidarité numérique" in html
    assert "01\u00a070\u00a077\u00a023\u00a072" in html
    assert html.count('<strong class="need-state is-open">Ouvert</strong>') == 2  # place, line


def test_rule_follows_the_venues_ratings_without_copy(client, caf_need, places, families):
    caf_need.items = []
    caf_need.min_level = 2
    caf_need.save_revision().publish()
    assert card_titles(client.get(caf_need.url).content.decode()) == ["Centre social Pioche"]
    mediatheque = places["mediatheque"]
    rows = list(mediatheque.service_levels.all())
    for row in rows:
        row.level = 2
    mediatheque.service_levels = rows
    mediatheque.save_revision().publish()
    titles = card_titles(client.get(caf_need.url).content.decode())
    assert titles == ["Centre social Pioche", "Médiathèque Jean-Macé"]


def test_venues_added_by_hand_join_the_rule(client, caf_need, places):
    caf_need.chosen_venues = [NeedVenue(venue=places["fablab"])]
    caf_need.save_revision().publish()
    assert card_titles(client.get(caf_need.url).content.decode()) == [
        "Centre social Pioche",
        "Fab Lab",
    ]


@time_machine.travel(SUNDAY_10AM, tick=False)
def test_need_with_postcode_sorts_nearest_and_open_filter_uses_the_clock(client, caf_need, places):
    caf_need.items = []
    caf_need.save_revision().publish()
    html = client.get(caf_need.url + "?cp=57070").content.decode()
    assert card_titles(html) == ["Médiathèque Jean-Macé", "Centre social Pioche"]
    assert "du plus proche au plus loin de 57070" in html
    assert "km" in html
    html = client.get(caf_need.url + "?cp=57070&ouvert=1").content.decode()
    assert card_titles(html) == []  # Sunday: everything is closed
    assert "Voir tous les lieux pour ce besoin" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_need_page_query_count_is_bounded_and_flat(
    client, caf_need, make_venue, django_assert_max_num_queries, no_page_cache
):
    url = caf_need.url + "?cp=57000"
    # The first request creates the star legend's settings row: a new content generation.
    client.get(url)
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    few_venues_queries = len(few.captured_queries)
    for _ in range(15):
        make_venue(services={"demarches": (2, ["caf-rsa"])})
    client.get(url)
    with django_assert_max_num_queries(few_venues_queries):
        html = client.get(url).content.decode()
    assert "16 lieux" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_besoin_filter_on_the_venue_list(client, venue_index, caf_need):
    html = client.get(venue_index.url + "?besoin=caf-rsa").content.decode()
    assert card_titles(html) == ["Centre social Pioche"]
    assert '<option value="caf-rsa" selected>' in html
    html = client.get(venue_index.url + "?besoin=inconnu&sans_rdv=1").content.decode()
    assert "Le filtre «\u00a0Besoin\u00a0» a été ignoré" in html.replace("&#x27;", "'")
    assert card_titles(html) == ["Médiathèque Jean-Macé"]


@pytest.mark.parametrize("postcode", ["57 070", "57070"])
@time_machine.travel(MONDAY_10AM, tick=False)
def test_postcode_sorts_the_venue_list(client, venue_index, places, postcode):
    html = client.get(venue_index.url + f"?cp={postcode}").content.decode()
    assert card_titles(html) == ["Médiathèque Jean-Macé", "Fab Lab", "Centre social Pioche"]


@pytest.mark.parametrize("postcode", ["99999", "abc", "5707"])
def test_unknown_postcode_is_ignored_with_a_note(client, venue_index, places, postcode):
    response = client.get(venue_index.url + f"?cp={postcode}")
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "Le filtre «\u00a0Code postal\u00a0» a été ignoré" in html
    assert "3 lieux" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("demarche", ["Centre social Pioche"]),  # summary says "Démarches"
        ("DÉMARCHES", ["Centre social Pioche"]),
        ("mediatheque", ["Médiathèque Jean-Macé"]),
        ("ateliers", ["Médiathèque Jean-Macé"]),  # "atelier" in the summary
    ],
)
def test_search_ignores_accents_case_and_plurals(client, venue_index, make_venue, query, expected):
    make_venue(title="Centre social Pioche", summary="Démarches administratives en ligne.")
    make_venue(title="Médiathèque Jean-Macé", summary="Un atelier d'initiation chaque mardi.")
    html = client.get(venue_index.url + f"?q={query}").content.decode()
    assert card_titles(html) == expected


def test_results_are_paginated_and_pages_keep_the_filters(client, venue_index, make_venue):
    for number in range(23):
        make_venue(title=f"Lieu {number:02d}", support_drop_in=True)
    html = client.get(venue_index.url + "?sans_rdv=1").content.decode()
    assert "23\u00a0lieux" in html
    assert len(card_titles(html)) == 20
    assert 'href="?sans_rdv=1&amp;page=2"' in html
    html = client.get(venue_index.url + "?sans_rdv=1&page=2").content.decode()
    assert len(card_titles(html)) == 3
    assert client.get(venue_index.url + "?page=abc").status_code == 200


def test_need_slug_must_be_unique(theme, caf_need):
    from django.core.exceptions import ValidationError

    twin = NeedPage(title="Autre", slug="caf-rsa", locale=caf_need.locale)
    with pytest.raises(ValidationError, match="identifiant"):
        twin.full_clean(exclude=["path", "depth"])


def need_form(families, phone_line, **overrides):
    fields = {
        "title": "Déclarer mes revenus aux impôts",
        "slug": "impots",
        "intro": rich_text("<p>Créer votre espace sur impots.gouv.fr.</p>"),
        "keywords": "impôts, déclaration",
        "family": families["demarches"].pk,
        "min_level": "1",
        "chosen_venues": inline_formset([]),
        "actor_links": inline_formset([{"actor": phone_line.pk}]),
    }
    fields.update(overrides)
    data = nested_form_data(fields)
    data["items"] = [families["demarches"].items.get(slug="impots").pk]
    return data


@time_machine.travel(MONDAY_10AM, tick=False)
def test_editor_adds_a_need_in_the_admin(
    editor_client, client, theme, families, phone_line, places
):
    url = reverse("wagtailadmin_pages:add", args=("guide", "needpage", theme.pk))
    data = need_form(families, phone_line)
    data["action-publish"] = "publish"
    response = editor_client.post(url, data)
    assert response.status_code == 302
    need = NeedPage.objects.get(slug="impots")
    assert need.live
    html = client.get(need.url).content.decode()
    assert card_titles(html) == ["Médiathèque Jean-Macé"]
    assert "Solidarité numérique" in html


def test_admin_refuses_an_item_of_another_family_and_keeps_the_input(
    editor_client, theme, families, phone_line
):
    url = reverse("wagtailadmin_pages:add", args=("guide", "needpage", theme.pk))
    data = need_form(families, phone_line, family=families["creer"].pk)
    data["action-publish"] = "publish"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "n&#x27;appartiennent pas à la famille" in response.content.decode()
    assert response.context["form"]["keywords"].value() == "impôts, déclaration"
    assert not NeedPage.objects.filter(slug="impots").exists()


def test_editor_manages_actors_that_are_not_places(editor_client):
    url = reverse("wagtailsnippets_guide_remoteactor:add")
    data = {"name": "Bus numérique", "kind": "itinerant", "description": "Un bus équipé."}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Indiquez au moins un moyen de joindre cet acteur" in response.content.decode()
    data["area"] = "Borny le mardi, Bellecroix le jeudi"
    assert editor_client.post(url, data).status_code == 302
    assert RemoteActor.objects.get().area.startswith("Borny")


def orient_url(tree, query=""):
    return tree.url + "orienter/" + query


@time_machine.travel(MONDAY_10AM, tick=False)
def test_orientation_shortlist_matches_need_profile_and_postcode(client, tree, caf_need, places):
    caf_need.items = []
    caf_need.save_revision().publish()
    html = client.get(orient_url(tree, "?besoin=caf-rsa&cp=57070")).content.decode()
    assert card_titles(html) == ["Médiathèque Jean-Macé", "Centre social Pioche"]
    assert "Du plus proche au plus loin de 57070" in html
    assert f'href="{places["pioche"].url}fiche.pdf?besoin=caf-rsa"' in html
    html = client.get(orient_url(tree, "?besoin=caf-rsa&cp=57070&sans_rdv=1")).content.decode()
    assert card_titles(html) == ["Médiathèque Jean-Macé"]


def test_orientation_form_reports_missing_need_and_keeps_the_input(client, tree, caf_need):
    html = client.get(orient_url(tree, "?cp=99999&public=seniors")).content.decode()
    assert 'id="id_besoin_error"' in html
    assert "Code postal inconnu." in html
    assert 'value="99999"' in html
    assert '<option value="seniors" selected>' in html
    assert "lieux proposés" not in html


def test_orientation_form_starts_empty_without_errors(client, tree, caf_need):
    html = client.get(orient_url(tree)).content.decode()
    assert "Orienter quelqu’un" in html
    assert "field-error" not in html
    assert f'href="{orient_url(tree)}"' in client.get(tree.url).content.decode()


def test_orientation_proposes_at_most_five_places_nearest_first(client, tree, caf_need, make_venue):
    for number in range(7):
        make_venue(
            title=f"Lieu à {number} km", services={"demarches": (2, ["caf-rsa"])}, latitude=49.1
        )
    html = client.get(orient_url(tree, "?besoin=caf-rsa&cp=57000")).content.decode()
    assert len(card_titles(html)) == 5
    assert "Les 5 lieux proposés" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_need_places_without_a_location_come_best_level_first(client, caf_need, places, make_venue):
    make_venue(title="Accueil de quartier", levels={"caf-rsa": 1, "permis": 3})
    make_venue(title="Bureau CAF", levels={"caf-rsa": 2})
    html = client.get(caf_need.url).content.decode()
    assert card_titles(html) == ["Centre social Pioche", "Bureau CAF", "Accueil de quartier"]
    levels = re.findall(r'</a> <span class="stars stars-(\d)" role="img"', html)
    assert levels == ["3", "2", "1"]  # the need's service, not the family's best (★★★ permis)
    html = client.get(caf_need.url + "?cp=57070").content.decode()
    assert card_titles(html)[0] != "Centre social Pioche"  # by distance with a postcode
    assert 'class="stars stars-' in html
