"""Finding 5: web addresses are http(s) URLs, wherever they are typed and wherever they go.

``other_websites`` was free text: ``javascript:alert(1)`` and ``=HYPERLINK(…)`` went through the
declaration and the admin into JSON-LD ``sameAs`` and the open-data ``site_web``, which the
site's own import then refused. Every URL field now takes http(s) addresses only, and what was
stored before never leaves the site.
"""

import json
import re

import pytest

from guide.models import VenuePage
from opendata.exporter import export_text
from opendata.importer import import_file, import_venues
from tests.declarations.declaration_helpers import IDENTIFICATION, VENUE, post_step
from tests.guide.test_admin import add_url, venue_form
from tests.opendata.opendata_helpers import read_csv, valid_row

WEB_URL_MESSAGE = "Indiquez une adresse web complète qui commence par http:// ou https://."
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
LEGACY_WEBSITES = "\n".join(
    [
        "https://social.example/@mediatheque",
        "javascript:alert(1)",
        '=HYPERLINK("https://evil.example")',
        "ftp://files.example.org/",
    ]
)


def not_a_web_address(line):
    return (
        f"«\u00a0{line}\u00a0» n'est pas une adresse web\u00a0: écrivez une adresse complète "
        "qui commence par http:// ou https://, une par ligne."
    )


def page_text(response):
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def declaration_field_errors(html, name):
    found = re.search(
        rf'<div id="id_lieu-{name}_error" class="field-errors">(.*?)</div>', html, re.S
    )
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("other_websites", "javascript:alert(1)", not_a_web_address("javascript:alert(1)")),
        (
            "other_websites",
            'https://ok.example.org\n=HYPERLINK("https://evil.example")',
            not_a_web_address('=HYPERLINK("https://evil.example")'),
        ),
        ("booking_url", "ftp://rdv.example.org/", WEB_URL_MESSAGE),
    ],
)
def test_admin_refuses_addresses_that_are_not_web_urls(
    editor_client, venue_index, territory, families, field, value, message
):
    data = venue_form(territory, families, **{field: value})
    data["action-publish"] = "publish"
    response = editor_client.post(add_url(venue_index), data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not VenuePage.objects.filter(slug="centre-social-pioche").exists()


def test_declaration_refuses_other_websites_and_keeps_what_was_typed(client, home_page, territory):
    post_step(client, "identification", IDENTIFICATION)
    typed = {
        "other_websites": "https://ok.example.org\njavascript:alert(1)",
        "website": "ftp://files.example.org/",
    }
    response = post_step(client, "lieu", {**VENUE, **typed})
    assert response.status_code == 200
    html = page_text(response)
    errors = declaration_field_errors(html, "other_websites")
    assert not_a_web_address("javascript:alert(1)") in errors
    assert WEB_URL_MESSAGE in declaration_field_errors(html, "website")
    assert "https://ok.example.org\njavascript:alert(1)</textarea>" in html
    assert 'value="ftp://files.example.org/"' in html
    assert 'value="Espace numérique des Isles"' in html


@pytest.fixture
def legacy_venue(make_venue):
    """Addresses stored before they were validated, written directly in the database."""
    venue = make_venue(other_websites="https://social.example/@mediatheque")
    VenuePage.objects.filter(pk=venue.pk).update(
        other_websites=LEGACY_WEBSITES, booking_url="ftp://rdv.example.org/"
    )
    return venue


def test_json_ld_same_as_carries_only_web_urls(client, legacy_venue):
    html = client.get(legacy_venue.url).content.decode()
    (data,) = [json.loads(found) for found in JSON_LD.findall(html)]
    assert data["sameAs"] == "https://social.example/@mediatheque"
    assert "javascript:" not in html and "HYPERLINK" not in html


def test_open_data_file_carries_only_web_urls(client, legacy_venue):
    (row,) = read_csv(client.get("/donnees/lieux.csv").content.decode())
    assert row["site_web"] == "https://social.example/@mediatheque"
    assert row["prise_rdv"] == ""


def test_export_then_import_keeps_several_websites(make_venue, tmp_path):
    other_websites = [
        "https://www.facebook.com/mediatheque",
        "https://social.example/@mediatheque",
        "https://maps.example.org/@49.1,6.17,15z",  # commas are not separators in a URL
    ]
    venue = make_venue(
        title="Médiathèque du Sablon",
        website="https://mediatheque.example.org/",
        other_websites="\n".join(other_websites),
        booking_url="https://rdv.example.org/mediatheque",
        accessibility_url="https://acceslibre.beta.gouv.fr/app/57-metz/a/bibliotheque/erp/sablon/",
    )
    path = tmp_path / "lieux.csv"
    path.write_text(export_text("csv"), encoding="utf-8")
    VenuePage.objects.filter(pk=venue.pk).delete()

    report = import_file(path)

    assert report.errors == []
    imported = VenuePage.objects.get(national_id=str(venue.translation_key))
    assert imported.title == "Médiathèque du Sablon"
    assert imported.website == "https://mediatheque.example.org/"
    assert imported.other_websites.splitlines() == other_websites
    assert imported.booking_url == venue.booking_url
    assert imported.accessibility_url == venue.accessibility_url


def test_import_reports_lines_whose_addresses_are_not_web_urls(venue_index, territory):
    report = import_venues(
        [
            ("ligne 2", valid_row(1, site_web="https://ok.example.org|javascript:alert(1)")),
            ("ligne 3", valid_row(2, site_web="https://ok.example.org|https://intranet")),
            ("ligne 4", valid_row(3, prise_rdv="ftp://rdv.example.org/")),
            ("ligne 5", valid_row(4)),
        ]
    )
    errors = {entry.label: entry.reasons for entry in report.errors}
    assert errors == {
        "ligne 2": [
            'site_web : "javascript:alert(1)" n\'est pas une adresse web (http:// ou https://)'
        ],
        "ligne 3": [f"site_web : {not_a_web_address('https://intranet')}"],
        "ligne 4": [
            'prise_rdv : "ftp://rdv.example.org/" n\'est pas une adresse web (http:// ou https://)'
        ],
    }
    assert [entry.name for entry in report.created] == ["Médiathèque 4"]
