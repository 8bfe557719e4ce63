from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Charge le contenu de démonstration (lieux de Metz, fiche M5 de Bordeaux). Idempotent."

    def handle(self, *args, **options):
        load_demo(log=self.stdout.write)
