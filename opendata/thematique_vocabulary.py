"""The data·inclusion thématiques as the admin offers them, and the defaults each detailed
service of the guide starts with (``data_inclusion.thematiques`` seeds and reads the mapping).

Apart from the mapping's module so that the models, their forms and the data migration read
them without importing what reads the models.
"""

from data_inclusion.schema.v1 import Categorie, Thematique

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


def mapping_row(model, item_id, item_slug, family_slug):
    """An unsaved row of ``model`` (the real one, or the data migration's) with the defaults."""
    main, *others = default_thematiques(item_slug, family_slug)
    return model(item_id=item_id, main_thematique=main, other_thematiques=others)
