"""Import of the national digital fragility index, one line per commune keyed by INSEE code.

The expected file (UTF-8, separated by semicolons or commas, decimals with a comma or a point):

    code_insee;commune;indice;acces_numerique;acces_information;competences_administratives;competences_numeriques
    57463;Metz;112,4;1,2;0,8;1,6;0,4

``code_insee``, ``commune`` and ``indice`` are required; the four sub-scores may be left empty
or left out. A bad line is reported with its number and the reason, in French, and the good
lines are kept: a line of an INSEE code already imported replaces it, the others stay.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import FragilityIndex

# Invented values in the expected shape, for the demo only (data/README.md).
DEMO_FILE = Path(__file__).parent / "data" / "indice-fragilite-DEMONSTRATION.csv"

INSEE_CODE = re.compile(r"(?:[0-9]{2}|2[AB])[0-9]{3}")
REQUIRED = ("code_insee", "commune", "indice")
SUB_SCORES = {
    "acces_numerique": "digital_access",
    "acces_information": "information_access",
    "competences_administratives": "administrative_skills",
    "competences_numeriques": "digital_skills",
}
COLUMNS = (*REQUIRED, *SUB_SCORES)


@dataclass
class FragilityImport:
    imported: int = 0
    errors: list = field(default_factory=list)  # (line number, reason)


class BadLine(ValueError):
    pass


def import_fragility(text):
    """Read the CSV ``text``, keep its good lines, report the others."""
    report = FragilityImport()
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        report.errors.append((1, _("Le fichier est vide.")))
        return report
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    headers = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        report.errors.append(
            (
                1,
                _("Colonnes obligatoires absentes : %(columns)s.")
                % {"columns": ", ".join(missing)},
            )
        )
        return report
    reader.fieldnames = headers
    good = {}
    for number, row in enumerate(reader, start=2):
        try:
            index = fragility_line(row)
        except BadLine as error:
            report.errors.append((number, str(error)))
            continue
        good[index.insee_code] = index
    with transaction.atomic():
        FragilityIndex.objects.filter(insee_code__in=list(good)).delete()
        FragilityIndex.objects.bulk_create(good.values())
    report.imported = len(good)
    return report


def fragility_line(row):
    if None in row:
        raise BadLine(_("Trop de valeurs sur cette ligne."))
    values = {name: (row.get(name) or "").strip() for name in COLUMNS}
    code = values["code_insee"].upper()
    if not INSEE_CODE.fullmatch(code):
        raise BadLine(
            _("Code INSEE « %(code)s » invalide : cinq caractères, comme 57463.") % {"code": code}
        )
    if not values["commune"]:
        raise BadLine(_("Nom de commune manquant."))
    fields = {"score": number(values["indice"], "indice", required=True)}
    for column, name in SUB_SCORES.items():
        fields[name] = number(values[column], column)
    return FragilityIndex(insee_code=code, commune=values["commune"][:120], **fields)


def number(text, column, required=False):
    if not text:
        if required:
            raise BadLine(
                _("Valeur manquante dans la colonne « %(column)s ».") % {"column": column}
            )
        return None
    try:
        return float(text.replace(" ", "").replace(" ", "").replace(",", "."))
    except ValueError:
        raise BadLine(
            _("« %(value)s » n'est pas un nombre (colonne « %(column)s »).")
            % {"value": text, "column": column}
        ) from None
