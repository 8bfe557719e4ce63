"""The data·inclusion thématiques of the detailed services: total, valid, editable, both ways."""

import pytest
from data_inclusion.schema.v1 import Thematique
from django.urls import reverse

from guide.catalogue import BORDEAUX_FAMILIES
from guide.models import ServiceItem
from opendata.data_inclusion.thematiques import (
    ensure_thematique_mapping,
    items_for_thematiques,
    thematiques_for_item,
)
from opendata.mapping import ensure_service_mapping
from opendata.models import DataInclusionMapping
from opendata.thematique_vocabulary import DEFAULT_THEMATIQUES

pytestmark = pytest.mark.django_db
GUIDE_ITEMS = [slug for _family, _name, items in BORDEAUX_FAMILIES for slug, _label in items]


def test_the_guide_has_22_items_and_each_has_a_default():
    assert len(GUIDE_ITEMS) == 22
    assert set(GUIDE_ITEMS) <= set(DEFAULT_THEMATIQUES)


def items_without_valid_thematique(items):
    found = []
    for item in items:
        thematiques = thematiques_for_item(item)
        if not thematiques or not set(thematiques) <= {code.value for code in Thematique}:
            found.append(item.slug)
    return found


def test_every_item_maps_to_valid_thematiques(families):
    ensure_service_mapping()  # adds the items named after the national services
    items = ServiceItem.objects.filter(family__in=families.values())
    assert items.count() == 22 + 9
    assert items_without_valid_thematique(items) == []


def test_an_item_without_thematique_is_detected(families):
    """The totality check above can fail."""
    ensure_thematique_mapping()
    item = families["creer"].items.get(slug="code")
    DataInclusionMapping.objects.filter(item=item).update(main_thematique="")
    assert items_without_valid_thematique([item]) == ["code"]
    DataInclusionMapping.objects.filter(item=item).update(main_thematique="numerique--code")
    assert items_without_valid_thematique([item]) == ["code"]


def test_an_item_added_by_an_editor_gets_its_familys_thematiques(families):
    item = ServiceItem.objects.create(family=families["demarches"], slug="msa", label="MSA")
    assert thematiques_for_item(item) == [
        "numerique--acceder-a-des-services-en-ligne",
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    ]


def test_reverse_mapping_puts_the_items_whose_main_thematique_matches_first(families):
    items = items_for_thematiques(
        ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"]
    )
    assert [item.slug for item in items] == ["cv"]
    fundamentals = items_for_thematiques(["numerique--maitriser-les-fondamentaux-du-numerique"])
    slugs = [item.slug for item in fundamentals]
    assert slugs[0] == "tablette-smartphone"
    assert slugs.index("cv") > slugs.index("code")  # cv's main thématique is another one
    assert items_for_thematiques(["sante--addictions"]) == []


def test_editors_change_the_thematiques_in_the_admin(families, admin_client):
    item = families["demarches"].items.get(slug="permis")
    listing = admin_client.get(reverse("wagtailsnippets_opendata_datainclusionmapping:list"))
    assert listing.status_code == 200
    assert "Permis et carte grise" in listing.content.decode()
    row = DataInclusionMapping.objects.get(item=item)
    url = reverse("wagtailsnippets_opendata_datainclusionmapping:edit", args=[row.pk])
    form = admin_client.get(url)
    assert "Préparer un permis" in form.content.decode()
    response = admin_client.post(
        url,
        {
            "item": item.pk,
            "main_thematique": "numerique--acceder-a-des-services-en-ligne",
            "other_thematiques": ["mobilite--preparer-un-permis"],
        },
    )
    assert response.status_code == 302
    assert thematiques_for_item(item) == [
        "numerique--acceder-a-des-services-en-ligne",
        "mobilite--preparer-un-permis",
    ]


def test_the_main_thematique_is_required(families, admin_client):
    item = families["demarches"].items.get(slug="permis")
    ensure_thematique_mapping()
    row = DataInclusionMapping.objects.get(item=item)
    url = reverse("wagtailsnippets_opendata_datainclusionmapping:edit", args=[row.pk])
    response = admin_client.post(url, {"item": item.pk, "main_thematique": ""})
    assert response.status_code == 200
    assert thematiques_for_item(item)[0] == "numerique--acceder-a-des-services-en-ligne"
