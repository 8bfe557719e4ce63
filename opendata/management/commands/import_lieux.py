"""python manage.py import_lieux FILE [--dry-run] [--source NAME] [--publish] [--territoire SLUG]

Imports venues from a CSV or JSON file in the national schema: bad rows (by the schema, or by the
validation of the admin form) are reported with their line number and reason and skipped, good
rows are imported in one transaction (see opendata/importer.py for matching, drafts and the
protection of editors' changes). ``--publish`` puts new venues live without review: the report
says so, with their number.
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from guide.models import Territory
from opendata.importer import ImportFileError, import_file


class Command(BaseCommand):
    help = "Importe des lieux au format du standard national de la médiation numérique."

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier CSV (séparateur , ou ;) ou JSON")
        parser.add_argument("--dry-run", action="store_true", help="ne rien enregistrer")
        parser.add_argument("--source", default="", help="source quand la colonne est vide")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publier les nouveaux lieux sans relecture (sinon brouillons)",
        )
        parser.add_argument("--territoire", help="identifiant du territoire des nouveaux lieux")

    def handle(self, *args, file, dry_run, source, publish, territoire, **options):
        territory = None
        if territoire:
            territory = Territory.objects.filter(
                slug=territoire, locale=Locale.get_default()
            ).first()
            if territory is None:
                raise CommandError(f"territoire inconnu : {territoire}")
        try:
            report = import_file(
                file, source=source, dry_run=dry_run, publish=publish, territory=territory
            )
        except (ImportFileError, OSError) as error:
            raise CommandError(f"{file} : {error}") from None
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
            self.stdout.write("Simulation : rien n'a été enregistré.")
        self.stdout.write(report.summary())
