"""Posting the steps of the declaration form as a browser would."""

from django.urls import reverse

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
    "service_demarches": "2",
    "service_demarches_items": ["caf-rsa", "ameli"],
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

VALIDATION = {"consent": "on", "message": "Ouvert depuis janvier."}


def step_url(step):
    return reverse("declarations:step", args=[step])


def prefixed(step, data):
    return {f"{step}-{name}": value for name, value in data.items()}


def post_step(client, step, data, **extra):
    """POST one step's fields (``extra`` adds raw fields such as wizard_goto_step)."""
    payload = {MANAGEMENT_FIELD: step, **prefixed(step, data), **extra}
    return client.post(step_url(step), payload)


def declare(client, identification=IDENTIFICATION, venue=VENUE, validation=VALIDATION):
    """The whole journey; returns the last response."""
    client.get(reverse("declarations:start"))
    post_step(client, "identification", identification)
    post_step(client, "lieu", venue)
    return post_step(client, "validation", validation)
