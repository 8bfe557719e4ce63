"""python manage.py restore_site ARCHIVE [--dry-run] [--force]

Restores an archive of ``backup_site`` into the database of DATABASE_URL and MEDIA_ROOT, which
must be empty unless ``--force`` (portal/backup/). Stop the web and worker processes first.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from portal.backup import BackupError, restore_backup
from portal.backup.restore import ENGINE_NAMES

from .backup_site import describe_counts, seconds


def migration_names(keys, limit=5):
    names = [f"{app}.{name}" for app, name in keys]
    listed = ", ".join(names[:limit])
    others = len(names) - limit
    if others <= 0:
        return listed
    return f"{listed} " + ngettext("et %(count)d autre", "et %(count)d autres", others) % {
        "count": others
    }


class Command(BaseCommand):
    help = "Restaure une sauvegarde de backup_site dans une base et un dossier de médias vides."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="archive .tar.gz écrite par backup_site")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="vérifier l'archive et la cible sans rien changer",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplacer le contenu d'une base ou d'un dossier de médias qui n'est pas vide",
        )

    def handle(self, *args, archive, dry_run, force, **options):
        started = time.monotonic()
        try:
            restore = restore_backup(archive, force=force, dry_run=dry_run)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = restore.manifest
        versions, database = manifest["versions"], manifest["database"]
        engine = f"{ENGINE_NAMES[database['engine']]} {database['server_version']}"
        self.stdout.write(
            f"Archive vérifiée : sauvegarde du {manifest['created_at']} ({engine}, "
            f"Django {versions['django']}, Wagtail {versions['wagtail']}), "
            f"{describe_counts(manifest['counts'])}."
        )
        self.report_migrations(restore.migrations)
        if dry_run:
            if restore.occupied:
                target = " ; ".join(restore.occupied) + " (--force pour remplacer)"
            else:
                target = "vide, prête pour la restauration"
            self.stdout.write(f"Cible : {target}.")
            self.stdout.write("Simulation : rien n'a été modifié.")
            return
        self.stdout.write(
            f"Site restauré : {describe_counts(restore.counts)}, comme dans la sauvegarde."
        )
        media = manifest["media"]
        if media["included"]:
            self.stdout.write(
                ngettext(
                    "Médias restaurés : %(count)d fichier.",
                    "Médias restaurés : %(count)d fichiers.",
                    media["files"],
                )
                % {"count": media["files"]}
            )
        else:
            self.stdout.write("Cette sauvegarde ne contient pas les médias : restaurez-les à part.")
        self.stdout.write(f"Terminé en {seconds(time.monotonic() - started)}.")

    def report_migrations(self, gap):
        if gap.unknown:
            self.stderr.write(
                "Attention : la sauvegarde vient d'une version plus récente du portail "
                f"(migrations inconnues de ce code : {migration_names(gap.unknown)}). "
                "Installez cette version avant de remettre le site en service."
            )
        if gap.pending:
            self.stderr.write(
                ngettext(
                    "Attention : %(count)d migration du code manque à la sauvegarde "
                    "(%(names)s) : lancez `python manage.py migrate` après la restauration.",
                    "Attention : %(count)d migrations du code manquent à la sauvegarde "
                    "(%(names)s) : lancez `python manage.py migrate` après la restauration.",
                    len(gap.pending),
                )
                % {"count": len(gap.pending), "names": migration_names(gap.pending)}
            )
