"""python manage.py export_lieux --format csv|json --output FILE

Writes the published French venues in the national schema v1.0.2 (opendata/exporter.py).
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from opendata.exporter import export_text


class Command(BaseCommand):
    help = "Exporte les lieux publiés au format du standard national de la médiation numérique."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("csv", "json"), default="csv")
        parser.add_argument("--output", help="fichier à écrire (par défaut : la sortie standard)")

    def handle(self, *args, format, output, **options):
        text = export_text(format)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"{output} écrit.")
        else:
            self.stdout.write(text, ending="")
