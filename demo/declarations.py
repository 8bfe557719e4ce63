"""Three declarations so the moderators' inbox of the demo is not empty.

A new venue from the Metz diagnosis (seed 003: Les petits débrouillards, "domiciliée à la MJC de
Borny, 10 rue du Bon Pasteur", permanences on Saturday afternoons), a proposed change and an
anonymous error report on demo venues; the services are rated one by one, at varied levels.
Created once: nothing is added when declarations exist.
"""

from django.utils.translation import ngettext

from declarations.data import service_entries, venue_data_from_venue
from declarations.models import DECLARABLE_FIELDS, Declaration
from guide.models import Territory, VenuePage
from guide.models.catalogue import service_catalogue

NEW_VENUE = {
    "title": "Les petits débrouillards",
    "typology": ["ASSO"],
    "legal_status": "association",
    "summary": (
        "Découvrir le fonctionnement des outils numériques par la science : imprimante 3D, "
        "robotique, codage. Permanences le samedi après-midi, pour tous les âges."
    ),
    "presentation": (
        "L'association explique le fonctionnement des outils numériques dans une démarche "
        "scientifique, pour donner des clés de compréhension du monde environnant.\n\n"
        "Pendant les permanences du samedi après-midi, chacun peut découvrir le matériel et "
        "bénéficier d'un temps pédagogique."
    ),
    "address": "MJC de Borny, 10 rue du Bon Pasteur",
    "postcode": "57070",
    "commune": "Metz",
    "fee": "gratuit",
    "publics": ["jeunes", "familles", "adultes"],
    "support_workshops": True,
    "hours_note": "Permanences le samedi après-midi.",
    "services": [
        {"item": "tablette-smartphone", "family": "decouvrir", "level": 1},
        {"item": "ordinateur", "family": "decouvrir", "level": 2},
        {"item": "photos", "family": "creer", "level": 1},
        {"item": "impression-3d", "family": "creer", "level": 3},
        {"item": "code", "family": "creer", "level": 3},
        {"item": "site-web", "family": "creer", "level": 2},
    ],
}

# The library's proposed levels, over the published ones: one raised, one lowered, one added,
# one withdrawn, so that the moderator's comparison shows each kind of change.
LIBRARY_LEVELS = {
    ("demarches", "caf-rsa"): 2,
    ("decouvrir", "mails"): 2,
    ("demarches", "ameli"): 1,
    ("creer", "photos"): None,
}


def _blank_venue_data():
    data = dict.fromkeys(DECLARABLE_FIELDS, "")
    for name in ("typology", "programmes", "access_modes", "publics", "languages"):
        data[name] = []
    for name in (
        "support_by_appointment",
        "support_drop_in",
        "support_workshops",
        "support_remote",
        "support_self_service",
        "interpreter",
    ):
        data[name] = False
    data["step_free"] = None
    return data


def _with_levels(venue, changes):
    """The venue's ``venue_data["services"]`` with these {(family, item): level or None}."""
    pk_of = {
        (service.family_slug, service.slug): service.pk
        for family in service_catalogue()
        for service in family.services
    }
    levels = dict(venue.levels_by_item)
    for key, level in changes.items():
        levels[pk_of[key]] = level
    return service_entries({pk: level for pk, level in levels.items() if level})


def load_demo_declarations(log=print):
    if Declaration.objects.exists():
        log("Démo : déclarations déjà présentes.")
        return
    Declaration.objects.create(
        kind=Declaration.Kind.NEW_VENUE,
        territory=Territory.objects.filter(slug="metz-borny").first(),
        declarant_name="Camille Martin",
        declarant_role="Animatrice",
        declarant_structure="Les petits débrouillards",
        declarant_email="camille.martin@example.org",
        venue_data={**_blank_venue_data(), **NEW_VENUE},
        message="Nous aimerions apparaître dans le guide imprimé de l'an prochain.",
    )
    library = VenuePage.objects.filter(slug="mediatheque-jean-mace").first()
    if library:
        proposal = venue_data_from_venue(library)
        proposal["opening_hours"] = "Tu-Fr 10:00-18:00; Sa 10:00-17:00"
        proposal["hours_note"] = "Fermeture à 17 h le samedi à partir de janvier."
        proposal["services"] = _with_levels(library, LIBRARY_LEVELS)
        Declaration.objects.create(
            kind=Declaration.Kind.CHANGE,
            venue=library,
            territory=library.territory,
            declarant_name="Équipe de la médiathèque",
            declarant_email="mediatheque@example.org",
            venue_data=proposal,
        )
    cpam = VenuePage.objects.filter(slug="cpam-moselle-borny").first()
    if cpam:
        Declaration.objects.create(
            kind=Declaration.Kind.ERROR_REPORT,
            venue=cpam,
            territory=cpam.territory,
            message="Les horaires : l'accueil est fermé le mercredi après-midi depuis la rentrée.",
        )
    count = Declaration.objects.count()
    log(
        ngettext(
            "Démo : %(count)d déclaration à modérer créée.",
            "Démo : %(count)d déclarations à modérer créées.",
            count,
        )
        % {"count": count}
    )
