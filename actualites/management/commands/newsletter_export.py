"""Write one channel of a newsletter issue to a file, or text formats to standard output."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from actualites.channels import CHANNELS
from actualites.newsletter.export import ExportError, export_issue, find_issue


class Command(BaseCommand):
    help = "Write an issue of the newsletter in one of its formats (web, e-mail, magazine…)."

    def add_arguments(self, parser):
        parser.add_argument("--number", type=int, required=True, help="The issue's number.")
        parser.add_argument("--format", required=True, choices=list(CHANNELS), dest="format_name")
        parser.add_argument("--output", required=True, help="A file, or - for standard output.")

    def handle(self, *args, number, format_name, output, **options):
        try:
            content = export_issue(find_issue(number), format_name)
        except ExportError as error:
            raise CommandError(str(error)) from error
        if output == "-":
            if isinstance(content, bytes):
                raise CommandError(
                    _("Le format %(format)s est binaire : indiquez un fichier avec --output.")
                    % {"format": format_name}
                )
            self.stdout.write(content, ending="")
            return
        path = Path(output)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        self.stderr.write(_("Écrit : %(path)s") % {"path": path})
