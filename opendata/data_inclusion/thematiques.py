"""Which data·inclusion thématiques each detailed service of the guide stands for.

``DataInclusionMapping`` (opendata.models) stores them, one row per French item, editable in the
admin. ``ensure_thematique_mapping`` seeds the missing rows the first time they are needed (as
``opendata.mapping.ensure_service_mapping`` does for the national services), and a data
migration seeds the catalogue an existing site already has: every item, including one an editor
adds later, has at least one thématique. Seeding never overwrites an editor's choice.

An item's first thématique is its main one: ``items_for_thematiques`` lists the items whose main
thématique is asked first, so that an import lands a service on its closest item.
"""

from data_inclusion.schema.v1 import Categorie, Thematique
from django.db import transaction

from guide.models import ServiceItem
from guide.models.catalogue import french_items

DIGITAL_BASICS = Thematique.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE.value
ONLINE_SERVICES = Thematique.NUMERIQUE__ACCEDER_A_DES_SERVICES_EN_LIGNE.value
INTERNET_ACCESS = Thematique.NUMERIQUE__ACCEDER_A_UNE_CONNEXION_INTERNET.value
EQUIPMENT = Thematique.NUMERIQUE__ACQUERIR_UN_EQUIPEMENT.value
PAPERWORK = (
    Thematique.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_AUX_DEMARCHES_ADMINISTRATIVES
).value
JOB_SEARCH = Thematique.PREPARER_SA_CANDIDATURE__ORGANISER_SES_DEMARCHES_DE_RECHERCHE_DEMPLOI.value
CULTURE = Thematique.REMOBILISATION__ACTIVITES_SPORTIVES_ET_CULTURELLES.value

# By item slug: the 22 items of the Bordeaux guide (guide.catalogue) and the 9 items named after
# the national services (opendata.mapping). The digital thématique comes first for what is
# digital help to reach another right (the online procedures), second for what is mainly
# another need met with digital tools (a CV).
DEFAULT_THEMATIQUES = {
    "tablette-smartphone": [DIGITAL_BASICS],
    "ordinateur": [DIGITAL_BASICS],
    "internet": [DIGITAL_BASICS],
    "mails": [DIGITAL_BASICS],
    "cv": [
        Thematique.PREPARER_SA_CANDIDATURE__REALISER_UN_CV_ET_OU_UNE_LETTRE_DE_MOTIVATION.value,
        DIGITAL_BASICS,
    ],
    "diffuser-cv": [
        Thematique.TROUVER_UN_EMPLOI__FAIRE_DES_CANDIDATURES_SPONTANEES.value,
        ONLINE_SERVICES,
    ],
    "recherche-emploi": [JOB_SEARCH, ONLINE_SERVICES],
    "emploi-store": [ONLINE_SERVICES, JOB_SEARCH],
    "pole-emploi": [ONLINE_SERVICES, PAPERWORK],
    "impots": [ONLINE_SERVICES, PAPERWORK],
    "caf-rsa": [
        ONLINE_SERVICES,
        Thematique.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_POUR_LACCES_AUX_DROITS.value,
    ],
    "retraite": [ONLINE_SERVICES, PAPERWORK],
    "ameli": [ONLINE_SERVICES, Thematique.SANTE__ACCES_AUX_SOINS.value],
    "energie": [ONLINE_SERVICES, PAPERWORK],
    "etat-civil": [ONLINE_SERVICES, PAPERWORK],
    "permis": [ONLINE_SERVICES, PAPERWORK],
    "photos": [DIGITAL_BASICS, CULTURE],
    "impression-3d": [DIGITAL_BASICS, CULTURE],
    "pao": [DIGITAL_BASICS],
    "site-web": [DIGITAL_BASICS],
    "code": [DIGITAL_BASICS],
    "moocs": [DIGITAL_BASICS, Thematique.SE_FORMER__TROUVER_SA_FORMATION.value],
    "aide-aux-demarches-administratives": [ONLINE_SERVICES, PAPERWORK],
    "maitrise-des-outils-numeriques-du-quotidien": [DIGITAL_BASICS],
    "insertion-professionnelle-via-le-numerique": [JOB_SEARCH, DIGITAL_BASICS],
    "utilisation-securisee-du-numerique": [DIGITAL_BASICS],
    "parentalite-et-education-avec-le-numerique": [
        DIGITAL_BASICS,
        Thematique.FAMILLE__SOUTIEN_A_LA_PARENTALITE_ET_A_LEDUCATION.value,
    ],
    "loisirs-et-creations-numeriques": [DIGITAL_BASICS, CULTURE],
    "comprehension-du-monde-numerique": [DIGITAL_BASICS],
    "acces-internet-et-materiel-informatique": [INTERNET_ACCESS, EQUIPMENT],
    "acquisition-de-materiel-informatique-a-prix-solidaire": [EQUIPMENT],
}

# An item added by an editor gets its family's thématiques; a new family's, the digital basics.
FAMILY_DEFAULTS = {
    "decouvrir": [DIGITAL_BASICS],
    "insertion": [JOB_SEARCH, ONLINE_SERVICES],
    "demarches": [ONLINE_SERVICES, PAPERWORK],
    "creer": [DIGITAL_BASICS],
}


# Grouped by category, for the admin's choice of an item's thématiques.
THEMATIQUE_CHOICES = [
    (
        category.label,
        [
            (thematique.value, thematique.label)
            for thematique in Thematique
            if thematique.value.startswith(f"{category.value}--")
        ],
    )
    for category in Categorie
]


THEMATIQUE_CODES = {thematique.value for thematique in Thematique}


def default_thematiques(item_slug, family_slug):
    """The seeded thématiques of an item, as plain strings (also used by the data migration)."""
    codes = DEFAULT_THEMATIQUES.get(item_slug) or FAMILY_DEFAULTS.get(family_slug)
    return [str(code) for code in codes or [DIGITAL_BASICS]]


@transaction.atomic
def ensure_thematique_mapping():
    """Create the missing rows, one per French item, with their default thématiques."""
    from opendata.models import DataInclusionMapping

    missing = (
        ServiceItem.objects.filter(french_items(), data_inclusion_mapping__isnull=True)
        .select_related("family")
        .order_by("pk")
    )
    DataInclusionMapping.objects.bulk_create(
        mapping_row(DataInclusionMapping, item.pk, item.slug, item.family.slug) for item in missing
    )


def mapping_row(model, item_id, item_slug, family_slug):
    """An unsaved row of ``model`` (the real one, or the data migration's) with the defaults."""
    main, *others = default_thematiques(item_slug, family_slug)
    return model(item_id=item_id, main_thematique=main, other_thematiques=others)


def thematiques_by_item():
    """``{French item id: [thématique, …]}`` for a whole export: two queries."""
    from opendata.models import DataInclusionMapping

    ensure_thematique_mapping()
    return {row.item_id: row.thematiques for row in DataInclusionMapping.objects.all()}


def thematiques_for_item(item):
    """The thématiques of one detailed service (an item or its id), main one first."""
    item_id = getattr(item, "pk", item)
    return thematiques_by_item().get(item_id, [])


def items_for_thematiques(codes):
    """The French items mapped to any of ``codes``, those whose main thématique is one of them
    first, then in the catalogue's order: an import takes the first for each service."""
    wanted = set(codes)
    mapping = thematiques_by_item()
    items = ServiceItem.objects.filter(french_items(), pk__in=list(mapping)).order_by(
        "family__sort_order", "family_id", "sort_order", "pk"
    )
    matching = [item for item in items if wanted & set(mapping[item.pk])]
    return sorted(matching, key=lambda item: mapping[item.pk][0] not in wanted)
