from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from stats.retention import RETENTION_MONTHS, purge_usage_counts


class Command(BaseCommand):
    help = (
        f"Supprime les statistiques de fréquentation de plus de {RETENTION_MONTHS} mois. "
        "À lancer chaque mois."
    )

    def handle(self, *args, **options):
        deleted = purge_usage_counts()
        self.stdout.write(
            ngettext(
                "Statistiques de fréquentation : %(count)d ligne supprimée.",
                "Statistiques de fréquentation : %(count)d lignes supprimées.",
                deleted,
            )
            % {"count": deleted}
        )
