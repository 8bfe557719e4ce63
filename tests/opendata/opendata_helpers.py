"""Rows and files in the national schema for the open-data tests."""

import csv
import io
from pathlib import Path

from opendata.schema import COLUMN_NAMES

DATA = Path(__file__).parent / "data"
SCHEMA_PATH = DATA / "schema-mediation-numerique-1.0.2.json"
EXAMPLE_PATH = DATA / "exemple-valide-1.0.2.csv"


def valid_row(number=1, **overrides):
    row = dict.fromkeys(COLUMN_NAMES, "")
    row.update(
        id=f"lieu-{number}",
        pivot="43493312300029",
        nom=f"Médiathèque {number}",
        commune="Metz",
        code_postal="57000",
        code_insee="57463",
        adresse=f"{number} rue de la Paix",
        latitude="49.119",
        longitude="6.176",
        typologie="BIB",
        telephone="+33387555555",
        courriels=f"contact{number}@example.org",
        site_web=f"https://lieu{number}.example.org/",
        horaires="Mo-Fr 09:00-12:00,14:00-18:00",
        presentation_resume="Initiation au numérique et aide aux démarches.",
        presentation_detail="Ateliers le mardi. Permanences le jeudi.",
        source="Ville de Metz",
        date_maj="2026-01-15",
        services="Aide aux démarches administratives|Maîtrise des outils numériques du quotidien",
        publics_specifiquement_adresses="Seniors",
        frais_a_charge="Gratuit",
        modalites_acces="Se présenter|Téléphoner",
        modalites_accompagnement="Accompagnement individuel|Dans un atelier collectif",
    )
    row.update(overrides)
    return row


def write_csv(path, rows, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMN_NAMES, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))
