"""Posting the steps of the declaration form as a browser would."""

import re

from django.urls import reverse

from guide.models.catalogue import service_catalogue
from guide.service_levels import field_name

MANAGEMENT_FIELD = "declaration_wizard-current_step"

IDENTIFICATION = {
    "declarant_name": "Awa Diallo",
    "declarant_role": "Coordinatrice",
    "declarant_structure": "Association Lire et Écrire",
    "declarant_email": "awa@example.org",
    "declarant_phone": "03 87 55 55 55",
}

VENUE = {
    "title": "Espace numérique des Isles",
    "summary": "Accès libre à des ordinateurs et aide aux démarches en ligne, sans rendez-vous.",
    "presentation": "Un espace convivial.\n\nDeux médiatrices vous accueillent.",
    "typology": ["TIERS_LIEUX"],
    "address": "2 rue des Isles",
    "postcode": "57000",
    "commune": "Metz",
    "phone": "0387000000",
    "fee": "gratuit",
    "publics": ["seniors", "jeunes"],
    "support_drop_in": "on",
    "step_free": "true",
    "hours_mo_am_start": "09:00",
    "hours_mo_am_end": "12:00",
    "hours_mo_pm_start": "13:30",
    "hours_mo_pm_end": "17:00",
    "hours_tu_am_start": "09:00",
    "hours_tu_am_end": "12:00",
    "hours_tu_pm_start": "13:30",
    "hours_tu_pm_end": "17:00",
    "hours_sa_am_start": "9h",
    "hours_sa_am_end": "12h",
}

# {item slug: level} the venue step rates by default; the other services are not offered.
LEVELS = {"caf-rsa": 2, "ameli": 3, "ordinateur": 1}

VALIDATION = {"consent": "on", "message": "Ouvert depuis janvier."}


def step_url(step):
    return reverse("declarations:step", args=[step])


def prefixed(step, data):
    return {f"{step}-{name}": value for name, value in data.items()}


def post_step(client, step, data, **extra):
    """POST one step's fields (``extra`` adds raw fields such as wizard_goto_step)."""
    payload = {MANAGEMENT_FIELD: step, **prefixed(step, data), **extra}
    return client.post(step_url(step), payload)


def services():
    """{item slug: Service} of the catalogue (the seeded items' slugs are all different)."""
    return {service.slug: service for family in service_catalogue() for service in family.services}


def level_fields(levels):
    """The venue step's fields for {item slug: level}, "" meaning not offered."""
    by_slug = services()
    return {field_name(by_slug[slug]): str(level) for slug, level in levels.items()}


def declare(
    client, identification=IDENTIFICATION, venue=VENUE, validation=VALIDATION, levels=LEVELS
):
    """The whole journey; returns the last response."""
    client.get(reverse("declarations:start"))
    post_step(client, "identification", identification)
    post_step(client, "lieu", {**venue, **level_fields(levels)})
    return post_step(client, "validation", validation)


def checked_level(html, slug):
    """The value of the checked radio button of this service's level ("" = not offered)."""
    name = f"lieu-{field_name(services()[slug])}"
    radios = re.findall(rf'<input type="radio" name="{name}"[^>]*>', html)
    assert radios, f"no level field for {slug}"
    checked = [
        re.search(r'value="([^"]*)"', radio).group(1) for radio in radios if " checked" in radio
    ]
    return checked[0] if checked else None
