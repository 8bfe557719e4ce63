"""Closed vocabularies shared by models, forms, open-data import and export.

Values are stable slugs stored in the database; labels are the French wording shown to people.
Where a vocabulary comes from the national *standard de données de la médiation numérique*
(v1.0.2), ``NATIONAL`` maps each slug to the exact value the standard expects, so publishing
our venues in that schema is a lookup, not a rewrite.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fee(models.TextChoices):
    """frais_a_charge"""

    FREE = "gratuit", _("Gratuit")
    FREE_UNDER_CONDITION = "gratuit-sous-condition", _("Gratuit sous condition")
    PAID = "payant", _("Payant")


FEE_NATIONAL = {
    Fee.FREE: "Gratuit",
    Fee.FREE_UNDER_CONDITION: "Gratuit sous condition",
    Fee.PAID: "Payant",
}


class AccessMode(models.TextChoices):
    """modalites_acces: what a person does to be helped."""

    WALK_IN = "se-presenter", _("Se présenter sur place")
    PHONE = "telephoner", _("Téléphoner")
    EMAIL = "contacter-par-mail", _("Contacter par e-mail")
    ONLINE_BOOKING = "prendre-rdv-en-ligne", _("Prendre rendez-vous en ligne")
    PRESCRIPTION = "fiche-prescription", _("Envoyer un e-mail avec une fiche de prescription")
    NO_PUBLIC = "pas-de-public", _("Ce lieu n'accueille pas de public")


ACCESS_MODE_NATIONAL = {
    AccessMode.WALK_IN: "Se présenter",
    AccessMode.PHONE: "Téléphoner",
    AccessMode.EMAIL: "Contacter par mail",
    AccessMode.ONLINE_BOOKING: "Prendre un RDV en ligne",
    AccessMode.PRESCRIPTION: "Envoyer un mail avec une fiche de prescription",
    AccessMode.NO_PUBLIC: "Ce lieu n'accueille pas de public",
}


class Public(models.TextChoices):
    """Target publics: the national lists plus the Bordeaux guide's finer categories."""

    YOUTH = "jeunes", _("Jeunes")
    STUDENTS = "etudiants", _("Étudiants")
    FAMILIES = "familles", _("Familles et/ou enfants")
    SENIORS = "seniors", _("Seniors")
    WOMEN = "femmes", _("Femmes")
    ADULTS = "adultes", _("Adultes")
    JOB_SEEKERS = "demandeurs-emploi", _("Demandeurs d'emploi")
    RSA = "allocataires-rsa", _("Allocataires du RSA")
    EMPLOYEES = "salaries", _("Salariés")
    ENTREPRENEURS = "entrepreneurs", _("Entrepreneurs")
    FOREIGNERS = "etrangers", _("Personnes étrangères ou allophones")
    DEAF = "surdite", _("Personnes sourdes ou malentendantes")
    MOTOR_DISABILITY = "handicaps-moteurs", _("Personnes avec un handicap moteur")
    MENTAL_DISABILITY = "handicaps-mentaux", _("Personnes avec un handicap mental")
    VISUAL_IMPAIRMENT = "deficience-visuelle", _("Personnes déficientes visuelles")
    ILLITERACY = "illettrisme", _("Personnes en situation d'illettrisme ou analphabètes")


PUBLIC_NATIONAL = {
    Public.YOUTH: "Jeunes",
    Public.STUDENTS: "Étudiants",
    Public.FAMILIES: "Familles et/ou enfants",
    Public.SENIORS: "Seniors",
    Public.WOMEN: "Femmes",
}

SPECIFIC_SUPPORT_NATIONAL = {
    Public.DEAF: "Surdité",
    Public.MOTOR_DISABILITY: "Handicaps moteurs",
    Public.MENTAL_DISABILITY: "Handicaps mentaux",
    Public.ILLITERACY: "Illettrisme",
    Public.VISUAL_IMPAIRMENT: "Déficience visuelle",
}

# Accompaniment modes (modalites_accompagnement) are boolean fields on the venue; this maps each
# field name to the national value it publishes.
SUPPORT_MODE_NATIONAL = {
    "support_self_service": "En autonomie",
    "support_by_appointment": "Accompagnement individuel",
    "support_drop_in": "Accompagnement individuel",
    "support_workshops": "Dans un atelier collectif",
    "support_remote": "À distance",
}


class Programme(models.TextChoices):
    """dispositif_programmes_nationaux"""

    AIDANTS_CONNECT = "aidants-connect", _("Aidants Connect")
    BNR = "bibliotheques-numerique-de-reference", _("Bibliothèques numérique de référence")
    PIX = "certification-pix", _("Certification PIX")
    CONSEILLERS = "conseillers-numeriques", _("Conseillers numériques")
    EMMAUS = "emmaus-connect", _("Emmaüs Connect")
    FRANCE_SERVICES = "france-services", _("France Services")
    GEN = "grande-ecole-du-numerique", _("Grande école du numérique")
    CROIX_ROUGE = "la-croix-rouge", _("La Croix Rouge")
    CAF_POINT = "point-d-acces-numerique-caf", _("Point d'accès numérique CAF")
    PROMENEURS = "promeneurs-du-net", _("Promeneurs du net")
    RELAIS_EMMAUS = "relais-numerique-emmaus-connect", _("Relais numérique (Emmaüs Connect)")


PROGRAMME_NATIONAL = {
    Programme.AIDANTS_CONNECT: "Aidants Connect",
    Programme.BNR: "Bibliothèques numérique de référence",
    Programme.PIX: "Certification PIX",
    Programme.CONSEILLERS: "Conseillers numériques",
    Programme.EMMAUS: "Emmaüs Connect",
    Programme.FRANCE_SERVICES: "France Services",
    Programme.GEN: "Grande école du numérique",
    Programme.CROIX_ROUGE: "La Croix Rouge",
    Programme.CAF_POINT: "Point d'accès numérique CAF",
    Programme.PROMENEURS: "Promeneurs du net",
    Programme.RELAIS_EMMAUS: "Relais numérique (Emmaüs Connect)",
}


class Typology(models.TextChoices):
    """typologie: the data.inclusion structure types most often met in digital inclusion.

    The value is the national code itself, so it is published unchanged.
    """

    ASSO = "ASSO", _("Association")
    BIB = "BIB", _("Bibliothèque, médiathèque")
    CAF = "CAF", _("Caisse d'allocations familiales (CAF)")
    CCAS = "CCAS", _("Centre communal d'action sociale (CCAS)")
    CDAS = "CDAS", _("Centre départemental d'action sociale")
    CPAM = "CPAM", _("Caisse primaire d'assurance maladie (CPAM)")
    CS = "CS", _("Centre social")
    EPN = "EPN", _("Espace public numérique")
    FABLAB = "FABLAB", _("Fablab")
    FT = "FT", _("France Travail (ex-Pôle emploi)")
    MDS = "MDS", _("Maison départementale des solidarités")
    MJC = "MJC", _("Maison des jeunes et de la culture")
    ML = "ML", _("Mission locale")
    MQ = "MQ", _("Maison de quartier")
    MUNI = "MUNI", _("Mairie, services municipaux")
    PIJ_BIJ = "PIJ_BIJ", _("Point ou bureau information jeunesse")
    RFS = "RFS", _("France Services")
    TIERS_LIEUX = "TIERS_LIEUX", _("Tiers-lieu")
    OTHER = "Autre", _("Autre")


class LegalStatus(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    MUNICIPALITY = "commune", _("Commune ou intercommunalité")
    CCAS = "ccas", _("CCAS ou CIAS")
    DEPARTMENT = "departement", _("Département")
    PUBLIC_BODY = "etablissement-public", _("Établissement ou organisme public")
    COMPANY = "entreprise", _("Entreprise")
    OTHER = "autre", _("Autre")


class Equipment(models.TextChoices):
    COMPUTER = "ordinateur", _("Ordinateurs")
    PRINTER = "imprimante", _("Imprimante")
    SCANNER = "scanner", _("Scanner")
    WIFI = "wifi", _("Wi-Fi")
    TABLET = "tablette", _("Tablettes")
    SMARTPHONE = "smartphone", _("Smartphones")
    PHOTOCOPIER = "photocopieur", _("Photocopieur")
    PHONE = "telephone", _("Téléphone")
    VIDEO_CALL = "visioconference", _("Poste de visioconférence")
    PRINTER_3D = "imprimante-3d", _("Imprimante 3D")
    OTHER = "autre", _("Autre matériel")


class Language(models.TextChoices):
    """Languages in which a venue can help, besides French."""

    ENGLISH = "en", _("Anglais")
    ARABIC = "ar", _("Arabe")
    UKRAINIAN = "uk", _("Ukrainien")
    RUSSIAN = "ru", _("Russe")
    TURKISH = "tr", _("Turc")
    SPANISH = "es", _("Espagnol")
    PORTUGUESE = "pt", _("Portugais")
    ITALIAN = "it", _("Italien")
    GERMAN = "de", _("Allemand")
    ROMANIAN = "ro", _("Roumain")
    ALBANIAN = "sq", _("Albanais")
    PERSIAN = "fa", _("Persan (dari, farsi)")
    PASHTO = "ps", _("Pachto")
    TAMAZIGHT = "ber", _("Tamazight (berbère)")
    SOMALI = "so", _("Somali")
    TIGRINYA = "ti", _("Tigrigna")
    CHINESE = "zh", _("Chinois")
    VIETNAMESE = "vi", _("Vietnamien")
    FRENCH_SIGN = "lsf", _("Langue des signes française (LSF)")


class Itinerance(models.TextChoices):
    """itinerance: a fixed place, or one that travels (digital bus, connected van)."""

    MOBILE = "itinerant", _("Itinérant")
    FIXED = "fixe", _("Fixe")


ITINERANCE_NATIONAL = {
    Itinerance.MOBILE: "Itinérant",
    Itinerance.FIXED: "Fixe",
}


class TrainingLabel(models.TextChoices):
    """formations_labels: trainings followed and labels obtained by the place."""

    MON_ESPACE_SANTE = "mon-espace-sante", _("Formé à « Mon Espace Santé »")
    DUPLEX = "duplex", _("Formé à « DUPLEX » (illettrisme)")
    ARNIA = "arnia-mednum-bfc", _("Arnia/MedNum BFC (Bourgogne-Franche-Comté)")
    REEMPLOI = "reemploi-normandie", _("Collectif ressources et acteurs réemploi (Normandie)")
    ETAPES = "etapes-numeriques", _("Étapes numériques (La Poste)")
    FABRIQUES = "fabriques-de-territoire", _("Fabriques de Territoire")
    ECLAIREURS = "eclaireurs-du-numerique", _("Les Éclaireurs du numérique (Drôme)")
    MES_PAPIERS = "mes-papiers", _("Mes Papiers (Métropole de Lyon)")
    ORDI = "ordi-3-0", _("ORDI 3.0")
    SUD_LABS = "sud-labs", _("SUD LABS (PACA)")


# The standard's pattern writes "Étapes numériques(La Poste)" without a space: we publish what
# its validators accept.
TRAINING_LABEL_NATIONAL = {
    TrainingLabel.MON_ESPACE_SANTE: "Formé à « Mon Espace Santé »",
    TrainingLabel.DUPLEX: "Formé à « DUPLEX » (illettrisme)",
    TrainingLabel.ARNIA: "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    TrainingLabel.REEMPLOI: "Collectif ressources et acteurs réemploi (Normandie)",
    TrainingLabel.ETAPES: "Étapes numériques(La Poste)",
    TrainingLabel.FABRIQUES: "Fabriques de Territoire",
    TrainingLabel.ECLAIREURS: "Les Éclaireurs du numérique (Drôme)",
    TrainingLabel.MES_PAPIERS: "Mes Papiers (Métropole de Lyon)",
    TrainingLabel.ORDI: "ORDI 3.0",
    TrainingLabel.SUD_LABS: "SUD LABS (PACA)",
}

# prise_en_charge_specifique values carried by the venue's languages and publics rather than
# by SPECIFIC_SUPPORT_NATIONAL.
ENGLISH_SUPPORT_NATIONAL = "Langues étrangères (anglais)"
OTHER_LANGUAGES_SUPPORT_NATIONAL = "Langues étrangères (autres)"


# The three levels of the guide's legend, as editors choose them for each service.
LEVEL_CHOICES = [(1, _("★ basique")), (2, _("★★ maîtrise")), (3, _("★★★ expert"))]
