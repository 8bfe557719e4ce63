"""The media folder (MEDIA_ROOT): documents, images and their renditions, generated guides."""

import shutil
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages

from .errors import BackupError


def check_media_on_disk():
    """Media kept by another storage (S3…) are not in MEDIA_ROOT: the backup cannot copy them."""
    if not isinstance(storages["default"], FileSystemStorage):
        raise BackupError(
            "Les médias ne sont pas sur le disque de ce serveur (MEDIA_STORAGE_BACKEND) : "
            "sauvegardez-les avec les outils de ce stockage (versions, réplication), puis "
            "relancez avec --no-media pour ne sauvegarder que la base."
        )


def media_files(media_root):
    """Every regular file under ``media_root``, as paths relative to it, in a stable order."""
    root = Path(media_root)
    if not root.is_dir():
        return []
    return sorted(
        path.relative_to(root)
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def _clear(directory):
    """Empty ``directory`` but keep it: it may be a mount point."""
    for child in directory.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _merge(source, destination):
    """Move ``source``'s content into ``destination``, entering folders that exist on both."""
    destination.mkdir(parents=True, exist_ok=True)
    for child in source.iterdir():
        target = destination / child.name
        if child.is_dir() and target.is_dir():
            _merge(child, target)
        else:
            shutil.move(child, target)


def install_media(restored, media_root, replace=False):
    """Put the restored files in place (a rename when both are on the same disk)."""
    media_root = Path(media_root)
    try:
        media_root.mkdir(parents=True, exist_ok=True)
        if replace:
            _clear(media_root)
        if Path(restored).is_dir():
            _merge(Path(restored), media_root)
    except OSError as error:
        raise BackupError(
            f"La base est restaurée mais les médias n'ont pas pu être copiés dans {media_root} : "
            f"{error}. Corrigez puis relancez la restauration avec --force."
        ) from None
