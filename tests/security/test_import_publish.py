"""Finding 7: ``import_lieux --publish`` puts third-party data live without review.

The option stays, but the report says how many venues went live unreviewed, and every imported
venue goes through the admin form's validation first: a line the admin would refuse is reported
with its French reason and left out, the good lines are imported.
"""

import pytest
from django.core.management import call_command

from guide.models import VenuePage
from opendata.importer import import_venues
from tests.opendata.opendata_helpers import valid_row, write_csv

PUBLISHED_TWO = (
    "Attention\u00a0: 2 nouveaux lieux ont été publiés sans relecture (--publish)\u00a0: "
    "ils sont en ligne et dans les données ouvertes tels que le fichier les décrit. "
    "Relisez-les dans l'administration."
)
WOULD_PUBLISH_ONE = (
    "Attention\u00a0: 1 nouveau lieu serait publié sans relecture (--publish)\u00a0: "
    "il serait en ligne et dans les données ouvertes tel que le fichier le décrit."
)
REPUBLISHED_ONE = "Attention\u00a0: 1 lieu en ligne a été mis à jour et republié sans relecture."
NOT_IN_FRANCE = (
    "latitude : Ces coordonnées ne sont pas en France. Vérifiez l'ordre (latitude d'abord, "
    "environ 49,1 pour Metz) et le signe de la longitude."
)
INSEE_MISMATCH = "code_insee : Le code INSEE ne correspond pas au département du code postal."


@pytest.fixture
def site(venue_index, territory):
    return venue_index


def import_command(capsys, *args):
    call_command("import_lieux", *map(str, args))
    return capsys.readouterr()


def test_publish_report_says_the_venues_went_live_without_review(site, tmp_path, capsys):
    path = write_csv(tmp_path / "lieux.csv", [valid_row(1), valid_row(2)])
    out, _err = import_command(capsys, path, "--publish")
    assert PUBLISHED_TWO in out
    assert VenuePage.objects.live().count() == 2


def test_dry_run_with_publish_warns_too(site, tmp_path, capsys):
    path = write_csv(tmp_path / "lieux.csv", [valid_row(1)])
    out, _err = import_command(capsys, path, "--publish", "--dry-run")
    assert WOULD_PUBLISH_ONE in out
    assert not VenuePage.objects.exists()


def test_drafts_need_no_warning(site, tmp_path, capsys):
    path = write_csv(tmp_path / "lieux.csv", [valid_row(1)])
    out, _err = import_command(capsys, path)
    assert "Attention" not in out
    assert not VenuePage.objects.live().exists()


def test_update_of_a_live_venue_is_reported_as_republished(site, tmp_path, capsys):
    import_venues([("ligne 2", valid_row(1))], publish=True)
    path = write_csv(tmp_path / "lieux.csv", [valid_row(1, horaires="Mo-Fr 10:00-12:00")])
    out, _err = import_command(capsys, path)
    assert REPUBLISHED_ONE in out
    assert VenuePage.objects.live().get().opening_hours == "Mo-Fr 10:00-12:00"


def test_lines_the_admin_form_refuses_are_reported_and_the_good_ones_imported(
    site, tmp_path, capsys
):
    path = write_csv(
        tmp_path / "lieux.csv",
        [
            valid_row(1, latitude="40.0", longitude="-30.0"),  # in the Atlantic
            valid_row(2, code_insee="75056"),  # Paris, with a postcode in Moselle
            valid_row(3),
        ],
    )
    out, err = import_command(capsys, path, "--publish")
    assert f"Erreur, ligne 2 (Médiathèque 1) : {NOT_IN_FRANCE}" in err
    assert f"Erreur, ligne 3 (Médiathèque 2) : {INSEE_MISMATCH}" in err
    assert "1 lieu a été créé" in out and "2 lignes en erreur ignorées" in out
    assert list(VenuePage.objects.live().values_list("title", flat=True)) == ["Médiathèque 3"]


def test_an_update_the_admin_form_refuses_leaves_the_live_venue_as_it_was(site):
    import_venues([("ligne 2", valid_row(1))], publish=True)
    report = import_venues(
        [("ligne 2", valid_row(1, code_insee="75056", horaires="Mo 08:00-12:00"))]
    )
    assert report.errors[0].reasons == [INSEE_MISMATCH]
    assert not report.updated and report.publication_warnings() == []
    venue = VenuePage.objects.get()
    assert venue.insee_code == "57463" and venue.opening_hours == "Mo-Fr 09:00-12:00,14:00-18:00"
    assert not venue.has_unpublished_changes
