"""Queue again the guide builds a killed worker left unfinished: run it before the worker starts.

A worker killed mid-build leaves its task "running" in the queue for ever and the edition "en
cours"; no worker would take it again. See ``guide.tasks.resume_interrupted_builds``. Running it
while a worker is building is safe on PostgreSQL (a live build is seen and left alone).
"""

from django.core.management.base import BaseCommand

from guide.tasks import resume_interrupted_builds


class Command(BaseCommand):
    help = (
        "Relance les générations du guide interrompues (à lancer avant le processus de génération)."
    )

    def handle(self, *args, **options):
        resumed = resume_interrupted_builds()
        for edition in resumed:
            self.stdout.write(f"Génération relancée : {edition}")
        if not resumed:
            self.stdout.write("Aucune génération à relancer.")
