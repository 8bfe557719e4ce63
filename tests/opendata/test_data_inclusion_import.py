"""A data·inclusion file arrives in the moderation inbox as declarations, never as live pages."""

import csv
import io
import json

import pytest
from data_inclusion.schema import v1
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse

from declarations.models import Declaration
from guide.models import VenuePage
from opendata.data_inclusion import export
from opendata.data_inclusion.thematiques import items_for_thematiques
from opendata.data_inclusion_import import import_files
from opendata.mapping import ensure_service_mapping

pytestmark = pytest.mark.django_db

Kind = Declaration.Kind
Status = Declaration.Status
DATA_INCLUSION = Declaration.Origin.DATA_INCLUSION
DIGITAL_BASICS = "numerique--maitriser-les-fondamentaux-du-numerique"
EQUIPMENT = "numerique--acquerir-un-equipement"
NBSP = "\u00a0"


def package_example(model):
    """A record of ``model`` made of the first example the package gives for each field."""
    return {
        name: [str(value) for value in example] if isinstance(example, list) else example
        for name, info in model.model_fields.items()
        if info.examples
        for example in [info.examples[0]]
    }


def structure(number=1, **overrides):
    """The package's example structure, numbered, in Metz (the example gives no address)."""
    record = package_example(v1.Structure)
    record.update(
        id=f"dora--{number}",
        source="dora",
        nom=f"Centre social Le Tournesol {number}",
        adresse=f"{number} rue Serpenoise",
        code_postal="57000",
        commune="Metz",
        code_insee="57463",
    )
    record.update(overrides)
    return record


def service(number=1, structure_number=1, **overrides):
    record = package_example(v1.Service)
    record.update(id=f"dora--s{number}", source="dora", structure_id=f"dora--{structure_number}")
    record.update(overrides)
    return record


def write_json(path, records):
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def run(tmp_path, structures, services=None, *args):
    """The command on these records; (stdout, stderr)."""
    structures_path = write_json(tmp_path / "structures.json", structures)
    options = []
    if services is not None:
        options = ["--services", str(write_json(tmp_path / "services.json", services))]
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_lieux",
        str(structures_path),
        "--format",
        "data-inclusion",
        *options,
        *args,
        stdout=out,
        stderr=err,
    )
    return out.getvalue().replace(NBSP, " "), err.getvalue().replace(NBSP, " ")


def imported():
    return Declaration.objects.filter(origin=DATA_INCLUSION).order_by("external_id")


def slugs(declaration):
    return {entry["item"]: entry["level"] for entry in declaration.venue_data.get("services", [])}


@pytest.fixture
def catalogue(families):
    """The guide's 22 items and the 9 named after the national services, all mapped."""
    ensure_service_mapping()
    return families


def test_the_package_examples_become_new_venue_declarations_and_bad_records_are_reported(
    tmp_path, catalogue, venue_index, territory
):
    structures = [
        structure(1),
        structure(2, nom="AB"),  # too short
        structure(3, date_maj="hier", siret="123"),
        {"nom": "Sans identifiant", "source": "dora", "date_maj": "2025-01-01"},
        structure(4, courriel="pas-une-adresse"),
        structure(5, id="dora--1"),  # the first one's id again
    ]
    services = [
        service(1),
        service(2, thematiques=["numerique--inconnue"]),
        service(3, structure_number=2),  # its structure is bad
        service(4, structure_number=99),
    ]

    out, err = run(tmp_path, structures, services)

    errors = err.splitlines()
    assert errors == [
        "Erreur, structures.json, objet 2 (AB) : nom : trop court (au moins 3 caractères)",
        "Erreur, structures.json, objet 3 (Centre social Le Tournesol 3) : date_maj : date "
        "invalide : « hier » (AAAA-MM-JJ attendu) ; siret : trop court (au moins 14 caractères)",
        "Erreur, structures.json, objet 4 (Sans identifiant) : id : obligatoire, absent",
        "Erreur, structures.json, objet 5 (Centre social Le Tournesol 4) : courriel : adresse "
        "e-mail invalide : « pas-une-adresse »",
        "Erreur, structures.json, objet 6 (Centre social Le Tournesol 5) : id : « dora--1 » "
        "figure déjà en structures.json, objet 1",
        "Erreur, services.json, objet 2 (Atelier insertion et posture professionnelle) : "
        "thematiques : valeur inconnue : « numerique--inconnue »",
        "Erreur, services.json, objet 3 (Atelier insertion et posture professionnelle) : "
        "structure_id : aucune structure valide « dora--2 » dans le fichier des structures",
        "Erreur, services.json, objet 4 (Atelier insertion et posture professionnelle) : "
        "structure_id : aucune structure valide « dora--99 » dans le fichier des structures",
    ]
    assert "1 déclaration créée (1 nouveaux lieux, 0 modifications)" in out
    assert "8 enregistrements en erreur ignorés" in out

    (declaration,) = imported()
    assert not VenuePage.objects.exists()
    assert declaration.kind == Kind.NEW_VENUE and declaration.status == Status.RECEIVED
    assert declaration.source == "dora" and declaration.external_id == "dora--1"
    assert declaration.territory is None  # no --territoire, no venue in 57000: to choose
    data = declaration.venue_data
    assert data["title"] == "Centre social Le Tournesol 1"
    assert data["pivot"] == "13003013300016"
    assert data["address"] == "1 rue Serpenoise" and data["postcode"] == "57000"
    assert data["phone"] == "01 23 45 67 89"
    assert data["emails"] == "exemple@inclusion.gouv.fr"
    assert data["opening_hours"] == "Mo-Fr 08:30-12:30; PH off"
    assert data["typology"] == ["ML"]  # réseau porteur: mission locale
    assert data["publics"] == ["femmes"] and data["fee"] == "gratuit"
    assert data["access_modes"] == ["contacter-par-mail"]
    assert data["summary"].startswith("L’association 3027 offre un accès gratuit")
    (item,) = items_for_thematiques([EQUIPMENT])[:1]
    assert slugs(declaration) == {item.slug: 1}
    assert "structure «\u00a0dora--1\u00a0» de la source «\u00a0dora\u00a0»" in declaration.message
    assert declaration.declarant_email == ""  # the producer is never e-mailed


def test_reimporting_the_same_file_creates_nothing(tmp_path, catalogue, venue_index):
    structures = [structure(1), structure(2)]
    services = [service(1), service(2, structure_number=2, thematiques=[DIGITAL_BASICS])]
    run(tmp_path, structures, services)
    first = list(imported().values_list("pk", "fingerprint", "updated_at"))

    out, _err = run(tmp_path, structures, services)

    assert list(imported().values_list("pk", "fingerprint", "updated_at")) == first
    assert "0 déclaration créée" in out
    assert "2 structures déjà déclarées ou sans changement" in out

    # Decided declarations are not declared again either: the moderator has answered.
    imported().update(status=Status.REFUSED)
    run(tmp_path, structures, services)
    assert imported().count() == 2


def test_a_new_version_refreshes_an_unread_declaration_and_waits_for_one_being_handled(
    tmp_path, catalogue, venue_index
):
    run(tmp_path, [structure(1), structure(2)])
    imported().filter(external_id="dora--2").update(status=Status.IN_PROGRESS)

    out, _err = run(
        tmp_path,
        [structure(1, telephone="0387000001"), structure(2, telephone="0387000002")],
    )

    first, second = imported()
    assert imported().count() == 2
    assert first.venue_data["phone"] == "03 87 00 00 01"
    assert second.venue_data["phone"] == "01 23 45 67 89"
    assert "En attente, structures.json, objet 2 (Centre social Le Tournesol 2)" in out


def test_structures_without_any_digital_service_are_left_out(tmp_path, catalogue, venue_index):
    housing = service(1, thematiques=["logement-hebergement--se-maintenir-dans-le-logement"])
    out, _err = run(tmp_path, [structure(1)], [housing])
    assert not imported().exists()
    assert "1 structure sans service d'inclusion numérique ignorée" in out

    # Without a services file, every structure is declared.
    run(tmp_path, [structure(1)])
    assert imported().count() == 1


def test_a_structure_matches_a_venue_by_siret_and_address_then_by_name_and_postcode(
    tmp_path, catalogue, make_venue
):
    by_siret = make_venue(
        title="Mission locale de Metz",
        pivot="13003013300016",
        address="1, rue Serpenoise",
        postcode="57000",
        phone="03 87 00 00 00",
    )
    by_name = make_venue(title="Centre social Le Tournesol 2", postcode="57000")
    make_venue(title="Centre social Le Tournesol 3", postcode="57050")  # another postcode

    run(
        tmp_path,
        [
            structure(1, nom="Mission Locale Metz"),  # another name, same SIRET and address
            structure(2, siret=None),
            structure(3, siret=None),
        ],
        [service(1), service(2, structure_number=2), service(3, structure_number=3)],
    )

    first, second, third = imported()
    assert (first.kind, first.venue) == (Kind.CHANGE, by_siret)
    assert first.territory == by_siret.territory
    assert first.venue_data["title"] == "Mission Locale Metz"
    assert (second.kind, second.venue) == (Kind.CHANGE, by_name)
    assert (third.kind, third.venue) == (Kind.NEW_VENUE, None)


def test_a_record_that_would_change_nothing_is_not_declared(tmp_path, catalogue, make_venue):
    venue = make_venue(title="Centre social Le Tournesol 1", postcode="57000")
    record = {
        "id": "dora--1",
        "source": "dora",
        "nom": venue.title,
        "date_maj": "2025-02-14",
        "adresse": venue.address,
        "code_postal": "57000",
        "commune": venue.commune,
    }
    out, _err = run(tmp_path, [record])
    assert not imported().exists()
    assert "1 structure déjà déclarée ou sans changement" in out


def test_services_land_on_the_items_at_the_level_the_file_states(tmp_path, catalogue, make_venue):
    venue = make_venue(
        title="Centre social Le Tournesol 1", postcode="57000", levels={"impots": 2, "ameli": 3}
    )
    services = [
        # Named after an item: that item, at the level its description states.
        service(
            1,
            nom="Fonctionnement d'un ordinateur",
            thematiques=[DIGITAL_BASICS],
            description="Prise en main de l'ordinateur. Niveau : expert",
        ),
        # Not named after an item: the first item of its thématiques, at ★.
        service(
            2,
            nom="Initiation au numérique",
            thematiques=[DIGITAL_BASICS],
            description="Pour débuter.",
        ),
        # A service the venue rates higher keeps its level when the file states none.
        service(
            3,
            nom="Déclarer ses impôts",
            thematiques=["numerique--acceder-a-des-services-en-ligne"],
            description="Avec un conseiller.",
        ),
    ]

    run(tmp_path, [structure(1)], services)

    (declaration,) = imported()
    first_basic = items_for_thematiques([DIGITAL_BASICS])[0].slug
    first_online = items_for_thematiques(["numerique--acceder-a-des-services-en-ligne"])[0].slug
    expected = {"ameli": 3, "impots": 2, "ordinateur": 3, first_basic: 1}
    expected[first_online] = max(expected.get(first_online, 0), 1)
    assert slugs(declaration) == expected
    assert declaration.venue == venue


def write_csv(path, records, delimiter=","):
    """Records as data·inclusion's CSV: one column per field any record gives."""
    columns = list(dict.fromkeys(name for record in records for name in record))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(records)


def test_csv_files_and_a_folder_are_read_too(tmp_path, catalogue, venue_index):
    folder = tmp_path / "export"
    folder.mkdir()
    borny = {
        "id": "dora--1",
        "source": "dora",
        "nom": "Espace numérique Borny",
        "date_maj": "2025-03-01",
        "adresse": "4 boulevard de Guyenne",
        "code_postal": "57070",
        "commune": "Metz",
        "reseaux_porteurs": "{conseillers-numeriques,france-service}",
    }
    too_short = {"id": "dora--2", "source": "dora", "nom": "X", "date_maj": "2025-03-01"}
    write_csv(folder / "structures.csv", [borny, too_short], delimiter=";")
    workshops = {
        "id": "dora--s1",
        "source": "dora",
        "structure_id": "dora--1",
        "nom": "Ateliers numériques",
        "description": "Le mardi matin.",
        "date_maj": "2025-03-01",
        "thematiques": f'["{DIGITAL_BASICS}"]',
        "modes_accueil": "en-presentiel, a-distance",
    }
    write_csv(folder / "services.csv", [workshops])

    report = import_files(folder)

    assert [str(error).replace(NBSP, " ") for error in report.errors] == [
        "structures.csv, ligne 3 (X) : nom : trop court (au moins 3 caractères)"
    ]
    (declaration,) = imported()
    assert declaration.venue_data["programmes"] == ["conseillers-numeriques", "france-services"]
    assert declaration.venue_data["support_remote"] is True
    assert declaration.venue_data["summary"] == "Ateliers numériques"


def test_the_command_refuses_publish_and_a_missing_file(tmp_path, catalogue):
    with pytest.raises(CommandError, match="--publish"):
        run(tmp_path, [structure(1)], None, "--publish")
    with pytest.raises(CommandError, match="introuvable|No such file"):
        call_command("import_lieux", str(tmp_path / "absent.json"), "--format", "data-inclusion")


def test_a_moderator_creates_the_venue_of_a_new_venue_declaration(
    tmp_path, catalogue, venue_index, territory, editor_client
):
    run(
        tmp_path,
        [structure(1)],
        [service(1, nom="Fonctionnement d'un ordinateur", thematiques=[DIGITAL_BASICS])],
        "--territoire",
        territory.slug,
    )
    (declaration,) = imported()

    page = editor_client.get(reverse("declarations_admin:inspect", args=(declaration.pk,)))
    assert "data·inclusion" in page.content.decode()
    response = editor_client.post(
        reverse("declarations_admin:create_venue", args=(declaration.pk,))
    )

    venue = VenuePage.objects.get()
    assert response.url == reverse("wagtailadmin_pages:edit", args=(venue.pk,))
    assert not venue.live and venue.territory == territory
    assert venue.title == "Centre social Le Tournesol 1" and venue.pivot == "13003013300016"
    assert venue.address == "1 rue Serpenoise" and venue.opening_hours.startswith("Mo-Fr")
    assert {row.item.slug: row.level for row in venue.service_levels.all()} == {"ordinateur": 1}
    declaration.refresh_from_db()
    assert declaration.status == Status.IN_PROGRESS and declaration.venue == venue


def test_a_moderator_applies_a_change_and_the_venue_keeps_what_the_file_does_not_say(
    tmp_path, catalogue, make_venue, editor_client
):
    venue = make_venue(
        title="Centre social Le Tournesol 1",
        postcode="57000",
        phone="03 87 00 00 00",
        transport="Bus L1",
        levels={"ameli": 3},
    )
    run(
        tmp_path,
        [structure(1, telephone="0387999999")],
        [service(1, nom="Fonctionnement d'un ordinateur", thematiques=[DIGITAL_BASICS])],
    )
    (declaration,) = imported()
    assert declaration.kind == Kind.CHANGE

    differences = editor_client.get(
        reverse("declarations_admin:update_venue", args=(declaration.pk,))
    ).content.decode()
    assert "03 87 00 00 00" in differences and "03 87 99 99 99" in differences
    editor_client.post(reverse("declarations_admin:update_venue", args=(declaration.pk,)))

    draft = VenuePage.objects.get(pk=venue.pk).get_latest_revision_as_object()
    assert draft.phone == "03 87 99 99 99" and draft.transport == "Bus L1"
    assert {row.item.slug: row.level for row in draft.service_levels.all()} == {
        "ordinateur": 1,
        "ameli": 3,
    }
    assert VenuePage.objects.get(pk=venue.pk).phone == "03 87 00 00 00"  # live until published


def test_a_dry_run_writes_nothing(tmp_path, catalogue, venue_index):
    out, _err = run(tmp_path, [structure(1)], None, "--dry-run")
    assert "1 déclaration serait créée" in out
    assert not imported().exists()


@pytest.mark.engine
def test_the_database_keeps_one_open_declaration_per_imported_record(db):
    values = {"origin": DATA_INCLUSION, "source": "dora", "external_id": "dora--1"}
    Declaration.objects.create(kind=Kind.NEW_VENUE, status=Status.REFUSED, **values)
    Declaration.objects.create(kind=Kind.NEW_VENUE, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Declaration.objects.create(kind=Kind.CHANGE, status=Status.IN_PROGRESS, **values)
    # Declarations from the public form have no external id: as many as people send.
    Declaration.objects.create(kind=Kind.NEW_VENUE)
    Declaration.objects.create(kind=Kind.NEW_VENUE)
    assert Declaration.objects.count() == 4


def test_the_portals_own_export_imported_back_changes_nothing(tmp_path, catalogue, make_venue):
    make_venue(
        title="Centre social Pioche",
        pivot="13003013300016",
        summary="Aide aux démarches en ligne et ateliers d'initiation.",
        presentation="<p>Deux médiatrices vous accueillent.</p>",
        phone="03 87 00 00 00",
        emails="accueil@example.org, direction@example.org",
        publics=["seniors", "surdite"],
        support_drop_in=True,
        levels={"ordinateur": 3, "impots": 2, "cv": 1},
    )
    for kind in ("structures", "services"):
        write_json(tmp_path / f"{kind}.json", list(export.records(kind)))

    report = import_files(tmp_path)

    assert report.identical == 1 and not report.errors
    assert not imported().exists()
