"""Three declarations so the moderators' inbox of the demo is not empty.

A new venue from the Metz diagnosis (seed 003: Les petits débrouillards, "domiciliée à la MJC de
Borny, 10 rue du Bon Pasteur", permanences on Saturday afternoons), a proposed change and an
anonymous error report on demo venues. Created once: nothing is added when declarations exist.
"""

from declarations.data import venue_data_from_venue
from declarations.models import DECLARABLE_FIELDS, Declaration
from guide.models import Territory, VenuePage

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
    "services": [{"family": "creer", "level": 2, "items": ["impression-3d", "code"]}],
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
    log(f"Démo : {Declaration.objects.count()} déclaration(s) à modérer créée(s).")
