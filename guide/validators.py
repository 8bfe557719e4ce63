"""Field validators with messages in French, for the admin and the public forms."""

import re

import opening_hours
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_email
from django.utils.translation import gettext_lazy as _

from portal.validators import is_web_url, validate_no_formula

from .rich_text import html_to_text

validate_postcode = RegexValidator(
    r"^\d{5}$", _("Le code postal doit comporter exactement 5 chiffres, par exemple 57000.")
)

validate_insee_code = RegexValidator(
    r"^([013-9]\d|2[AB1-9])\d{3}$",
    _("Le code INSEE comporte 5 caractères, par exemple 57463 (Metz) ou 2A004 (Ajaccio)."),
)

PHONE_DIGITS = re.compile(r"^(?:\+33|0033|0)([1-9]\d{8})$")
SHORT_NUMBER = re.compile(r"^(?:3\d{3}|1\d{1,2}|11\d{4})$")


def phone_digits(value):
    return re.sub(r"[\s.\-()]", "", value or "")


def validate_phone(value):
    digits = phone_digits(value)
    if not (PHONE_DIGITS.match(digits) or SHORT_NUMBER.match(digits)):
        raise ValidationError(
            _(
                "Numéro de téléphone invalide : écrivez 10 chiffres comme 03 87 55 55 55, "
                "ou +33 3 87 55 55 55, ou un numéro court comme 3949."
            )
        )


def format_phone(value):
    """Write a French number the usual way, in pairs ("03 87 55 55 55")."""
    digits = phone_digits(value)
    match = PHONE_DIGITS.match(digits)
    if not match:
        return value.strip()
    national = "0" + match.group(1)
    return " ".join(national[i : i + 2] for i in range(0, 10, 2))


def international_phone(value):
    """+33 form required by the national data schema; '' when not a French number."""
    match = PHONE_DIGITS.match(phone_digits(value))
    return f"+33{match.group(1)}" if match else ""


def _luhn_valid(number):
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


LA_POSTE_SIREN = "356000000"


def validate_siret_or_rna(value):
    """SIRET (14 digits, Luhn key; La Poste's establishments use their own rule) or RNA."""
    value = value.replace(" ", "")
    if re.fullmatch(r"W\d{9}", value, flags=re.IGNORECASE):
        return
    if re.fullmatch(r"\d{14}", value):
        if value.startswith(LA_POSTE_SIREN):
            if sum(int(c) for c in value) % 5 == 0:
                return
        elif _luhn_valid(value):
            return
        raise ValidationError(_("Ce numéro SIRET n'est pas valide (clé de contrôle incorrecte)."))
    raise ValidationError(
        _(
            "Indiquez un SIRET (14 chiffres) ou, pour une association sans SIRET, "
            "un numéro RNA (W suivi de 9 chiffres)."
        )
    )


# Bounding boxes (south, west, north, east) of metropolitan France and overseas territories.
FRANCE_BOXES = (
    (41.3, -5.3, 51.2, 9.7),  # metropolitan France and Corsica
    (15.8, -61.9, 16.6, -60.9),  # Guadeloupe
    (14.3, -61.3, 14.9, -60.7),  # Martinique
    (2.1, -54.7, 5.8, -51.5),  # Guyane
    (-21.5, 55.2, -20.8, 55.9),  # La Réunion
    (-13.1, 44.9, -12.6, 45.4),  # Mayotte
    (46.7, -56.5, 47.2, -56.1),  # Saint-Pierre-et-Miquelon
    (17.8, -63.2, 18.2, -62.7),  # Saint-Barthélemy, Saint-Martin
    (-23.0, 163.5, -19.5, 168.2),  # Nouvelle-Calédonie
    (-28.0, -155.0, -7.5, -134.0),  # Polynésie française
    (-14.4, -178.3, -13.1, -176.0),  # Wallis-et-Futuna
)


def coordinates_in_france(latitude, longitude):
    return any(
        south <= latitude <= north and west <= longitude <= east
        for south, west, north, east in FRANCE_BOXES
    )


OSM_EXAMPLE = "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00"
FRENCH_DAY = re.compile(
    r"\b(lun|mar|mer|jeu|ven|sam|dim)[a-z]*\.?|\b(lu|ma|me|je|ve|di)\b|\b(monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b",
    re.IGNORECASE,
)
SPELLED_TIME = re.compile(r"\b\d{1,2}\s*[hH]\s*(\d{2})?\b")
CLOCK_TIME = re.compile(r"\b(\d{1,2}):(\d{2})\b")


def _is_valid_osm(text):
    try:
        opening_hours.OpeningHours(text)
    except (SyntaxError, opening_hours.ParserError):
        return False
    return True


def _impossible_time(rule):
    """A time no clock shows ("25:00", "12:60"), which the library takes for "next day"."""
    for match in CLOCK_TIME.finditer(rule):
        hour, minute = int(match.group(1)), int(match.group(2))
        if minute > 59 or hour > 24 or (hour == 24 and minute):
            return match.group(0)
    return None


def _what_is_wrong(rule):
    """Why a rule is not understood, naming the word at fault when it is a usual mistake."""
    if day := FRENCH_DAY.search(rule):
        return _("« %(word)s » n'est pas un jour (écrivez Mo, Tu, We, Th, Fr, Sa, Su)") % {
            "word": day.group(0)
        }
    if spelled := SPELLED_TIME.search(rule):
        return _("« %(word)s » n'est pas une heure (écrivez 08:30, sur 24 heures)") % {
            "word": spelled.group(0)
        }
    if wrong := _impossible_time(rule):
        return _("« %(word)s » n'est pas une heure possible (de 00:00 à 24:00)") % {"word": wrong}
    return _("vérifiez les jours (Mo, Tu…), les heures (09:00-12:00) et les séparateurs")


def _wrong_rule(value):
    """The first rule (between semicolons) that is not understood alone, or has a time no clock
    shows; the whole text when each rule alone is fine (a rule-separator mistake)."""
    rules = [rule.strip() for rule in value.split(";")]
    for rule in rules:
        if not rule or not _is_valid_osm(rule) or _impossible_time(rule):
            return rule
    return value.strip()


def validate_opening_hours(value):
    """OpenStreetMap ``opening_hours`` text; the message quotes the rule and the word at fault."""
    if _is_valid_osm(value) and not _impossible_time(value):
        return
    rule = _wrong_rule(value)
    if not rule:
        message = _("Une règle est vide : retirez le point-virgule en trop.")
    else:
        message = _("La règle « %(rule)s » n'est pas comprise : %(reason)s.") % {
            "rule": rule,
            "reason": _what_is_wrong(rule),
        }
    raise ValidationError(
        "%(message)s %(help)s",
        params={
            "message": message,
            "help": _("Exemple en syntaxe OpenStreetMap : « %(example)s ».")
            % {"example": OSM_EXAMPLE},
        },
    )


def split_emails(value):
    return [item.strip() for item in re.split(r"[,;\s]+", value or "") if item.strip()]


def validate_email_list(value):
    for address in split_emails(value):
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                _("« %(address)s » n'est pas une adresse e-mail valide."),
                params={"address": address},
            ) from None


def validate_rich_text_no_formula(value):
    """The plain text the open-data file publishes of a rich text (``presentation_detail``)."""
    validate_no_formula(html_to_text(value))


def split_lines(value):
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def validate_url_lines(value):
    """One http(s) address per line (a venue's other websites and social networks)."""
    for line in split_lines(value):
        if not is_web_url(line):
            raise ValidationError(
                _(
                    "« %(line)s » n'est pas une adresse web : écrivez une adresse complète qui "
                    "commence par http:// ou https://, une par ligne."
                ),
                params={"line": line},
            )
