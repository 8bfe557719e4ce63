"""Importing venues in the national schema: reports, transaction, idempotence, editors."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Revision

from guide.models import ServiceFamily, ServiceItem, VenuePage, VenueServiceLevel
from opendata.exporter import export_rows
from opendata.importer import (
    EDITOR_KEPT,
    ImportFileError,
    import_file,
    import_venues,
    parse_csv,
)
from opendata.models import NationalServiceMapping
from tests.opendata.opendata_helpers import EXAMPLE_PATH, valid_row, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(venue_index, territory):
    return venue_index


def rows(*rows):
    return [(f"ligne {number}", row) for number, row in enumerate(rows, start=2)]


AIDE = "aide-aux-demarches-administratives"  # the items the mapping seeds, by slug
MAITRISE = "maitrise-des-outils-numeriques-du-quotidien"
LOISIRS = "loisirs-et-creations-numeriques"


def levels_of(venue):
    """{item slug: level} of a venue or of a revision's version of it."""
    return {row.item.slug: row.level for row in venue.service_levels.all()}


def rate(venue, levels):
    """An editor's levels {item slug: level}, published."""
    items = {item.slug: item for item in ServiceItem.objects.filter(slug__in=levels)}
    venue.service_levels = [
        VenueServiceLevel(item=items[slug], level=level, sort_order=order)
        for order, (slug, level) in enumerate(levels.items())
    ]
    venue.save_revision().publish()


def test_good_rows_become_draft_venues_with_their_services(site, territory):
    report = import_venues(rows(valid_row(1), valid_row(2)), source="Hub Lorrain")
    assert [entry.name for entry in report.created] == ["Médiathèque 1", "Médiathèque 2"]
    venue = VenuePage.objects.get(national_id="lieu-1")
    assert not venue.live and venue.has_unpublished_changes
    assert venue.get_parent().pk == site.pk and venue.territory == territory
    assert venue.url_path.endswith("/lieux/mediatheque-1/")
    assert venue.phone == "03 87 55 55 55"
    assert venue.presentation == "<p>Ateliers le mardi. Permanences le jeudi.</p>"
    assert venue.import_source == "Ville de Metz"
    assert levels_of(venue) == {AIDE: 1, MAITRISE: 1}
    assert report.services_notes() == [
        "4 services détaillés notés dans 2 lieux d'après la correspondance des services "
        "nationaux (★ basique : 4). Le fichier national ne donne pas de niveau\u00a0: précisez-les "
        "dans l'administration."
    ]
    site.refresh_from_db()
    assert site.numchild == 2
    assert len(VenuePage.objects.search("Médiathèque")) == 2


def test_publish_option_makes_venues_live(site):
    import_venues(rows(valid_row()), publish=True)
    assert VenuePage.objects.live().count() == 1


def test_bad_rows_are_reported_with_line_and_reason_good_ones_imported(site, tmp_path):
    path = write_csv(
        tmp_path / "lieux.csv",
        [
            valid_row(1),
            valid_row(2, code_postal="5700"),
            valid_row(3, services="Atelier"),
            valid_row(4, horaires="lundi matin"),
            valid_row(5, nom=""),
            valid_row(
                6, services="Aide aux démarches administratives;Loisirs et créations numériques"
            ),
            valid_row(7),
        ],
    )
    report = import_file(path)
    assert [entry.name for entry in report.created] == ["Médiathèque 1", "Médiathèque 7"]
    errors = {entry.label: entry.reasons for entry in report.errors}
    assert errors["ligne 3"] == ['code_postal : "5700" n\'est pas un code postal à 5 chiffres']
    assert errors["ligne 4"][0].startswith('services : valeur inconnue "Atelier" (valeurs admises')
    assert errors["ligne 5"] == ['horaires : syntaxe OpenStreetMap invalide ("lundi matin")']
    assert errors["ligne 6"] == ["nom : valeur obligatoire manquante"]
    assert errors["ligne 7"] == [
        'services : plusieurs valeurs doivent être séparées par "|", pas par ";"'
    ]
    assert VenuePage.objects.count() == 2


def test_line_numbers_count_lines_inside_quoted_cells(site, tmp_path):
    first = valid_row(1, presentation_detail="Ateliers.\n\nPermanences.")
    path = write_csv(tmp_path / "lieux.csv", [first, valid_row(2, code_postal="1")])
    report = import_file(path)  # row 1's presentation holds two line breaks
    assert report.errors[0].label == "ligne 5"


def test_semicolon_separated_file_and_json_file(site, tmp_path):
    import_file(write_csv(tmp_path / "a.csv", [valid_row(1)], delimiter=";"))
    path = tmp_path / "b.json"
    path.write_text(json.dumps([valid_row(2), valid_row(3, code_postal="")]), encoding="utf-8")
    report = import_file(path)
    assert len(report.created) == 1
    assert report.errors[0].label == "objet 2"
    assert VenuePage.objects.count() == 2


def test_unreadable_files_are_refused_in_french(tmp_path):
    with pytest.raises(ImportFileError, match="colonnes obligatoires absentes : id, pivot"):
        parse_csv("nom,commune\nA,Metz\n")
    path = tmp_path / "latin1.csv"
    path.write_bytes("nom,é\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match="UTF-8"):
        import_file(path)


def test_duplicate_ids_in_one_file(site):
    report = import_venues(rows(valid_row(1), valid_row(2, id="lieu-1")))
    assert report.errors[0].reasons == ['id : "lieu-1" figure déjà en ligne 2']


def test_values_the_venue_refuses_are_errors_not_crashes(site):
    report = import_venues(rows(valid_row(commune="M" * 200, pivot="12345678901234")))
    assert report.errors[0].reasons == [
        "pivot : Ce numéro SIRET n'est pas valide (clé de contrôle incorrecte).",
        "commune : Assurez-vous que cette valeur comporte au plus 120 caractères "
        "(actuellement 200).",
    ]


def test_dry_run_writes_nothing_and_says_what_it_would_do(site):
    report = import_venues(rows(valid_row(1), valid_row(2, code_postal="")), dry_run=True)
    assert len(report.created) == 1 and len(report.errors) == 1
    assert report.summary().startswith("1 lieu serait créé, 0 mis à jour, 0 inchangé, ")
    assert VenuePage.objects.count() == 0


def test_reimport_of_the_same_file_changes_nothing(site, tmp_path):
    path = write_csv(tmp_path / "lieux.csv", [valid_row(1), valid_row(2)])
    import_file(path, publish=True)
    revisions = Revision.objects.count()
    report = import_file(path, publish=True)
    assert report.changes == 0 and report.unchanged == 2
    assert Revision.objects.count() == revisions


def test_changed_row_updates_and_publishes_the_live_venue(site):
    import_venues(rows(valid_row(1)), publish=True)
    report = import_venues(
        rows(valid_row(1, horaires="Mo-Fr 10:00-12:00", services="Loisirs et créations numériques"))
    )
    assert report.updated[0].reasons == ["horaires, services"]
    venue = VenuePage.objects.get(national_id="lieu-1")
    assert venue.opening_hours == "Mo-Fr 10:00-12:00"
    assert levels_of(venue) == {LOISIRS: 1}
    assert not venue.has_unpublished_changes


def test_match_by_pivot_and_address_when_ids_differ(site):
    import_venues(rows(valid_row(1)), publish=True)
    report = import_venues(rows(valid_row(1, id="autre-id", adresse="1, RUE DE LA PAIX")))
    assert not report.created
    assert VenuePage.objects.get().national_id == "autre-id"


def test_editor_change_is_kept_and_reported(site):
    import_venues(rows(valid_row(1)), publish=True)
    venue = VenuePage.objects.get()
    venue.opening_hours = "Tu 14:00-18:00"
    venue.save_revision().publish()
    changed_row = valid_row(1, horaires="Mo 08:00-12:00", commune="Metz-Est")
    report = import_venues(rows(changed_row))
    assert report.kept[0].reasons == [f"horaires : {EDITOR_KEPT}"]
    venue.refresh_from_db()
    assert venue.opening_hours == "Tu 14:00-18:00" and venue.commune == "Metz-Est"
    again = import_venues(rows(changed_row))
    assert again.changes == 0 and again.kept[0].reasons == [f"horaires : {EDITOR_KEPT}"]


def test_pending_draft_of_an_editor_is_not_published_by_an_import(site):
    import_venues(rows(valid_row(1)), publish=True)
    venue = VenuePage.objects.get()
    venue.summary = "Résumé en cours de relecture."
    venue.save_revision()
    import_venues(rows(valid_row(1, commune="Metz-Est")))
    venue.refresh_from_db()
    assert venue.commune == "Metz" and venue.has_unpublished_changes
    draft = venue.get_latest_revision_as_object()
    assert draft.commune == "Metz-Est" and draft.summary == "Résumé en cours de relecture."


def test_venue_made_by_editors_keeps_its_values(site, make_venue):
    venue = make_venue(pivot="43493312300029", address="1 rue de la Paix", postcode="57000")
    report = import_venues(rows(valid_row(1, horaires="Mo 08:00-12:00")))
    assert not report.created
    assert f"horaires : {EDITOR_KEPT}" in report.kept[0].reasons
    venue.refresh_from_db()
    assert venue.opening_hours == "Mo-Fr 09:00-12:00,13:30-17:00"
    assert venue.website == "https://lieu1.example.org/"  # empty: filled from the file


def test_service_mapping_is_editable(site, families):
    import_venues(rows(valid_row(0)))
    mapping = NationalServiceMapping.objects.get(service="Aide aux démarches administratives")
    mapping.family, mapping.item, mapping.level = families["insertion"], None, 3
    mapping.save()
    report = import_venues(
        rows(valid_row(1, services="Aide aux démarches administratives")), publish=True
    )
    # Without an item: the family's first item no other national service names, at level 3.
    assert levels_of(VenuePage.objects.get(national_id="lieu-1")) == {"cv": 3}
    assert "(★★★ expert : 1)" in report.services_notes()[0]
    assert export_rows()[0]["services"] == "Aide aux démarches administratives"


def test_unknown_typology_is_noted_and_ignored(site):
    report = import_venues(rows(valid_row(typologie="BIB|INCONNU")))
    assert report.notes[0].reasons == ["typologie : valeur ignorée : INCONNU"]
    assert VenuePage.objects.get().typology == ["BIB"]


def test_command_reports_and_dry_run(site, tmp_path, capsys):
    path = write_csv(tmp_path / "lieux.csv", [valid_row(1), valid_row(2, code_postal="5700")])
    call_command("import_lieux", str(path), "--dry-run")
    out, err = capsys.readouterr()
    assert 'Erreur, ligne 3 (Médiathèque 2) : code_postal : "5700"' in err
    assert "2 services détaillés seraient notés dans 1 lieu d'après la correspondance" in out
    assert "1 lieu serait créé" in out
    assert VenuePage.objects.count() == 0
    call_command("import_lieux", str(EXAMPLE_PATH), "--publish", "--source", "Hubik")
    assert VenuePage.objects.live().get().title == "Anonymal"
    with pytest.raises(CommandError, match="territoire inconnu"):
        call_command("import_lieux", str(path), "--territoire", "nulle-part")


def test_editors_see_and_edit_the_service_mapping(site, editor_client):
    import_venues(rows(valid_row()))
    mapping = NationalServiceMapping.objects.get(service="Loisirs et créations numériques")
    response = editor_client.get("/admin/snippets/opendata/nationalservicemapping/")
    assert response.status_code == 200
    assert "Loisirs et créations numériques" in response.content.decode()
    edit = editor_client.get(f"/admin/snippets/opendata/nationalservicemapping/edit/{mapping.pk}/")
    assert edit.status_code == 200


def test_the_mapping_offers_the_french_items_and_checks_their_family(site, editor_client, families):
    import_venues(rows(valid_row()))
    english = Locale.objects.create(language_code="en")
    translated = ServiceFamily.objects.create(
        name="Create with digital tools",
        slug="creer",
        locale=english,
        translation_key=families["creer"].translation_key,
    )
    ServiceItem.objects.create(family=translated, label="Retouch photos", slug="photos")
    mapping = NationalServiceMapping.objects.get(service="Loisirs et créations numériques")
    url = f"/admin/snippets/opendata/nationalservicemapping/edit/{mapping.pk}/"
    html = editor_client.get(url).content.decode()
    assert "Images : retoucher ses photos" in html
    assert "Retouch photos" not in html and "Create with digital tools" not in html
    mails = families["decouvrir"].items.get(slug="mails")
    data = {"service": mapping.service, "family": families["creer"].pk, "level": 2}
    response = editor_client.post(url, {**data, "item": mails.pk})
    assert "Choisissez un service détaillé de la famille choisie." in response.content.decode()
    mapping.refresh_from_db()
    assert mapping.level == 1
    photos = families["creer"].items.get(slug="photos")
    editor_client.post(url, {**data, "item": photos.pk})
    mapping.refresh_from_db()
    assert (mapping.item, mapping.level) == (photos, 2)


def test_bulk_created_pages_are_ordinary_wagtail_pages(site, make_venue, editor_client, client):
    import_venues(rows(valid_row(1), valid_row(2)), publish=True)
    later = make_venue()  # add_child after the bulk insert finds the right place
    assert [problems for problems in VenuePage.find_problems()] == [[], [], [], [], []]
    venue = VenuePage.objects.get(national_id="lieu-2")
    assert venue.get_next_sibling().pk == later.pk
    assert client.get(venue.url).status_code == 200
    assert editor_client.get(f"/admin/pages/{venue.pk}/edit/").status_code == 200
    venue.summary = "Relu par l'équipe."
    venue.save_revision().publish()
    assert VenuePage.objects.get(pk=venue.pk).summary == "Relu par l'équipe."


def test_updates_of_drafts_are_revisions_and_idempotent(site):
    import_venues(rows(valid_row(1)))
    changed = valid_row(1, commune="Metz-Est", services="Loisirs et créations numériques")
    assert len(import_venues(rows(changed)).updated) == 1
    venue = VenuePage.objects.get()
    assert not venue.live
    draft = venue.get_latest_revision_as_object()
    assert draft.commune == "Metz-Est"
    assert levels_of(draft) == {LOISIRS: 1}
    assert import_venues(rows(changed)).changes == 0


def test_removed_service_removes_its_item(site):
    import_venues(rows(valid_row(1)), publish=True)
    report = import_venues(rows(valid_row(1, services="Aide aux démarches administratives")))
    assert levels_of(VenuePage.objects.get()) == {AIDE: 1}
    assert report.services_notes() == [
        "1 service détaillé retiré\u00a0: son service national n'est plus dans le fichier. "
        "Les services qu'aucun service national ne désigne sont conservés."
    ]


def test_import_keeps_higher_levels_and_the_items_no_national_service_names(site):
    import_venues(rows(valid_row(1)), publish=True)
    venue = VenuePage.objects.get()
    rate(venue, {AIDE: 3, MAITRISE: 1, "caf-rsa": 2, "permis": 1})
    services = "Aide aux démarches administratives|Loisirs et créations numériques"
    report = import_venues(rows(valid_row(1, services=services)))
    assert report.updated[0].reasons == ["services"]
    # Expert stays expert, the new service is basic, the guide's own items stay as rated.
    assert levels_of(VenuePage.objects.get()) == {AIDE: 3, "caf-rsa": 2, "permis": 1, LOISIRS: 1}
    assert report.services_notes() == [
        "1 service détaillé noté dans 1 lieu d'après la correspondance des services nationaux "
        "(★ basique : 1). Le fichier national ne donne pas de niveau\u00a0: précisez-les dans "
        "l'administration.",
        "1 service détaillé retiré\u00a0: son service national n'est plus dans le fichier. "
        "Les services qu'aucun service national ne désigne sont conservés.",
    ]
    assert export_rows()[0]["services"] == services


def test_a_mapping_without_item_takes_an_item_the_venue_offers(site):
    import_venues(rows(valid_row(1, services="Loisirs et créations numériques")), publish=True)
    rate(VenuePage.objects.get(), {LOISIRS: 1, "code": 1, "moocs": 2})
    mapping = NationalServiceMapping.objects.get(service="Aide aux démarches administratives")
    mapping.family, mapping.item, mapping.level = mapping.family, None, 2
    mapping.save()
    NationalServiceMapping.objects.filter(service="Loisirs et créations numériques").update(
        item=None
    )
    services = "Aide aux démarches administratives|Loisirs et créations numériques"
    import_venues(rows(valid_row(1, services=services)))
    # Loisirs already offered through "code" (raised to the mapping's ★), Aide through the first
    # démarches item, ★★: the mapping has no item.
    assert levels_of(VenuePage.objects.get()) == {
        LOISIRS: 1,
        "code": 1,
        "moocs": 2,
        "pole-emploi": 2,
    }
    import_venues(rows(valid_row(1, services="Aide aux démarches administratives")))
    # "Loisirs" is no longer listed: every item it stands for goes (without an item, it stands
    # for the whole family).
    assert levels_of(VenuePage.objects.get()) == {"pole-emploi": 2}
    assert export_rows()[0]["services"] == "Aide aux démarches administratives"


def test_import_queries_do_not_grow_with_new_venues(site):
    import_venues(rows(valid_row(1)))  # seeds the mapping, and the list has a venue
    with CaptureQueriesContext(connection) as one:
        import_venues(rows(valid_row(2)))
    with CaptureQueriesContext(connection) as six:
        import_venues(rows(*(valid_row(number) for number in range(3, 9))))
    assert VenuePage.objects.count() == 8
    assert len(six) == len(one)
