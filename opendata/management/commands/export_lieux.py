"""python manage.py export_lieux --format FORMAT [--output FILE]

Writes the published French venues:

- ``csv``, ``json``: in the national schema of digital mediation v1.0.2 (opendata/exporter.py);
- ``data-inclusion-structures``, ``data-inclusion-services``: in the data·inclusion schema
  (opendata/data_inclusion/export.py), written record by record. For the services, the average
  quality score and the criteria losing the most points follow, so editors know what to fill in.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opendata.data_inclusion.export import write_json
from opendata.exporter import export_text

DATA_INCLUSION = {
    "data-inclusion-structures": "structures",
    "data-inclusion-services": "services",
}


class Command(BaseCommand):
    help = (
        "Exporte les lieux publiés au format du standard national de la médiation numérique "
        "(csv, json) ou de data·inclusion (structures, services)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("csv", "json", *DATA_INCLUSION), default="csv")
        parser.add_argument("--output", help="fichier à écrire (par défaut : la sortie standard)")

    def handle(self, *args, format, output, **options):
        if format in DATA_INCLUSION:
            self.export_data_inclusion(DATA_INCLUSION[format], output)
            return
        text = export_text(format)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"{output} écrit.")
        else:
            self.stdout.write(text, ending="")

    def export_data_inclusion(self, kind, output):
        if not output:
            report = write_json(kind, self.stdout)
            self.print_report(kind, report, self.stderr)
            return
        with Path(output).open("w", encoding="utf-8") as stream:
            report = write_json(kind, stream)
        self.stdout.write(_("%(file)s écrit.") % {"file": output})
        self.print_report(kind, report, self.stdout)

    def print_report(self, kind, report, out):
        for record_id, error in report.rejected:
            out.write(
                _("Écarté, non conforme au schéma : %(id)s\n%(error)s")
                % {
                    "id": record_id,
                    "error": error,
                }
            )
        if kind != "services":
            return
        if not report.count:
            out.write(_("Aucun service publié."))
            return
        out.write(
            ngettext(
                "Score de qualité data·inclusion moyen : %(score)s sur 1 (%(count)d service).",
                "Score de qualité data·inclusion moyen : %(score)s sur 1 (%(count)d services).",
                report.count,
            )
            % {"score": number_format(report.average, 2), "count": report.count}
        )
        weakest = report.weakest()
        if weakest:
            out.write(_("Critères qui perdent le plus de points, à compléter sur les lieux :"))
        for criterion, label, points in weakest:
            out.write(
                _("- %(what)s (%(criterion)s) : −%(points)s point par service")
                % {"what": label, "criterion": criterion, "points": number_format(points, 2)}
            )
