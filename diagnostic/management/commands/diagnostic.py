"""``python manage.py diagnostic --territory metz-sablon --output diagnostic.pdf``: the PDF report
without the admin, e.g. every quarter from a scheduled job."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from diagnostic.figures import DEFAULT_PERIOD_DAYS, diagnose
from diagnostic.pdf import diagnosis_pdf
from guide.models import Territory


class Command(BaseCommand):
    help = "Écrit le diagnostic du territoire en PDF."

    def add_arguments(self, parser):
        parser.add_argument(
            "--territory", default="", help="Identifiant du territoire (vide : tout le territoire)."
        )
        parser.add_argument("--commune", default="", help="Nom de la commune.")
        parser.add_argument(
            "--days", type=int, default=DEFAULT_PERIOD_DAYS, help="Période des recherches."
        )
        parser.add_argument("--output", required=True, help="Fichier PDF à écrire.")

    def handle(self, *args, territory, commune, days, output, **options):
        if territory and not Territory.objects.filter(slug=territory).exists():
            known = ", ".join(Territory.objects.values_list("slug", flat=True).distinct())
            raise CommandError(f"Territoire inconnu : {territory}. Territoires : {known}.")
        diagnosis = diagnose(territory_slug=territory, commune=commune, period_days=days)
        path = Path(output)
        path.write_bytes(diagnosis_pdf(diagnosis))
        self.stdout.write(f"Diagnostic « {diagnosis.scope.name} » écrit dans {path}.")
