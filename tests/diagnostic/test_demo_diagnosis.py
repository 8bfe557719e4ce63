"""The demo's diagnosis of Metz – Sablon, checked against figures counted by hand from
demo/venues.json (S1 Centre social Pioche, S2 Centre social et culturel du Sablon, S3 Médiathèque
du Sablon)."""

import pytest

from diagnostic.figures import diagnose
from tests.diagnostic.conftest import REPORT_URL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo", "on_demo_load_day")]

SABLON = "metz-sablon"


def test_offer_of_metz_sablon_matches_the_figures_counted_by_hand():
    diagnosis = diagnose(territory_slug=SABLON)
    # S1: five days of 3 h = 15 h; S2: Tu, Th 13-17 = 8 h;
    # S3: Tu, Th, Fr 14-18 = 12 h, We and Sa 10-12 and 14-18 = 12 h, of which 6 h on Saturday.
    assert diagnosis.tables["offre"].rows[0] == ["Metz – Sablon", 3, 47.0, 0.0, 6.0, 6.0, 3, 2]
    families = {row[0]: row[1:] for row in diagnosis.tables["familles"].rows}
    # Best level in the family: S1 impôts ★★★, S2 ★★, S3 ★ (impôts, CAF).
    assert families["Faire ses démarches en ligne"] == [1, 1, 1]
    # S3 ★★★ (tablet, computer, internet), S1 and S2 ★★ at best (computer, internet).
    assert families["Découvrir les usages de base du numérique"] == [1, 2, 0]
    services = {row[1]: row[2:] for row in diagnosis.tables["services"].rows}
    # E-mails: S1 ★, S2 ★★, S3 ★★.
    assert services["Mails : créer, envoyer, recevoir"] == [0, 2, 1]
    assert diagnosis.tables["langues"].rows == [["Interprète disponible", 0]]
    closed = {row[1]: row[2] for row in diagnosis.tables["heures-fermees"].rows}
    # Monday: S1 only, 08:30-11:30, which opens during the 8 h hour.
    assert closed["Lundi"] == "12 h – 20 h"
    assert diagnosis.summary[0] == (
        "Metz – Sablon\u00a0: 3 lieux d'aide au numérique, ouverts 47 heures par semaine au "
        "total, dont 6 heures après 18 h ou le samedi."
    )


def test_the_admin_shows_the_same_figures(admin_client):
    html = admin_client.get(f"{REPORT_URL}?territoire={SABLON}").content.decode()
    assert "ouverts 47 heures par semaine" in html
    assert '<th scope="row">Metz – Sablon</th>' in html
