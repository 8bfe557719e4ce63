"""The Bordeaux guide's four service families and their items, as first seeded.

A data migration creates them on a new site; the demo loader and the tests call
``ensure_catalogue`` too (transactional tests empty the tables). Editors change them afterwards
in the admin; seeding never overwrites what exists.
"""

from wagtail.models import Locale

from .models import ServiceFamily, ServiceItem

BORDEAUX_FAMILIES = [
    (
        "decouvrir",
        "Découvrir les usages de base du numérique",
        [
            ("tablette-smartphone", "Fonctionnement tablette ou smartphone"),
            ("ordinateur", "Fonctionnement d'un ordinateur"),
            ("internet", "Internet : fonctionnement navigation, recherches web"),
            ("mails", "Mails : créer, envoyer, recevoir"),
        ],
    ),
    (
        "insertion",
        "S'insérer professionnellement",
        [
            ("cv", "Réaliser son CV"),
            ("diffuser-cv", "Diffuser son CV en ligne"),
            ("recherche-emploi", "Organiser sa recherche d'emploi"),
            ("emploi-store", "Découverte et usage de l'emploi Store"),
        ],
    ),
    (
        "demarches",
        "Faire ses démarches en ligne",
        [
            ("pole-emploi", "Faire ses déclarations pôle emploi"),
            ("impots", "Déclarer ses revenus et découvrir des services proposés par les impôts"),
            ("caf-rsa", "Accéder à ses droits sociaux et les gérer (RSA, CAF)"),
            ("retraite", "Ouvrir et gérer son dossier de retraite"),
            ("ameli", "Gérer ses droits d'assuré social en ligne/sur internet (ameli.fr)"),
            ("energie", "Gérer son abonnement et ses factures d'électricité/gaz"),
            ("etat-civil", "État civil : titre de séjour, carte identité, passeport"),
            ("permis", "Permis et carte grise"),
        ],
    ),
    (
        "creer",
        "Créer avec le numérique",
        [
            ("photos", "Images : retoucher ses photos"),
            ("impression-3d", "Découverte et utilisation imprimante 3D"),
            ("pao", "PAO : faire des présentations, des diaporamas"),
            ("site-web", "Créer un site web de base"),
            ("code", "Découvrir et expérimenter la programmation informatique (code)"),
            ("moocs", "Découvrir et participer à des MOOCs (formation en ligne)"),
        ],
    ),
]


def ensure_catalogue():
    """Create the missing families and items in the default locale; return families by slug."""
    locale = Locale.get_default()
    families = {}
    for order, (slug, name, items) in enumerate(BORDEAUX_FAMILIES):
        family, created = ServiceFamily.objects.get_or_create(
            slug=slug, locale=locale, defaults={"name": name, "sort_order": order}
        )
        if created:
            ServiceItem.objects.bulk_create(
                ServiceItem(family=family, slug=item_slug, label=label, sort_order=index)
                for index, (item_slug, label) in enumerate(items)
            )
        families[slug] = family
    return families
