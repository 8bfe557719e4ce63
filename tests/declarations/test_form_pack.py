"""The site's crispy-forms pack (templates/portal_crispy/): what it promises every public form.

Labels tied to inputs, help and errors tied by aria-describedby to ids that exist, invalid inputs
marked, groups of choices as fieldsets, required fields marked, an error summary whose links
reach their fields, an error title, and none of the Bootstrap class names it replaced.
"""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from guide.service_levels import field_name

from .declaration_helpers import IDENTIFICATION, VENUE, level_fields, post_step, services

BOOTSTRAP = re.compile(
    r"\b(form-control|form-select|form-check|form-label|form-text|mb-3|is-invalid"
    r"|invalid-feedback|asteriskField)\b"
)


@pytest.fixture
def catalogue(home_page, families, territory):
    return territory


def ids(html):
    return set(re.findall(r'\sid="([^"]+)"', html))


def described_by(html):
    return {ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split()}


def summary_targets(html):
    summary = re.search(r'<div class="error-summary" role="alert">(.*?)</div>', html, re.S).group(1)
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)


def lieu_with_errors(client):
    client.get(reverse("declarations:start"))
    post_step(client, "identification", IDENTIFICATION)
    data = {
        **VENUE,
        "postcode": "5700",
        "hours_we_pm_start": "14:00",
        **level_fields({"photos": "4"}),  # not a level: refused as a tampered form would be
    }
    return unescape(post_step(client, "lieu", data).content.decode())


def test_error_summary_links_each_error_to_its_field(client, catalogue):
    html = lieu_with_errors(client)
    assert "<title>Erreur\u00a0: Déclarer un lieu" in html
    targets = dict(summary_targets(html))
    assert targets["id_lieu-postcode"].startswith(
        "Code postal\u00a0: Le code postal doit comporter"
    )
    assert targets["id_lieu-hours_we_pm_end"] == (
        "Mercredi, Après-midi, à\u00a0: Indiquez l'heure d'ouverture et de fermeture."
    )
    photos = f"id_lieu-{field_name(services()['photos'])}"
    assert targets[photos].startswith("Images : retoucher ses photos\u00a0: Sélectionnez un choix")
    assert set(targets) <= ids(html)
    assert html.index('class="error-summary"') < html.index("<form")


def test_errors_are_announced_with_their_field(client, catalogue):
    html = lieu_with_errors(client)
    assert described_by(html) <= ids(html)  # every description exists, the hours grid's too
    postcode = re.search(r'<input [^>]*id="id_lieu-postcode"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in postcode
    assert 'aria-describedby="id_lieu-postcode_error"' in postcode
    assert re.search(
        r'id="id_lieu-postcode_error" class="field-errors">\s*<p class="field-error">'
        r'<span class="visually-hidden">Erreur\u00a0:</span> Le code postal',
        html,
    )
    hours = re.search(r'<input [^>]*id="id_lieu-hours_we_pm_end"[^>]*>', html).group(0)
    assert 'aria-describedby="id_lieu-hours_we_pm_end_error"' in hours


def test_help_and_error_both_describe_a_field(client, catalogue):
    client.get(reverse("declarations:start"))
    html = post_step(client, "identification", {**IDENTIFICATION, "declarant_email": ""})
    email = re.search(
        r'<input [^>]*id="id_identification-declarant_email"[^>]*>', html.content.decode()
    )
    assert (
        'aria-describedby="id_identification-declarant_email_helptext '
        'id_identification-declarant_email_error"'
    ) in email.group(0)


def test_groups_of_choices_are_fieldsets_described_by_their_errors(client, catalogue):
    html = lieu_with_errors(client)
    photos = f"id_lieu-{field_name(services()['photos'])}"
    group = re.search(
        rf'<fieldset class="field field-choices has-error" aria-describedby="{photos}_error">'
        r'\s*<legend class="field-label">Images : retoucher ses photos',
        html,
    )
    assert group
    assert re.search(rf'<label for="{photos}_3"><input type="radio" [^>]*aria-invalid="true"', html)


def test_labels_and_required_fields(client, catalogue):
    html = unescape(client.get(reverse("declarations:start"), follow=True).content.decode())
    name = re.search(
        r'<label class="field-label"\s+for="id_identification-declarant_name">(.*?)</label>',
        html,
        re.S,
    ).group(1)
    assert (
        name.strip() == 'Votre nom et prénom<span class="required-mark" aria-hidden="true">*</span>'
    )
    assert re.search(r'<input [^>]*required[^>]*id="id_identification-declarant_name"', html)
    role = re.search(
        r'<label class="field-label"\s+for="id_identification-declarant_role">(.*?)</label>',
        html,
        re.S,
    ).group(1)
    assert "required-mark" not in role
    assert re.search(
        r'<p id="id_identification-declarant_email_helptext" class="field-help">Nous y envoyons',
        html,
    )
    assert "error-summary" not in html and "<title>Erreur" not in html


def test_single_checkbox_has_its_label_after_it(client, catalogue):
    client.get(reverse("declarations:start"))
    post_step(client, "identification", IDENTIFICATION)
    post_step(client, "lieu", VENUE)
    html = unescape(post_step(client, "validation", {}).content.decode())
    assert re.search(
        r'<div class="field field-check has-error">\s*'
        r'<input type="checkbox" name="validation-consent"[^>]*id="id_validation-consent">\s*'
        r'<label for="id_validation-consent">J\'accepte',
        html,
    )
    assert dict(summary_targets(html))["id_validation-consent"].endswith(
        "Cochez cette case pour envoyer votre déclaration."
    )


def test_tracking_form_summarises_its_error(client, catalogue):
    html = unescape(client.get(reverse("declarations:track") + "?code=").content.decode())
    assert "<title>Erreur\u00a0: Suivre une déclaration" in html
    assert summary_targets(html) == [
        ("id_code", "Votre code de suivi\u00a0: Indiquez votre code de suivi.")
    ]


def test_no_bootstrap_class_names_are_left(client, catalogue):
    assert not BOOTSTRAP.search(lieu_with_errors(client))
    stylesheet = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()
    assert not BOOTSTRAP.search(stylesheet)
    templates = Path(settings.BASE_DIR, "templates")
    assert not [path for path in templates.rglob("*.html") if BOOTSTRAP.search(path.read_text())]
