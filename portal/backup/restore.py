"""``restore_backup``: an archive back into an empty database and media folder, checked.

Nothing is touched until the whole archive has been unpacked and every file matches the
manifest, the database engine matches, and the target is empty (or ``force`` says to replace
it). The database is restored in one transaction; the counts of pages, venues, documents and
images are then compared with the manifest.
"""

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import ngettext

from .archive import unpack
from .engines import engine_for
from .errors import BackupError
from .media import install_media, media_files
from .state import MigrationGap, compare_with_code, read_site_state

ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


@dataclass(frozen=True)
class Restore:
    manifest: dict
    migrations: MigrationGap
    occupied: list  # why the target is not empty, in French; replaced with ``force``
    counts: dict | None  # read back from the restored database; None on a dry run


@contextmanager
def scratch_directory(media_root):
    """A folder beside the media, so that putting them in place is a rename, not a copy."""
    try:
        scratch = tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".portal-restore-")
    except OSError:
        scratch = tempfile.TemporaryDirectory(prefix="portal-restore-")
    with scratch as name:
        yield Path(name)


def check_engine(manifest, engine):
    source = manifest["database"]["engine"]
    if source != engine.name:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {ENGINE_NAMES.get(source, source)} : elle ne se "
            f"restaure que dans une base {ENGINE_NAMES.get(source, source)}, pas "
            f"{ENGINE_NAMES[engine.name]} (DATABASE_URL). Rien n'a été modifié."
        )


def occupied_target(connection, media_root, manifest):
    """What is already in the target, in French; empty when the restore may go ahead."""
    reasons = []
    tables = connection.introspection.table_names()
    if tables:
        reasons.append(
            ngettext(
                "la base de données contient déjà %(count)d table",
                "la base de données contient déjà %(count)d tables",
                len(tables),
            )
            % {"count": len(tables)}
        )
    if manifest["media"]["included"]:
        files = media_files(media_root)
        if files:
            reasons.append(
                ngettext(
                    "le dossier des médias %(folder)s contient déjà %(count)d fichier",
                    "le dossier des médias %(folder)s contient déjà %(count)d fichiers",
                    len(files),
                )
                % {"folder": media_root, "count": len(files)}
            )
    return reasons


def count_differences(expected, found):
    return [
        f"{label} : {found.get(label)} au lieu de {count}"
        for label, count in expected.items()
        if found.get(label) != count
    ]


def restore_backup(archive, *, connection=None, media_root=None, force=False, dry_run=False):
    """Restore ``archive``; ``dry_run`` checks everything and changes nothing."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    engine = engine_for(connection)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with scratch_directory(media_root) as scratch:
        manifest = unpack(archive, scratch)
        check_engine(manifest, engine)
        gap = compare_with_code(manifest["migrations"])
        occupied = occupied_target(connection, media_root, manifest)
        if dry_run:
            return Restore(manifest, gap, occupied, counts=None)
        if occupied and not force:
            raise BackupError(
                f"La restauration se fait dans un site vide, or {' et '.join(occupied)}. "
                "Créez une base neuve (et videz le dossier des médias), ou relancez avec --force "
                "pour remplacer leur contenu. Rien n'a été modifié."
            )
        engine.restore(connection, scratch / manifest["database"]["dump"], replace=force)
        if manifest["media"]["included"]:
            install_media(scratch / "media", media_root, replace=force)
    with connection.cursor() as cursor:
        counts = read_site_state(cursor).counts
    differences = count_differences(manifest["counts"], counts)
    if differences:
        raise BackupError(
            "La base restaurée ne contient pas ce que la sauvegarde annonce ("
            + ", ".join(differences)
            + ") : ne remettez pas le site en service, vérifiez l'archive."
        )
    return Restore(manifest, gap, occupied, counts)
