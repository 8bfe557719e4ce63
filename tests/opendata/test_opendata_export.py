"""Publishing venues in the national schema: validity, round trips, public files, queries."""

import csv
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from frictionless import Resource, Schema

from opendata import schema
from opendata.exporter import export_rows, export_text
from opendata.importer import import_file, import_venues
from opendata.models import NationalServiceMapping
from tests.opendata.opendata_helpers import (
    EXAMPLE_PATH,
    SCHEMA_PATH,
    read_csv,
    valid_row,
    write_csv,
)

pytestmark = pytest.mark.django_db
MULTIPLE = {column.name for column in schema.COLUMNS if column.multiple}


def assert_valid_against_the_standard(path):
    descriptor = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    resource = Resource(
        path=path.name, basepath=str(path.parent), schema=Schema.from_descriptor(descriptor)
    )
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def comparable(row):
    """A row with multi-valued cells as sets: the standard gives their order no meaning."""
    return {
        name: set(schema.split_values(value)) if name in MULTIPLE else value
        for name, value in row.items()
        if name in schema.COLUMN_NAMES
    }


@pytest.fixture
def varied_venues(make_venue):
    make_venue(
        pivot="43493312300029",
        typology=["CS", "EPN"],
        programmes=["conseillers-numeriques", "france-services"],
        phone="03 87 55 55 55",
        emails="accueil@example.org, atelier@example.org",
        website="https://example.org/",
        presentation="<p>Un <b>centre</b> &amp; ses ateliers.</p><ul><li>Mardi</li></ul>",
        publics=["seniors", "jeunes", "surdite", "demandeurs-emploi"],
        languages=["en", "ar"],
        access_modes=["se-presenter", "prendre-rdv-en-ligne"],
        booking_url="https://rdv.example.org/",
        accessibility_url="https://acceslibre.beta.gouv.fr/app/erp/1/",
        support_drop_in=True,
        support_workshops=True,
        fee="gratuit-sous-condition",
        services={"demarches": (3, ["impots", "caf-rsa"]), "creer": (1, ["photos"])},
    )
    make_venue(phone="", opening_hours="", latitude=None, longitude=None, insee_code="")
    make_venue(title="Dépublié").unpublish()


def test_export_validates_against_the_standard(varied_venues, tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text(export_text("csv"), encoding="utf-8")
    assert_valid_against_the_standard(path)
    rows = read_csv(path.read_text(encoding="utf-8"))
    assert len(rows) == 2  # the unpublished venue is not exported
    assert all(row["nom"].startswith("Centre social") for row in rows)


def test_exported_values(varied_venues):
    first, second = export_rows()
    assert first["telephone"] == "+33387555555"
    assert first["courriels"] == "accueil@example.org|atelier@example.org"
    assert first["presentation_detail"] == "Un centre & ses ateliers.\n\nMardi"
    assert first["services"] == "Aide aux démarches administratives|Loisirs et créations numériques"
    assert first["publics_specifiquement_adresses"] == "Seniors|Jeunes"
    assert first["prise_en_charge_specifique"] == (
        "Surdité|Langues étrangères (anglais)|Langues étrangères (autres)"
    )
    assert first["frais_a_charge"] == "Gratuit sous condition"
    assert (
        first["modalites_accompagnement"] == "Accompagnement individuel|Dans un atelier collectif"
    )
    assert first["source"] == "Ville de Metz"
    assert second["pivot"] == schema.UNKNOWN_PIVOT
    assert second["id"] != first["id"]
    assert second["latitude"] == second["telephone"] == ""


def test_a_national_service_is_offered_at_any_level_of_its_items(make_venue):
    export_rows()  # seeds the mapping and the items it names
    make_venue(levels={"maitrise-des-outils-numeriques-du-quotidien": 3, "permis": 1})
    make_venue(levels={"mails": 2})
    NationalServiceMapping.objects.filter(service="Utilisation sécurisée du numérique").update(
        item=None
    )
    first, second = export_rows()
    # "Permis et carte grise", which no national service names, counts for its family's first.
    assert first["services"] == (
        "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien"
    )
    # Without an item, a national service stands for its family's items no other one names.
    assert second["services"] == "Utilisation sécurisée du numérique"


def test_round_trip_of_the_standards_example(venue_index, territory, tmp_path):
    import_file(EXAMPLE_PATH, publish=True)
    path = tmp_path / "export.csv"
    path.write_text(export_text("csv"), encoding="utf-8")
    assert_valid_against_the_standard(path)
    (original,) = read_csv(EXAMPLE_PATH.read_text(encoding="utf-8"))
    (exported,) = read_csv(path.read_text(encoding="utf-8"))
    assert comparable(exported) == comparable(original)


def test_round_trip_of_a_file_of_our_own(venue_index, territory, tmp_path):
    rows = [
        valid_row(
            1,
            pivot="W573001234",
            complement_adresse="2e étage",
            typologie="MJC|CAF",
            site_web="https://a.example.org/|https://b.example.org/",
            presentation_detail="Premier paragraphe.\n\nSecond, avec « guillemets » & esperluette.",
            itinerance="Fixe",
            structure_parente="Ville de Metz",
            services="|".join(schema.SERVICES),
            publics_specifiquement_adresses="|".join(schema.PUBLICS),
            prise_en_charge_specifique="|".join(schema.SPECIFIC_SUPPORTS),
            frais_a_charge="Payant|Gratuit",
            dispositif_programmes_nationaux="|".join(schema.PROGRAMMES),
            formations_labels="|".join(schema.TRAINING_LABELS),
            autres_formations_labels="Label local",
            modalites_acces="|".join(schema.ACCESS_MODES),
            modalites_accompagnement="|".join(schema.SUPPORT_MODES),
            fiche_acces_libre="https://acceslibre.beta.gouv.fr/app/erp/2/",
            prise_rdv="https://rdv.example.org/",
        ),
        valid_row(2, pivot=schema.UNKNOWN_PIVOT, latitude="", longitude="", code_insee=""),
    ]
    source = write_csv(tmp_path / "source.csv", rows)
    import_file(source, publish=True)
    exported = read_csv(export_text("csv"))
    for original, published in zip(rows, exported, strict=True):
        assert comparable(published) == comparable(original)


def test_json_export_has_the_same_rows(varied_venues):
    assert json.loads(export_text("json")) == read_csv(export_text("csv"))


def test_public_files(varied_venues, client):
    response = client.get("/donnees/lieux.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="lieux-de-mediation-numerique.csv"' in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    header = next(csv.reader(response.content.decode().splitlines()))
    assert tuple(header) == schema.COLUMN_NAMES
    response = client.get("/donnees/lieux.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert len(response.json()) == 2
    assert client.post("/donnees/lieux.json").status_code == 405


def test_export_queries_do_not_grow_with_venues(make_venue):
    services = {"demarches": (2, ["impots"]), "decouvrir": (1, ["mails"])}
    make_venue(services=services)
    export_rows()  # seeds the service mapping
    with CaptureQueriesContext(connection) as few:
        export_rows()
    for _ in range(5):
        make_venue(services=services)
    export_rows()  # publishing started a new content generation: private sections read again
    with CaptureQueriesContext(connection) as many:
        rows = export_rows()
    assert len(rows) == 6
    assert len(many) == len(few) <= 12


def test_export_command(varied_venues, tmp_path):
    path = tmp_path / "lieux.json"
    call_command("export_lieux", "--format", "json", "--output", str(path))
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 2


def test_public_file_shows_venues_imported_since_it_was_cached(
    venue_index, territory, client, django_capture_on_commit_callbacks
):
    assert len(client.get("/donnees/lieux.json").json()) == 0
    with django_capture_on_commit_callbacks(execute=True):
        import_venues([("ligne 2", valid_row())], publish=True)
    assert len(client.get("/donnees/lieux.json").json()) == 1
