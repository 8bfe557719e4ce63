"""The diagnosis on a small known city: gaps, fragility import, exports, PDF, permission."""

import csv
import io

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from diagnostic.figures import diagnose
from diagnostic.fragility import import_fragility
from diagnostic.models import DiagnosticSettings, FragilityIndex, ObservatoryPage
from guide.models import NeedPage, NeedTreePage, ThemePage
from guide.usage import Kind
from tests.conftest import publish
from tests.diagnostic.conftest import REPORT_URL, UPLOAD_URL

GOOD_AND_BAD = (
    "code_insee;commune;indice;acces_numerique;acces_information;competences_administratives;"
    "competences_numeriques\n"
    "57463;Metz;108,5;0,6;1,1;1,4;0,3\n"
    "5746;Quelque part;100;;;;\n"
    "57631;Sarreguemines;;;;;\n"
    "57751;Woippy;beaucoup;;;;\n"
    "57200;;90;;;;\n"
    "57480;Montigny-lès-Metz;97.3\n"
)


def rows_of(diagnosis, key):
    return diagnosis.tables[key].rows


# The gaps


def test_a_postcode_far_from_any_two_star_place_is_flagged(places, need):
    diagnosis = diagnose()
    distances = {(row[0], row[1][:5]): row for row in rows_of(diagnosis, "distances")}
    far = distances[(need.title, "57200")]
    near = distances[(need.title, "57050")]
    assert far[2] > 60 and far[3] == "Centre social Pioche" and far[4] == "Oui"
    assert near[2] < 5 and near[4] == "Non"
    assert [row["postcode"] for row in diagnosis.gaps] == ["57200"]
    assert any("57200" in sentence and "plus de 5 km" in sentence for sentence in diagnosis.summary)


def test_the_threshold_is_set_in_the_admin(places, need, editor_client):
    form_url = editor_client.get("/admin/settings/diagnostic/diagnosticsettings/", follow=True)
    assert "Distance signalée (km)" in form_url.content.decode()
    response = editor_client.post(form_url.request["PATH_INFO"], {"distance_threshold_km": "80"})
    assert response.status_code == 302
    assert DiagnosticSettings.load().distance_threshold_km == 80
    assert diagnose().gaps == []


def test_needs_without_expert_and_hours_with_nothing_open(places, need, territory):
    diagnosis = diagnose(territory_slug=territory.slug)
    assert rows_of(diagnosis, "besoins") == [[need.title, "★★"]]
    assert rows_of(diagnosis, "sans-expert") == [[territory.name, 1, need.title]]
    closed = {row[1]: row[2] for row in rows_of(diagnosis, "heures-fermees")}
    # Mo-Fr 09:00-12:00,13:30-17:00 and Tu-Sa 14:00-19:00
    assert closed["Lundi"] == "8 h – 9 h, 12 h – 13 h, 17 h – 20 h"
    assert closed["Mardi"] == "8 h – 9 h, 12 h – 13 h, 19 h – 20 h"
    assert closed["Samedi"] == "8 h – 14 h, 19 h – 20 h"


def test_offer_of_a_territory(places, territory):
    diagnosis = diagnose(territory_slug=territory.slug)
    # 5 × 6.5 h, and 5 × 5 h of which 5 × 1 h after 18 h and 5 h on Saturday
    assert rows_of(diagnosis, "offre")[0] == [territory.name, 2, 57.5, 5.0, 5.0, 9.0, 1, 1]
    assert rows_of(diagnosis, "langues")[0] == ["Arabe", 1]
    families = {row[0]: row[1:] for row in rows_of(diagnosis, "familles")}
    assert families["Faire ses démarches en ligne"] == [0, 1, 0]
    assert families["Découvrir les usages de base du numérique"] == [1, 0, 0]


def test_filter_by_commune_and_need(places, need):
    assert diagnose(commune="Sarreguemines").totals["places"] == 1
    assert diagnose(need_id=need.pk).totals["places"] == 2  # ★★ near Metz, ★ far away


# The demand


def test_demand_by_postcode_and_by_need(places, need, client):
    assert client.get(need.url + "?cp=57200").status_code == 200
    diagnosis = diagnose()
    by_need = {row[0]: row[1:] for row in rows_of(diagnosis, "recherches-besoins")}
    assert by_need[need.title] == [1, 0]
    postcodes = {row[0][:5]: row[1:] for row in rows_of(diagnosis, "recherches")}
    assert postcodes["57200"][0] == 1


def test_a_need_without_any_place_is_counted_without_result(home_page, families, client):
    root = publish(home_page, NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi"))
    theme = publish(root, ThemePage(title="Créer", slug="creer"))
    empty = publish(theme, NeedPage(title="Imprimer en 3D", slug="3d", family=families["creer"]))
    client.get(empty.url)
    diagnosis = diagnose()
    assert rows_of(diagnosis, "recherches-besoins") == [["Imprimer en 3D", 1, 1]]


# Fragility


def test_fragility_import_reports_bad_lines_and_keeps_good_ones(db):
    report = import_fragility(GOOD_AND_BAD)
    assert report.imported == 2
    assert [number for number, _reason in report.errors] == [3, 4, 5, 6]
    reasons = dict(report.errors)
    assert "Code INSEE «\u00a05746\u00a0» invalide" in reasons[3]
    assert "Valeur manquante dans la colonne «\u00a0indice\u00a0»" in reasons[4]
    assert "«\u00a0beaucoup\u00a0» n'est pas un nombre" in reasons[5]
    assert reasons[6] == "Nom de commune manquant."
    assert FragilityIndex.objects.get(insee_code="57463").digital_access == 0.6
    assert FragilityIndex.objects.get(insee_code="57480").score == 97.3


def test_fragility_upload_in_the_admin_shows_refused_lines(diagnosis_client):
    upload = io.BytesIO(GOOD_AND_BAD.encode())
    upload.name = "indice.csv"
    html = diagnosis_client.post(UPLOAD_URL, {"file": upload}).content.decode()
    assert "2 communes importées" in html and "4 lignes refusées" in html
    assert "Nom de commune manquant." in html
    assert FragilityIndex.objects.count() == 2


def test_a_file_without_the_required_columns_is_refused_whole(db):
    report = import_fragility("insee;score\n57463;100\n")
    assert report.imported == 0
    assert report.errors == [
        (1, "Colonnes obligatoires absentes\u00a0: code_insee, commune, indice.")
    ]


def test_communes_ranked_by_fragility_against_their_offer(places):
    import_fragility(GOOD_AND_BAD)
    FragilityIndex.objects.create(insee_code="57631", commune="Sarreguemines", score=120)
    rows = rows_of(diagnose(), "fragilite")
    assert [row[:5] for row in rows] == [
        [1, "57631", "Sarreguemines", 120, 1],
        [2, "57463", "Metz", 108.5, 2],
        [3, "57480", "Montigny-lès-Metz", 97.3, 0],
    ]


# The report, its exports and the PDF


def test_report_shows_figures_charts_and_their_tables(places, need, diagnosis_client):
    html = diagnosis_client.get(REPORT_URL).content.decode()
    assert "Diagnostic du territoire" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'alt="Heures d&#x27;ouverture par semaine, par territoire.' in html
    assert 'id="tableau-offre"' in html and 'id="tableau-distances"' in html
    assert "Ensemble du territoire\u00a0: 3 lieux d&#x27;aide au numérique" in html
    # The map of postcodes: 57050 near a ★★ place, 57200 beyond 5 km.
    assert "codes postaux signalés\u00a0: 1 sur 2" in html


def test_report_query_count_does_not_grow_with_venues(places, need, diagnosis_client, make_venue):
    diagnosis_client.get(REPORT_URL)
    with CaptureQueriesContext(connection) as few:
        diagnosis_client.get(REPORT_URL)
    for number in range(5):
        make_venue(title=f"Lieu {number}", services={"demarches": (3, [])}, postcode="57070")
    diagnosis_client.get(REPORT_URL)  # the content cache renewed by the publications
    with CaptureQueriesContext(connection) as many:
        diagnosis_client.get(REPORT_URL)
    assert len(many) == len(few) <= 30


def test_csv_and_xlsx_exports_hold_every_table(places, need, diagnosis_client):
    response = diagnosis_client.get(REPORT_URL + "?export=csv&tableau=distances")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Besoin", "Code postal", "Distance (km)", "Lieu le plus proche", "Signalé"]
    assert len(rows) == 1 + 2  # the need × two postcodes
    workbook = load_workbook(io.BytesIO(diagnosis_client.get(REPORT_URL + "?export=xlsx").content))
    assert len(workbook.sheetnames) == 11
    assert workbook["L'offre par territoire"]["A2"].value == "Metz Sablon"
    assert diagnosis_client.get(REPORT_URL + "?export=csv&tableau=inconnu").status_code == 404


def test_pdf_report_reads_back_with_chart_titles_and_findings(places, need, diagnosis_client):
    response = diagnosis_client.get(REPORT_URL + "?territoire=metz-sablon&export=pdf")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Diagnostic du territoire" in text and "Ce qu'il faut retenir" in text
    assert "Heures d'ouverture par semaine, par territoire" in text
    assert "Meilleur niveau de chaque besoin, par territoire" in text
    assert "Metz Sablon : 2 lieux d'aide au numérique, ouverts 57,5 heures par semaine" in text
    assert "1 besoin n'a aucun lieu expert (★★★) : Faire mes démarches en ligne." in text
    assert reader.pdf_header.startswith("%PDF")
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_command_writes_the_pdf(places, tmp_path):
    output = tmp_path / "diagnostic.pdf"
    call_command("diagnostic", territory="metz-sablon", output=str(output), stdout=io.StringIO())
    text = PdfReader(output).pages[0].extract_text()
    assert "Metz Sablon" in text


# Permission


def test_report_is_for_those_given_the_permission(client, editor_without_diagnosis):
    assert Client().get(REPORT_URL).status_code == 302  # to the login page
    for url in (REPORT_URL, REPORT_URL + "?export=xlsx", UPLOAD_URL):
        denied = client.get(url)
        assert denied.status_code == 302 and denied["Location"] == "/admin/"
    assert REPORT_URL not in client.get("/admin/").content.decode()
    group = editor_without_diagnosis.groups.get()
    group.permissions.add(Permission.objects.get(codename="view_territorydiagnosis"))
    assert client.get(REPORT_URL).status_code == 200
    assert REPORT_URL in client.get("/admin/").content.decode()


def test_permission_can_be_given_in_the_group_editor(editor_client):
    group = Group.objects.create(name="Élus")
    html = editor_client.get(f"/admin/groups/edit/{group.pk}/").content.decode()
    assert "Peut voir le diagnostic du territoire" in html


def test_kind_of_count_for_needs_without_result_exists():
    assert Kind.NEED_NO_RESULT.label == "Recherches sans résultat, par besoin"


# The public Observatoire


def test_observatory_shows_the_offer_and_never_the_searches(places, need, home_page, client):
    page = publish(home_page, ObservatoryPage(title="Observatoire", slug="observatoire"))
    client.get(need.url + "?cp=57200")  # a search, which the page must not show
    html = client.get(page.url).content.decode()
    assert "Ensemble du territoire\u00a0: 3 lieux d&#x27;aide au numérique" in html
    assert 'alt="Heures d&#x27;ouverture par semaine, par territoire.' in html
    assert 'id="tableau-besoins"' in html and 'id="tableau-offre"' in html
    assert "Recherches" not in html and "57200 Sarreguemines" not in html
    assert "fragilité" not in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_postcode_cut_with_an_ellipsis_ends_the_sentence_once():
    from types import SimpleNamespace

    from diagnostic.summary import demand_sentence

    searches = SimpleNamespace(rows=[("57050 Metz, Le Ban-Saint-Martin, La Maxe…", 12, 5)])
    diagnosis = SimpleNamespace(
        tables={"recherches": searches}, scope=SimpleNamespace(period_days=30)
    )
    sentence = demand_sentence(diagnosis)
    assert sentence.endswith("en vain\u00a0: 57050 Metz, Le Ban-Saint-Martin, La Maxe…")
    searches.rows = [("57000 Metz", 12, 5)]
    assert demand_sentence(diagnosis).endswith("en vain\u00a0: 57000 Metz.")
