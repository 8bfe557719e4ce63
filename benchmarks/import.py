"""Open-data benchmark: 10,000 venues imported, re-imported, then exported to data·inclusion.

    .venv/bin/python benchmarks/import.py [--rows 10000] [--keep PATH]

Creates a throw-away SQLite database with the test settings, migrates it, creates a home page,
the venue list and a territory, writes a CSV of ``--rows`` valid generated rows (every column
filled in, several services each), then times ``import_file`` twice on it with ``publish=True``:
the first run creates every venue, the second must change nothing. Prints both durations and the
second run's number of changes. Targets: first import at most 60 s, re-import at most 30 s with
0 changes.

Then it exports the imported venues in the data·inclusion format (structures, then services, to
files), timing both, and runs the services export once more under ``tracemalloc`` for its peak
memory, which must stay flat (at most ``MAX_EXPORT_PEAK_MB`` whatever the number of venues: the
records are streamed). Target: both files in at most 30 s.

Then, in the same database, a data·inclusion import for moderation
(``opendata.data_inclusion_import``): ``--structures`` structures (10,000) with three services
each (30,000), JSON files as the hub publishes them, a quarter of them named after a venue of the
first import (change declarations), the others new; the peak of the memory Python allocates
(tracemalloc, on a dry run first), then the import timed, then imported again, which must create
no declaration. Target: at most 120 s.

The exit code is always 0: this is a report, read its TARGET MET / TARGET MISSED lines.
"""

import argparse
import csv
import io
import logging
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
MAX_IMPORT_SECONDS = 60
MAX_REIMPORT_SECONDS = 30
MAX_EXPORT_SECONDS = 30
MAX_EXPORT_PEAK_MB = 50
MAX_DATA_INCLUSION_SECONDS = 120
STREETS = ("rue des Lilas", "avenue Foch", "place Saint-Louis", "rue Serpenoise", "quai Félix")
HOURS = (
    "Mo-Fr 09:00-12:00,13:30-17:00",
    "Tu-Sa 10:00-18:00",
    "Mo,We,Fr 14:00-18:00; Sa 09:30-12:30",
)


def setup(db_path):
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, stdout=io.StringIO())


def create_site():
    from wagtail.models import Locale, Page, Site

    from guide.models import Territory, VenueIndexPage
    from portal.models import HomePage

    locale = Locale.objects.get_or_create(language_code="fr")[0]
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Accueil", slug="accueil-bench", locale=locale)
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    home.add_child(instance=VenueIndexPage(title="Les lieux", slug="lieux"))
    Territory.objects.create(name="Metz", slug="metz", locale=locale)


def generated_rows(count, seed=2026):
    from opendata import schema

    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield {
            "id": f"bench-{number}",
            "pivot": "43493312300029",
            "nom": f"Lieu de médiation {number}",
            "commune": "Metz",
            "code_postal": "57000",
            "code_insee": "57463",
            "adresse": f"{number} {rng.choice(STREETS)}",
            "complement_adresse": rng.choice(["", "2e étage", "Bâtiment B"]),
            "latitude": f"{49.1 + rng.random() / 20:.5f}",
            "longitude": f"{6.15 + rng.random() / 20:.5f}",
            "typologie": rng.choice(["CS", "BIB|MUNI", "ASSO|EPN"]),
            "telephone": f"+3338755{number % 10000:04d}",
            "courriels": f"contact{number}@example.org",
            "site_web": f"https://lieu{number}.example.org/",
            "horaires": rng.choice(HOURS),
            "presentation_resume": "Initiation au numérique et aide aux démarches en ligne.",
            "presentation_detail": "Ateliers collectifs le mardi.\n\nPermanences le jeudi.",
            "source": "Hub du Grand Est",
            "itinerance": "Fixe",
            "structure_parente": "Ville de Metz",
            "date_maj": "2026-01-15",
            "services": schema.join_values(rng.sample(schema.SERVICES, rng.randint(1, 4))),
            "publics_specifiquement_adresses": rng.choice(["", "Seniors", "Jeunes|Femmes"]),
            "prise_en_charge_specifique": rng.choice(["", "Surdité|Langues étrangères (anglais)"]),
            "frais_a_charge": rng.choice(["Gratuit", "Gratuit sous condition|Payant"]),
            "dispositif_programmes_nationaux": rng.choice(["", "Conseillers numériques"]),
            "formations_labels": rng.choice(["", "Formé à « Mon Espace Santé »"]),
            "autres_formations_labels": "",
            "modalites_acces": "Se présenter|Téléphoner",
            "modalites_accompagnement": "Accompagnement individuel|Dans un atelier collectif",
            "fiche_acces_libre": "",
            "prise_rdv": rng.choice(["", "https://www.rdv-solidarites.fr/"]),
        }


def write_file(path, count):
    from opendata.schema import COLUMN_NAMES

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMN_NAMES)
        writer.writeheader()
        writer.writerows(generated_rows(count))


def timed_import(path):
    from opendata.importer import import_file

    started = time.monotonic()
    report = import_file(path, publish=True)
    return time.monotonic() - started, report


def timed_export(folder):
    """Seconds to write both data·inclusion files, and the number of services."""
    from opendata.data_inclusion.export import write_json

    started = time.monotonic()
    for kind in ("structures", "services"):
        with (folder / f"{kind}.json").open("w", encoding="utf-8") as stream:
            report = write_json(kind, stream)
    return time.monotonic() - started, report


def export_peak_mb(folder):
    """Peak Python memory of the services export, in MB."""
    from opendata.data_inclusion.export import write_json

    tracemalloc.start()
    with (folder / "services-again.json").open("w", encoding="utf-8") as stream:
        write_json("services", stream)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1_000_000


def measure_export(folder):
    seconds, report = timed_export(folder)
    peak = export_peak_mb(folder)
    print(
        f"data·inclusion export: {seconds:.1f} s, {report.count} services, "
        f"average quality {report.average}, {len(report.rejected)} rejected, peak {peak:.1f} MB"
    )
    verdict = "MET" if seconds <= MAX_EXPORT_SECONDS and not report.rejected else "MISSED"
    print(f"TARGET {verdict}: export {seconds:.1f} s (at most {MAX_EXPORT_SECONDS} s)")
    verdict = "MET" if peak <= MAX_EXPORT_PEAK_MB else "MISSED"
    print(f"TARGET {verdict}: export peak memory {peak:.1f} MB (at most {MAX_EXPORT_PEAK_MB} MB)")


def data_inclusion_files(folder, count, venues):
    """structures.json and services.json: ``count`` structures, three services each; one in
    four named after one of the ``venues`` generated rows."""
    import json

    from data_inclusion.schema.v1 import Thematique

    themes = [
        [Thematique.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE.value],
        [Thematique.NUMERIQUE__ACCEDER_A_DES_SERVICES_EN_LIGNE.value],
        [Thematique.NUMERIQUE__ACQUERIR_UN_EQUIPEMENT.value],
        [Thematique.PREPARER_SA_CANDIDATURE__REALISER_UN_CV_ET_OU_UNE_LETTRE_DE_MOTIVATION.value],
    ]
    rng = random.Random(2027)
    structures, services = [], []
    for number in range(1, count + 1):
        known = number % 4 == 0 and number <= venues
        structures.append(
            {
                "source": "dora",
                "id": f"dora--{number}",
                "nom": f"Lieu de médiation {number}" if known else f"Structure {number}",
                "date_maj": "2026-01-15",
                "description": "Accompagnement au numérique et aux démarches en ligne.",
                "siret": "13003013300016",
                "adresse": f"{number} {rng.choice(STREETS)}",
                "code_postal": "57000",
                "commune": "Metz",
                "telephone": f"+3338766{number % 10000:04d}",
                "courriel": f"structure{number}@example.org",
                "site_web": f"https://structure{number}.example.org/",
                "horaires_accueil": rng.choice(HOURS),
                "reseaux_porteurs": rng.choice([[], ["france-service"], ["communes"]]),
            }
        )
        for index in range(3):
            services.append(
                {
                    "source": "dora",
                    "id": f"dora--{number}-{index}",
                    "structure_id": f"dora--{number}",
                    "nom": rng.choice(["Atelier numérique", "Aide aux démarches", "Permanence"]),
                    "description": f"Le mardi matin. Niveau : {rng.choice(['basique', 'expert'])}",
                    "date_maj": "2026-01-15",
                    "type": rng.choice(["accompagnement", "atelier"]),
                    "thematiques": rng.choice(themes),
                    "frais": rng.choice(["gratuit", "payant"]),
                    "publics": rng.choice([["tous-publics"], ["seniors", "jeunes"]]),
                    "modes_accueil": ["en-presentiel"],
                    "modes_mobilisation": ["se-presenter", "telephoner"],
                }
            )
    for name, records in (("structures.json", structures), ("services.json", services)):
        (folder / name).write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


def timed_data_inclusion_import(folder, **options):
    """(seconds, report) of one import of the folder."""
    from opendata.data_inclusion_import import import_files

    started = time.monotonic()
    report = import_files(folder, **options)
    return time.monotonic() - started, report


def peak_memory_of_data_inclusion_import(folder):
    """Peak MB Python allocates for the import, measured on a dry run (the same work, rolled
    back) since tracemalloc slows every allocation down."""
    tracemalloc.start()
    timed_data_inclusion_import(folder, dry_run=True)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak


def measure_data_inclusion(folder, count, venues):
    data_inclusion_files(folder, count, venues)
    peak = peak_memory_of_data_inclusion_import(folder)
    seconds, report = timed_data_inclusion_import(folder)
    print(f"data·inclusion import: {seconds:.1f} s, peak {peak:.0f} MB, {report.summary()}")
    again_seconds, again = timed_data_inclusion_import(folder)
    print(
        f"data·inclusion re-import: {again_seconds:.1f} s, {again.created} declaration(s) "
        f"created, {again.summary()}"
    )
    met = seconds <= MAX_DATA_INCLUSION_SECONDS and not report.errors and not again.created
    print(
        f"TARGET {'MET' if met else 'MISSED'}: data·inclusion import {seconds:.1f} s "
        f"(at most {MAX_DATA_INCLUSION_SECONDS} s), re-import created {again.created} (0 expected)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", help="keep the generated CSV there")
    parser.add_argument("--structures", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder) / "bench.sqlite3")
        logging.getLogger("django.tasks").setLevel(logging.WARNING)  # a line per indexing task
        create_site()
        path = Path(args.keep or Path(folder) / "lieux.csv")
        write_file(path, args.rows)
        first_seconds, first = timed_import(path)
        print(f"import: {first_seconds:.1f} s, {first.summary()}")
        second_seconds, second = timed_import(path)
        print(f"re-import: {second_seconds:.1f} s, {second.changes} change(s), {second.summary()}")
        measure_export(Path(folder))
        measure_data_inclusion(Path(folder), args.structures, args.rows)

    verdict = "MET" if first_seconds <= MAX_IMPORT_SECONDS and not first.errors else "MISSED"
    print(f"TARGET {verdict}: import {first_seconds:.1f} s (at most {MAX_IMPORT_SECONDS} s)")
    verdict = "MET" if second_seconds <= MAX_REIMPORT_SECONDS and second.changes == 0 else "MISSED"
    print(
        f"TARGET {verdict}: re-import {second_seconds:.1f} s (at most {MAX_REIMPORT_SECONDS} s), "
        f"{second.changes} change(s) (0 expected)"
    )


if __name__ == "__main__":
    main()
