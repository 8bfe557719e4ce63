"""The national *standard de données de la médiation numérique* v1.0.2, as rules.

Written from the standard's documentation (the description and constraints of each field in its
``schema.json``, a Frictionless Table Schema): the 32 columns in order, which are required, their
patterns and closed vocabularies, and ``validate_row``, which cleans one row and says in French
what is wrong with it. Import and export both rely on this module, so the two cannot drift apart.

Pure Python, no Django: the rules are tested fast and densely, and a data file can be checked
without a database. Messages are in French because the people who read them (the city's data
officers) work in French, as does the standard itself.

Leniency, on purpose: vocabulary values are matched without regard to case, accents, spaces and
punctuation (sources write "Comprehension" or "Etapes numériques (La Poste)"), and written back
in the exact form the standard's patterns accept. A French phone number written the usual way
(« 03 87 55 55 55 ») is turned into the international form the standard asks for.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import opening_hours

SCHEMA_VERSION = "1.0.2"
SEPARATOR = "|"

# The standard requires a pivot (SIRET, RNA or RIDET). When a place has none, we publish this
# placeholder, the one the national cartography uses for "unknown SIRET"; on import it means
# "no pivot".
UNKNOWN_PIVOT = "00000000000000"

SERVICES = (
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
)
PUBLICS = ("Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes")
SPECIFIC_SUPPORTS = (
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
)
FEES = ("Gratuit", "Gratuit sous condition", "Payant")
PROGRAMMES = (
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
)
TRAINING_LABELS = (
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques(La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
)
ACCESS_MODES = (
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
)
SUPPORT_MODES = (
    "En autonomie",
    "Accompagnement individuel",
    "Dans un atelier collectif",
    "À distance",
)
ITINERANCE = ("Itinérant", "Fixe")

POSTCODE = re.compile(r"^\d{5}$")
INSEE_CODE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
PIVOT = re.compile(r"^[a-zA-Z0-9]{9,14}$")
PHONE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
FRENCH_PHONE = re.compile(r"^0([1-9]\d{8})$")
EMAIL = re.compile(r"^[^@\s|]+@[^@\s|]+\.[^@\s|]+$")
URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    kind: str = "string"  # "string", "number" or "date"
    vocabulary: tuple = ()
    multiple: bool = False
    max_length: int | None = None


COLUMNS = (
    Column("id", required=True),
    Column("pivot", required=True),
    Column("nom", required=True),
    Column("commune", required=True),
    Column("code_postal", required=True),
    Column("code_insee"),
    Column("adresse", required=True),
    Column("complement_adresse"),
    Column("latitude", kind="number"),
    Column("longitude", kind="number"),
    Column("typologie", multiple=True),
    Column("telephone"),
    Column("courriels", multiple=True),
    Column("site_web", multiple=True),
    Column("horaires"),
    Column("presentation_resume", max_length=280),
    Column("presentation_detail"),
    Column("source"),
    Column("itinerance", vocabulary=ITINERANCE, multiple=True),
    Column("structure_parente"),
    Column("date_maj", required=True, kind="date"),
    Column("services", vocabulary=SERVICES, multiple=True),
    Column("publics_specifiquement_adresses", vocabulary=PUBLICS, multiple=True),
    Column("prise_en_charge_specifique", vocabulary=SPECIFIC_SUPPORTS, multiple=True),
    Column("frais_a_charge", vocabulary=FEES, multiple=True),
    Column("dispositif_programmes_nationaux", vocabulary=PROGRAMMES, multiple=True),
    Column("formations_labels", vocabulary=TRAINING_LABELS, multiple=True),
    Column("autres_formations_labels"),
    Column("modalites_acces", vocabulary=ACCESS_MODES, multiple=True),
    Column("modalites_accompagnement", vocabulary=SUPPORT_MODES, multiple=True),
    Column("fiche_acces_libre"),
    Column("prise_rdv"),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
REQUIRED_COLUMNS = tuple(column.name for column in COLUMNS if column.required)


def _key(text):
    """Matching key of a vocabulary value: no case, accents, spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalnum())


_CANONICAL = {
    column.name: {_key(value): value for value in column.vocabulary}
    for column in COLUMNS
    if column.vocabulary
}


def split_values(text):
    """The values of a multi-valued cell, in order, without blanks."""
    return [part.strip() for part in text.split(SEPARATOR) if part.strip()]


def join_values(values):
    return SEPARATOR.join(values)


def _as_text(value):
    """A cell as text, whatever the file gave (JSON numbers, null, lists)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return join_values(str(item) for item in value)
    return str(value).strip()


def _wrong_separator(column, text):
    """True when ';' or ',' was used where the standard wants '|'."""
    for separator in (";", ","):
        parts = [part.strip() for part in text.split(separator) if part.strip()]
        if len(parts) > 1 and all(_key(part) in _CANONICAL[column.name] for part in parts):
            return separator
    return None


def _clean_vocabulary(column, text):
    canonical = _CANONICAL[column.name]
    values, errors = [], []
    for part in split_values(text):
        value = canonical.get(_key(part))
        if value is None:
            separator = _wrong_separator(column, part)
            if separator:
                errors.append(
                    f'{column.name} : plusieurs valeurs doivent être séparées par "|", '
                    f'pas par "{separator}"'
                )
            else:
                errors.append(
                    f'{column.name} : valeur inconnue "{part}" '
                    f"(valeurs admises : {', '.join(column.vocabulary)})"
                )
        elif value not in values:
            values.append(value)
    return values, errors


def _clean_number(column, text):
    try:
        number = float(text)
    except ValueError:
        hint = " (le séparateur décimal est le point)" if "," in text else ""
        return None, [f'{column.name} : "{text}" n\'est pas un nombre{hint}']
    limit = 90 if column.name == "latitude" else 180
    if not -limit <= number <= limit:
        return None, [f"{column.name} : {text} est hors de l'intervalle [-{limit}, {limit}]"]
    return number, []


def _clean_date(column, text):
    try:
        if not ISO_DATE.match(text):
            raise ValueError
        return date.fromisoformat(text), []
    except ValueError:
        return None, [f'{column.name} : "{text}" n\'est pas une date AAAA-MM-JJ']


def clean_phone(text):
    """The standard's form (+33 then 9 digits, no spaces) of a phone number written any way."""
    compact = re.sub(r"[\s.\-()]", "", text)
    if compact.startswith("0033"):
        compact = "+33" + compact[4:]
    french = FRENCH_PHONE.match(compact)
    if french:
        compact = "+33" + french.group(1)
    return compact


def is_valid_opening_hours(text):
    try:
        opening_hours.OpeningHours(text)
    except (SyntaxError, opening_hours.ParserError):
        return False
    return True


def _check_text(name, text):
    """Errors of a single-valued text column, by its own rule."""
    if name == "code_postal" and not POSTCODE.match(text):
        return [f'code_postal : "{text}" n\'est pas un code postal à 5 chiffres']
    if name == "code_insee" and not INSEE_CODE.match(text):
        return [f'code_insee : "{text}" n\'est pas un code INSEE (5 caractères, ex. 57463)']
    if name == "pivot" and not PIVOT.match(text):
        return [
            f'pivot : "{text}" n\'est ni un SIRET, ni un RNA, ni un RIDET '
            "(9 à 14 lettres ou chiffres)"
        ]
    if name == "telephone" and not PHONE.match(text):
        return [f'telephone : "{text}" n\'est pas au format international (+33 puis 9 chiffres)']
    if name == "horaires" and not is_valid_opening_hours(text):
        return [f'horaires : syntaxe OpenStreetMap invalide ("{text}")']
    if name in ("fiche_acces_libre", "prise_rdv") and not URL.match(text):
        return [f'{name} : "{text}" n\'est pas une adresse web (http:// ou https://)']
    return []


def _separates(separator, column, text):
    """True when ``separator`` splits several values: always in e-mails; in web addresses,
    only when each part is one (a URL may hold commas and semicolons)."""
    if column.name == "courriels":
        return separator in text
    parts = [part.strip() for part in text.split(separator) if part.strip()]
    return len(parts) > 1 and all(URL.match(part) for part in parts)


def _clean_list(column, text):
    """courriels, site_web, typologie: free values, checked one by one."""
    for separator in (";", ","):
        if column.name in ("courriels", "site_web") and _separates(separator, column, text):
            return [], [
                f'{column.name} : plusieurs valeurs doivent être séparées par "|", '
                f'pas par "{separator}"'
            ]
    values = split_values(text)
    if column.name == "courriels":
        bad = [value for value in values if not EMAIL.match(value)]
        return values, [f'courriels : "{value}" n\'est pas une adresse e-mail' for value in bad]
    if column.name == "site_web":
        bad = [value for value in values if not URL.match(value)]
        return values, [
            f'site_web : "{value}" n\'est pas une adresse web (http:// ou https://)'
            for value in bad
        ]
    return values, []


def clean_cell(column, raw):
    """(clean value, errors) of one cell; empty cells give '' or [] or None."""
    text = _as_text(raw)
    if not text:
        if column.required:
            return None, [f"{column.name} : valeur obligatoire manquante"]
        return ([] if column.multiple else None if column.kind != "string" else ""), []
    if column.vocabulary:
        return _clean_vocabulary(column, text)
    if column.multiple:
        return _clean_list(column, text)
    if column.kind == "number":
        return _clean_number(column, text)
    if column.kind == "date":
        return _clean_date(column, text)
    if column.name == "telephone":
        text = clean_phone(text)
    if column.max_length and len(text) > column.max_length:
        return text, [f"{column.name} : {len(text)} caractères, {column.max_length} au plus"]
    return text, _check_text(column.name, text)


def validate_row(row):
    """Clean one row of the standard; return (clean values by column, French errors).

    Missing columns count as empty cells; columns the standard does not know are ignored.
    """
    clean, errors = {}, []
    for column in COLUMNS:
        value, cell_errors = clean_cell(column, row.get(column.name))
        clean[column.name] = value
        errors.extend(cell_errors)
    if bool(_as_text(row.get("latitude"))) != bool(_as_text(row.get("longitude"))):
        errors.append("latitude et longitude : indiquez les deux, ou aucune")
    return clean, errors
