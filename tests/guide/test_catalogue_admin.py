"""Editors maintain territories, service families and the star legend in the admin."""

from django.urls import reverse

from guide.models import StarLegend, Territory


def test_territories_and_families_are_listed_in_the_admin(editor_client, territory, families):
    territories = editor_client.get(reverse("wagtailsnippets_guide_territory:list"))
    assert "★ METZ SABLON" in territories.content.decode()
    listing = editor_client.get(reverse("wagtailsnippets_guide_servicefamily:list"))
    html = listing.content.decode().replace("&#x27;", "'")
    assert "Découvrir les usages de base du numérique" in html
    assert "S'insérer professionnellement" in html


def test_editor_renames_an_item_of_a_family(editor_client, families):
    family = families["demarches"]
    edit = editor_client.get(reverse("wagtailsnippets_guide_servicefamily:edit", args=(family.pk,)))
    html = edit.content.decode().replace("&#x27;", "'")
    assert "Faire ses déclarations pôle emploi" in html


def test_editor_adds_a_territory(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_guide_territory:add"),
        {"name": "Metz Borny", "slug": "metz-borny", "guide_heading": "", "code_prefix": "B"},
    )
    assert response.status_code == 302
    territory = Territory.objects.get(slug="metz-borny")
    assert territory.heading == "METZ BORNY"


def test_star_legend_is_editable_and_shown_on_venue_pages(editor_client, make_venue):
    url = reverse("wagtailsettings:edit", args=("guide", "starlegend"))
    assert editor_client.get(url, follow=True).status_code == 200
    legend = StarLegend.load()
    legend.level_3_name = "spécialiste"
    legend.save()
    venue = make_venue(services={"demarches": (3, [])})
    html = editor_client.get(venue.url).content.decode()
    assert 'aria-label="3 sur 3 — spécialiste"' in html
