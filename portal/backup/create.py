"""``create_backup``: the database dump, the media folder and a manifest, in one archive."""

import platform
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from .archive import FORMAT, ArchiveWriter
from .engines import engine_for
from .errors import BackupError
from .media import check_media_on_disk, media_files

ARCHIVE_SUFFIX = ".tar.gz"


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict


def archive_path(destination, moment):
    """A folder gets a timestamped file name; a path ending in .tar.gz is used as it is."""
    destination = Path(destination)
    if destination.name.endswith(ARCHIVE_SUFFIX):
        return destination
    local = timezone.localtime(moment)
    return destination / f"portal-backup-{local:%Y%m%d-%H%M%S}{ARCHIVE_SUFFIX}"


def portal_version():
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    try:
        return tomllib.loads(pyproject.read_text())["project"]["version"]
    except (OSError, KeyError, ValueError):
        return None


def create_backup(destination=".", *, connection=None, media_root=None, include_media=True):
    """Write one archive of the site into ``destination``; return its path and manifest.

    The database is dumped first, then the media are copied: a file added meanwhile is merely
    an extra file, whereas the other order could miss the file of a document in the dump.
    """
    connection = connection or connections[DEFAULT_DB_ALIAS]
    engine = engine_for(connection)
    if include_media and media_root is None:
        check_media_on_disk()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    created = timezone.now()
    path = archive_path(destination, created)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = tempfile.TemporaryDirectory(dir=path.parent, prefix=".portal-backup-")
    except OSError as error:
        raise BackupError(f"Impossible d'écrire dans {path.parent} : {error}") from None
    with scratch, ArchiveWriter(path) as archive:
        dump = Path(scratch.name) / "dump"
        state = engine.dump(connection, dump)
        archive.add(dump, engine.dump_member)
        dump.unlink()
        media = media_files(media_root) if include_media else []
        for relative in media:
            try:
                archive.add(media_root / relative, f"media/{relative.as_posix()}")
            except FileNotFoundError:  # deleted since the listing: no longer part of the site
                continue
        media_entries = [entry for entry in archive.entries if entry.path.startswith("media/")]
        manifest = {
            "format": FORMAT,
            "created_at": timezone.localtime(created).isoformat(timespec="seconds"),
            "site": {
                "name": settings.WAGTAIL_SITE_NAME,
                "base_url": settings.WAGTAILADMIN_BASE_URL,
            },
            "versions": {
                "portal": portal_version(),
                "python": platform.python_version(),
                "django": django.get_version(),
                "wagtail": wagtail.__version__,
            },
            "database": {
                "engine": engine.name,
                "server_version": engine.server_version(connection),
                "dump": engine.dump_member,
            },
            "counts": state.counts,
            "migrations": state.migrations,
            "media": {
                "included": include_media,
                "files": len(media_entries),
                "bytes": sum(entry.size for entry in media_entries),
            },
            "files": [entry.as_json() for entry in archive.entries],
        }
        archive.finish(manifest)
    return Backup(path, manifest)
