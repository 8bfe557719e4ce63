"""python manage.py import_lieux FILE [--format national|data-inclusion] [--dry-run] …

``--format national`` (the default) imports venues from a CSV or JSON file in the national
schema: bad rows (by the schema, or by the validation of the admin form) are reported with their
line number and reason and skipped, good rows are imported in one transaction (see
opendata/importer.py for matching, drafts and the protection of editors' changes). ``--publish``
puts new venues live without review: the report says so, with their number.

``--format data-inclusion`` reads data·inclusion's structures (FILE) and services
(``--services F``), JSON arrays or CSV; FILE may also be a folder holding ``structures.json``
and ``services.json`` (or ``.csv``). Nothing goes live: every structure becomes a declaration in
the moderation inbox, a new venue or a change of the venue it matches (see
opendata/data_inclusion_import.py); bad records are reported with their position and reason.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from wagtail.models import Locale

from guide.models import Territory
from opendata.data_inclusion_import import import_files
from opendata.importer import ImportFileError, import_file

NATIONAL = "national"
DATA_INCLUSION = "data-inclusion"


class Command(BaseCommand):
    help = (
        "Importe des lieux au format du standard national de la médiation numérique, ou des "
        "structures data·inclusion comme déclarations à modérer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            help="fichier CSV (séparateur , ou ;) ou JSON ; pour data·inclusion, le fichier des "
            "structures ou un dossier contenant structures.json et services.json",
        )
        parser.add_argument(
            "--format",
            choices=[NATIONAL, DATA_INCLUSION],
            default=NATIONAL,
            help="standard national (par défaut) ou data·inclusion",
        )
        parser.add_argument(
            "--services", help="data·inclusion : fichier des services (JSON ou CSV)"
        )
        parser.add_argument("--dry-run", action="store_true", help="ne rien enregistrer")
        parser.add_argument("--source", default="", help="source quand la colonne est vide")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publier les nouveaux lieux sans relecture (sinon brouillons)",
        )
        parser.add_argument("--territoire", help="identifiant du territoire des nouveaux lieux")

    def handle(self, *args, file, format, services, territoire, **options):
        territory = self.territory(territoire)
        if format == DATA_INCLUSION:
            if options["publish"]:
                raise CommandError(
                    gettext(
                        "--publish ne s'applique pas à data·inclusion : les structures "
                        "deviennent des déclarations à modérer."
                    )
                )
            self.import_data_inclusion(file, services, territory, options["dry_run"])
        elif services:
            raise CommandError(gettext("--services ne s'emploie qu'avec --format data-inclusion."))
        else:
            self.import_national(file, territory, **options)

    def territory(self, slug):
        if not slug:
            return None
        territory = Territory.objects.filter(slug=slug, locale=Locale.get_default()).first()
        if territory is None:
            raise CommandError(f"territoire inconnu : {slug}")
        return territory

    def import_national(self, file, territory, *, dry_run, source, publish, **options):
        try:
            report = import_file(
                file, source=source, dry_run=dry_run, publish=publish, territory=territory
            )
        except (ImportFileError, OSError) as error:
            raise CommandError(f"{file} : {error}") from None
        for problem in report.errors:
            self.stderr.write(f"Erreur, {problem}")
        for problem in report.kept:
            self.stdout.write(f"Conservé, {problem}")
        for problem in report.notes:
            self.stdout.write(f"Remarque, {problem}")
        for note in report.services_notes():
            self.stdout.write(note)
        for warning in report.publication_warnings():
            self.stdout.write(self.style.WARNING(warning))
        if dry_run:
            self.stdout.write("Simulation : rien n'a été enregistré.")
        self.stdout.write(report.summary())

    def import_data_inclusion(self, file, services, territory, dry_run):
        try:
            report = import_files(file, services, territory=territory, dry_run=dry_run)
        except (ImportFileError, OSError) as error:
            raise CommandError(f"{file} : {error}") from None
        for problem in report.errors:
            self.stderr.write(gettext("Erreur, %(problem)s") % {"problem": problem})
        for problem in report.notes:
            self.stdout.write(gettext("Remarque, %(problem)s") % {"problem": problem})
        for problem in report.waiting:
            self.stdout.write(
                gettext(
                    "En attente, %(problem)s : une déclaration de cette structure est en cours "
                    "de traitement ; réimportez le fichier quand elle sera décidée."
                )
                % {"problem": problem}
            )
        if dry_run:
            self.stdout.write(gettext("Simulation : rien n'a été enregistré."))
        self.stdout.write(report.summary())
