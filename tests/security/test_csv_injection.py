"""Finding 4: CSV formula injection.

Free text that a spreadsheet would run (``=1+2``, ``=HYPERLINK(…)``, ``@SUM(…)``) is refused at
entry, in the admin, the declaration form and the import, so the open-data file publishes what
was typed; the admin's CSV exports neutralise what was stored before with a leading quote.
Phone numbers in international format stay as they are.
"""

import csv
import io
import re
from datetime import date

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from guide.models import VenuePage
from opendata.importer import import_file
from stats.models import UsageCount
from tests.declarations.declaration_helpers import IDENTIFICATION, VENUE, post_step
from tests.guide.test_admin import add_url, venue_form
from tests.opendata.opendata_helpers import read_csv, valid_row, write_csv

FORMULA_MESSAGE = (
    "Un texte ne peut pas commencer par =, +, - ou @\u00a0: ces caractères sont lus comme une "
    "formule par les tableurs."
)
FRESHNESS_CSV = "/admin/reports/fraicheur-des-lieux/?export=csv"
STATISTICS_CSV = "/admin/reports/statistiques-de-frequentation/?export=csv"


def page_text(response):
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def declaration_field_errors(html, name):
    """The errors shown under a field of the declaration's venue step."""
    found = re.search(
        rf'<div id="id_lieu-{name}_error" class="field-errors">(.*?)</div>', html, re.S
    )
    return found.group(1) if found else ""


def csv_rows(response):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize(
    ("field", "value", "typed"),
    [
        ("title", "=1+2", "=1+2"),
        ("summary", '=HYPERLINK("https://evil.example","Cliquez")', "=HYPERLINK("),
        ("address", "@SUM(1+1)*cmd|' /C calc'!A0", "@SUM(1+1)"),
        ("fee_details", "-2+3", "-2+3"),
        ("presentation", rich_text("<p>+1+1</p>"), "+1+1"),
    ],
)
def test_admin_refuses_a_venue_text_that_starts_like_a_formula(
    editor_client, venue_index, territory, families, field, value, typed
):
    data = venue_form(territory, families, **{field: value})
    data["action-publish"] = "publish"
    response = editor_client.post(add_url(venue_index), data)
    assert response.status_code == 200
    html = page_text(response)
    assert FORMULA_MESSAGE in html
    assert typed in html  # what was typed is kept
    assert not VenuePage.objects.filter(slug="centre-social-pioche").exists()


def test_admin_accepts_an_international_phone_published_unquoted(
    editor_client, venue_index, territory, families, client
):
    data = venue_form(territory, families, phone="+33 3 87 00 00 00")
    data["action-publish"] = "publish"
    response = editor_client.post(add_url(venue_index), data)
    assert response.status_code == 302
    (row,) = read_csv(client.get("/donnees/lieux.csv").content.decode())
    assert row["telephone"] == "+33387000000"
    assert row["nom"] == "Centre social Pioche"


def test_freshness_csv_neutralises_formulas_stored_before_validation(editor_client, make_venue):
    legacy = {
        "=1+2": "'=1+2",
        '=HYPERLINK("https://evil.example")': '\'=HYPERLINK("https://evil.example")',
        "@SUM(A1)": "'@SUM(A1)",
        "\t=1+2": "'\t=1+2",
        "-1": "-1",  # a number holds nothing to run
        "+33 3 87 00 00 00": "+33 3 87 00 00 00",  # nor does a phone number
        "Médiathèque": "Médiathèque",
    }
    for number, title in enumerate(legacy):
        venue = make_venue()
        # Written directly in the database, as data saved before the validators existed.
        VenuePage.objects.filter(pk=venue.pk).update(title=title, draft_title=title)
        VenuePage.objects.filter(pk=venue.pk).update(verified_on=date(2020, 1, number + 1))
    rows = csv_rows(editor_client.get(FRESHNESS_CSV))
    assert [row["Lieu"] for row in rows] == list(legacy.values())


def test_statistics_csv_neutralises_a_stored_key(editor_client, db):
    today = timezone.localdate()
    UsageCount.objects.create(day=today, kind=UsageCount.Kind.NO_RESULT, key="=1+2", count=3)
    rows = csv_rows(editor_client.get(STATISTICS_CSV))
    assert [row["Élément"] for row in rows] == ["'=1+2"]


def test_declaration_refuses_a_formula_and_keeps_what_was_typed(client, home_page, territory):
    post_step(client, "identification", IDENTIFICATION)
    response = post_step(
        client,
        "lieu",
        {**VENUE, "title": "=1+2", "presentation": '=HYPERLINK("https://evil.example")'},
    )
    assert response.status_code == 200
    html = page_text(response)
    assert FORMULA_MESSAGE in declaration_field_errors(html, "title")
    assert FORMULA_MESSAGE in declaration_field_errors(html, "presentation")
    assert 'value="=1+2"' in html
    assert '=HYPERLINK("https://evil.example")</textarea>' in html


def test_declaration_accepts_an_international_phone(client, home_page, territory):
    post_step(client, "identification", IDENTIFICATION)
    response = post_step(client, "lieu", {**VENUE, "phone": "+33 3 87 00 00 00"})
    assert response.status_code == 302


def test_import_reports_formula_lines_and_imports_the_others(venue_index, territory, tmp_path):
    path = write_csv(
        tmp_path / "lieux.csv",
        [
            valid_row(1, nom="=1+2"),
            valid_row(2, presentation_detail='=HYPERLINK("https://evil.example")'),
            valid_row(3, id="@lieu-3"),
            valid_row(4, telephone="+33 3 87 55 55 55"),
        ],
    )
    report = import_file(path)
    errors = {entry.label: entry.reasons for entry in report.errors}
    assert errors == {
        "ligne 2": [f"nom : {FORMULA_MESSAGE}"],
        "ligne 3": [f"presentation_detail : {FORMULA_MESSAGE}"],
        "ligne 4": [f"id : {FORMULA_MESSAGE}"],
    }
    assert [entry.name for entry in report.created] == ["Médiathèque 4"]
    assert VenuePage.objects.get().phone == "03 87 55 55 55"
