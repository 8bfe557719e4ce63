"""python manage.py backup_site [--output FOLDER_OR_FILE.tar.gz] [--no-media]

Writes one archive of the site — database dump, media folder, manifest — for ``restore_site``
(portal/backup/). Run it from cron; see docs/exploitation.md.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import ngettext, ngettext_lazy

from portal.backup import BackupError, create_backup


def describe_counts(counts):
    """The manifest's counts in words, with French plurals ("1 lieu", "2 lieux")."""
    words = {
        "pages": ngettext_lazy("%(count)d page", "%(count)d pages", "count"),
        "venues": ngettext_lazy("%(count)d lieu", "%(count)d lieux", "count"),
        "documents": ngettext_lazy("%(count)d document", "%(count)d documents", "count"),
        "images": ngettext_lazy("%(count)d image", "%(count)d images", "count"),
    }
    return ", ".join(words[key] % {"count": counts[key]} for key in words)


def seconds(duration):
    return f"{number_format(duration, 1)} s"


class Command(BaseCommand):
    help = "Sauvegarde le site (base de données et médias) dans une archive .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=".",
            help="dossier de l'archive (nom daté) ou chemin du fichier .tar.gz (défaut : .)",
        )
        parser.add_argument(
            "--no-media",
            action="store_true",
            help="ne pas copier les médias (stockage distant sauvegardé à part)",
        )

    def handle(self, *args, output, no_media, **options):
        started = time.monotonic()
        try:
            backup = create_backup(output, include_media=not no_media)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = backup.manifest
        media = manifest["media"]
        self.stdout.write(f"Sauvegarde écrite : {backup.path}")
        self.stdout.write(
            f"{describe_counts(manifest['counts'])} ; "
            + (
                ngettext(
                    "%(count)d fichier de médias (%(size)s)",
                    "%(count)d fichiers de médias (%(size)s)",
                    media["files"],
                )
                % {"count": media["files"], "size": filesizeformat(media["bytes"])}
                if media["included"]
                else "sans les médias"
            )
        )
        self.stdout.write(
            f"Archive de {filesizeformat(backup.path.stat().st_size)}, "
            f"en {seconds(time.monotonic() - started)}."
        )
