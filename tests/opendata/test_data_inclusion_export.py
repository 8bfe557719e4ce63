"""Publishing the venues to data·inclusion: valid record by record, public only, with a score."""

import io
import json
from datetime import date

import pytest
from data_inclusion.schema.v1 import Service, Structure
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageViewRestriction

from guide import vocab
from guide.models import VenuePage
from opendata.data_inclusion.export import default_producer_id, records, write_json
from opendata.data_inclusion.quality import QualityReport
from opendata.models import DataInclusionSettings

pytestmark = pytest.mark.django_db


def exported(kind):
    stream = io.StringIO()
    report = write_json(kind, stream)
    return json.loads(stream.getvalue()), report


@pytest.fixture
def venue(make_venue):
    return make_venue(
        title="Centre social Pioche",
        pivot="43493312300029",
        phone="03 87 55 55 55",
        emails="accueil@example.org, atelier@example.org",
        website="https://example.org/",
        publics=["seniors", "allocataires-rsa", "surdite", "illettrisme"],
        access_modes=["se-presenter", "telephoner", "prendre-rdv-en-ligne"],
        booking_url="https://rdv.example.org/",
        support_by_appointment=True,
        support_workshops=True,
        fee=vocab.Fee.FREE_UNDER_CONDITION,
        fee_details="Adhésion de 5 € par an",
        programmes=["conseillers-numeriques"],
        verified_on=date(2026, 11, 2),
        levels={"caf-rsa": 3, "mails": 1},
    )


def test_one_structure_per_venue_and_one_service_per_offered_item(venue):
    DataInclusionSettings.objects.create(producer_id="ville-de-metz")
    structures, _report = exported("structures")
    services, report = exported("services")
    assert len(structures) == 1 and len(services) == 2
    structure = structures[0]
    assert structure["id"] == f"ville-de-metz--{venue.translation_key}"
    assert structure["source"] == "ville-de-metz"
    assert structure["siret"] == "43493312300029"
    assert structure["telephone"] == "+33387555555"
    assert structure["courriel"] == "accueil@example.org"
    assert structure["horaires_accueil"] == "Mo-Fr 09:00-12:00,13:30-17:00"
    assert structure["date_maj"] == "2026-11-02"
    assert structure["lien_source"].endswith("/lieux/" + venue.slug + "/")
    assert structure["reseaux_porteurs"] == ["conseillers-numeriques"]
    caf = next(service for service in services if service["id"].endswith("--caf-rsa"))
    assert caf["structure_id"] == structure["id"]
    assert caf["nom"] == "Accéder à ses droits sociaux et les gérer (RSA, CAF)"
    assert caf["description"].startswith("Niveau\u00a0: expert (★★★).")
    assert caf["thematiques"][0] == "numerique--acceder-a-des-services-en-ligne"
    assert caf["type"] == "accompagnement"
    assert caf["frais"] == "gratuit"
    assert caf["frais_precisions"] == "Gratuit sous condition. Adhésion de 5 € par an"
    assert caf["publics"] == [
        "beneficiaires-des-minimas-sociaux",
        "personnes-en-situation-de-handicap",
        "seniors",
    ]
    assert "Personnes en situation d'illettrisme" in caf["publics_precisions"]
    assert caf["modes_accueil"] == ["en-presentiel"]
    assert caf["modes_mobilisation"] == ["se-presenter", "telephoner", "utiliser-lien-mobilisation"]
    assert caf["mobilisable_par"] == ["professionnels", "usagers"]
    assert caf["lien_mobilisation"] == "https://rdv.example.org/"
    assert caf["lien_source"] == structure["lien_source"]
    mails = next(service for service in services if service["id"].endswith("--mails"))
    assert mails["description"].startswith("Niveau\u00a0: basique (★).")
    assert report.count == 2 and not report.rejected


def test_the_producer_id_defaults_to_the_sites_domain(venue):
    assert default_producer_id("www.ville-exemple.fr") == "ville-exemple-fr"
    structures, _report = exported("structures")
    assert structures[0]["source"] == "testserver"


def test_private_draft_and_unpublished_venues_are_never_exported(make_venue, venue):
    secret = make_venue(title="Maison cachée", levels={"cv": 2})
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    make_venue(title="Dépublié", levels={"cv": 2}).unpublish()
    draft = make_venue(title="Publié", levels={"cv": 2})
    draft.title = "Brouillon pas encore publié"
    draft.save_revision()
    structures, _report = exported("structures")
    services, _report = exported("services")
    names = {structure["nom"] for structure in structures}
    assert names == {"Centre social Pioche", "Publié"}
    assert not [service for service in services if "Maison" in service["description"]]
    assert len(services) == 3


def test_a_record_that_does_not_validate_is_left_out_and_reported(make_venue, venue):
    odd = make_venue(title="Lieu", levels={"cv": 2})
    # A value stored before postcodes were validated.
    VenuePage.objects.filter(pk=odd.pk).update(postcode="5700")
    services, report = exported("services")
    assert len(services) == 2
    assert len(report.rejected) == 1
    assert "code_postal" in report.rejected[0][1]


def test_public_files_stream_the_records(venue, client):
    response = client.get(reverse("opendata_data_inclusion_services"))
    assert response.status_code == 200
    assert response.streaming
    services = json.loads(b"".join(response.streaming_content))
    assert len(services) == 2
    etag = response["ETag"]
    again = client.get(reverse("opendata_data_inclusion_services"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    structures = client.get("/donnees/data-inclusion/structures.json")
    assert len(json.loads(b"".join(structures.streaming_content))) == 1


def test_the_command_writes_the_files_and_prints_the_score(venue, tmp_path):
    output = io.StringIO()
    path = tmp_path / "services.json"
    call_command(
        "export_lieux", "--format", "data-inclusion-services", "--output", path, stdout=output
    )
    printed = output.getvalue()
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 2
    assert (
        "Score de qualité data·inclusion moyen\u00a0: 0,9" in printed or "moyen\u00a0: 1" in printed
    )
    path = tmp_path / "structures.json"
    call_command(
        "export_lieux", "--format", "data-inclusion-structures", "--output", path, stdout=output
    )
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 1


def test_the_score_names_what_to_fill_in(make_venue, tmp_path):
    make_venue(summary="Court.", access_modes=["telephoner"], levels={"cv": 2})
    output = io.StringIO()
    call_command(
        "export_lieux",
        "--format",
        "data-inclusion-services",
        "--output",
        tmp_path / "s.json",
        stdout=output,
    )
    printed = output.getvalue()
    assert "Critères qui perdent le plus de points" in printed
    assert "téléphone (le lieu se contacte par téléphone)" in printed
    assert "description_bien_definie" in printed


def test_the_score_is_shown_on_the_settings_page(venue, admin_client):
    url = reverse("wagtailsettings:edit", args=["opendata", "datainclusionsettings"])
    page = admin_client.get(url, follow=True).content.decode()
    assert "Score de qualité data·inclusion moyen" in page
    assert "services.json" in page


def test_export_queries_do_not_grow_with_venues(make_venue, django_assert_max_num_queries):
    for _number in range(3):
        make_venue(levels={"cv": 2, "mails": 3})
    list(records("services"))  # seeds the mapping and reads the site once
    with django_assert_max_num_queries(12):
        assert len(list(records("services"))) == 6
    for _number in range(5):
        make_venue(levels={"cv": 2, "mails": 3})
    list(records("services"))
    with django_assert_max_num_queries(12):
        assert len(list(records("services"))) == 16


@pytest.mark.engine
@pytest.mark.usefixtures("on_demo_load_day")
def test_the_demo_validates_record_by_record(demo):
    report = QualityReport()
    structures = list(records("structures", report=report))
    services = list(records("services", report=report))
    assert report.rejected == []
    assert len(structures) >= 20 and len(services) >= len(structures)
    for structure in structures:
        Structure.model_validate(structure)
    for service in services:
        assert Service.model_validate(service).thematiques
    assert {service["structure_id"] for service in services} <= {s["id"] for s in structures}
    assert len({service["id"] for service in services}) == len(services)
    assert any("Niveau\u00a0: expert" in service["description"] for service in services)
