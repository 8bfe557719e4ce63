"""The archive: one tar.gz holding ``database/…``, ``media/…`` and, last, ``manifest.json``.

Every file's size and SHA-256 are computed while it is written and listed in the manifest; a
restore unpacks into a scratch folder and checks them all before it touches anything, so a
truncated or damaged archive is refused with nothing changed. The archive is written under a
``.partial`` name and renamed once complete: a backup that dies half-way never leaves a file
that looks like a backup.
"""

import gzip
import hashlib
import io
import json
import os
import tarfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import BackupError

MANIFEST = "manifest.json"
FORMAT = 1
PARTS = ("database", "media")
# gzip level 6: nearly the size of level 9 at a fraction of its time.
COMPRESS_LEVEL = 6
CHUNK = 1024 * 1024
# A manifest lists every file; even 100,000 media files stay far below this.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    sha256: str

    def as_json(self):
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


class _HashingReader:
    """Reads a file for tarfile and hashes what it hands over."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.stream.read(size)
        self.digest.update(data)
        return data


class ArchiveWriter:
    """``with ArchiveWriter(path) as archive: archive.add(...); archive.finish(manifest)``."""

    def __init__(self, path):
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.entries = []
        self._file = self._tar = None

    def __enter__(self):
        if self.path.exists():
            raise BackupError(f"{self.path} existe déjà : choisissez un autre nom.")
        # Readable by its owner only: the archive holds personal data (subscribers, declarants).
        self._file = open(self.partial, "wb", opener=_private)  # noqa: SIM115 - closed in finish
        os.fchmod(self._file.fileno(), 0o600)
        self._tar = tarfile.open(fileobj=self._file, mode="w:gz", compresslevel=COMPRESS_LEVEL)
        return self

    def add(self, source, name):
        """Add the file ``source`` as ``name``; return its entry (size and SHA-256)."""
        info = tarfile.TarInfo(name)
        status = os.stat(source)
        info.size, info.mtime, info.mode = status.st_size, int(status.st_mtime), 0o644
        with open(source, "rb") as stream:
            reader = _HashingReader(stream)
            self._tar.addfile(info, reader)
        entry = FileEntry(name, info.size, reader.digest.hexdigest())
        self.entries.append(entry)
        return entry

    def finish(self, manifest):
        """Write the manifest last, then give the archive its real name."""
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
        self._tar.addfile(info, io.BytesIO(data))
        self._tar.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self.partial, self.path)

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None:
            self._tar.close()
            self._file.close()
            self.partial.unlink(missing_ok=True)
        return False


def _private(path, flags):
    return os.open(path, flags, 0o600)


def _checked_name(member):
    """The member's path if it is a plain file where an archive of ours puts files."""
    path = PurePosixPath(member.name)
    safe = (
        member.isfile()
        and not path.is_absolute()
        and ".." not in path.parts
        and (member.name == MANIFEST or (len(path.parts) > 1 and path.parts[0] in PARTS))
    )
    if not safe:
        raise BackupError(
            f"L'archive contient un élément inattendu ({member.name!r}) : ce n'est pas une "
            "sauvegarde du portail."
        )
    return str(path)


def _extract(tar, member, target):
    """Copy one member to ``target``; return its SHA-256."""
    digest = hashlib.sha256()
    source = tar.extractfile(member)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        output = open(target, "wb")  # noqa: SIM115 - closed below, write errors told apart
    except OSError as error:
        raise BackupError(f"Écriture impossible dans {target.parent} : {error}") from None
    with output:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            try:
                output.write(chunk)
            except OSError as error:
                raise BackupError(f"Écriture impossible dans {target.parent} : {error}") from None
    return digest.hexdigest()


def unpack(archive, destination):
    """Unpack ``archive`` into ``destination`` and check it whole; return its manifest."""
    archive, destination = Path(archive), Path(destination)
    if not archive.is_file():
        raise BackupError(f"Archive introuvable : {archive}")
    found, manifest_data = {}, None
    try:
        with gzip.open(archive, "rb") as compressed:
            with tarfile.open(fileobj=compressed, mode="r|") as tar:
                for member in tar:
                    name = _checked_name(member)
                    if name in found or (name == MANIFEST and manifest_data is not None):
                        raise BackupError(f"L'archive contient deux fois {name} : elle est abîmée.")
                    if name == MANIFEST:
                        manifest_data = tar.extractfile(member).read(MAX_MANIFEST_BYTES)
                    else:
                        found[name] = (member.size, _extract(tar, member, destination / name))
            # Read to the end: gzip checks its CRC there, which tar alone would never reach
            # when damage makes it stop early at what looks like the end of the archive.
            while compressed.read(CHUNK):
                pass
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(
            f"L'archive {archive.name} est illisible ou incomplète (tronquée ou abîmée) : "
            f"{error or error.__class__.__name__}. Rien n'a été modifié."
        ) from None
    manifest = _read_manifest(archive, manifest_data)
    _check_files(archive, manifest, found)
    return manifest


def _read_manifest(archive, data):
    if data is None:
        raise BackupError(
            f"L'archive {archive.name} n'a pas de {MANIFEST} : elle est incomplète, ou ce n'est "
            "pas une sauvegarde du portail. Rien n'a été modifié."
        )
    try:
        manifest = json.loads(data)
    except ValueError:
        raise BackupError(f"Le {MANIFEST} de {archive.name} est illisible.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive.name} est au format de sauvegarde {manifest.get('format')!r}, que cette "
            f"version du portail ne sait pas lire (format {FORMAT})."
        )
    return manifest


def _check_files(archive, manifest, found):
    listed = {entry["path"]: entry for entry in manifest["files"]}
    for path, entry in listed.items():
        if path not in found:
            raise BackupError(
                f"{path} manque dans {archive.name} : l'archive est incomplète. "
                "Rien n'a été modifié."
            )
        if found[path] != (entry["size"], entry["sha256"]):
            raise BackupError(
                f"{path} ne correspond pas à son empreinte dans {archive.name} : l'archive est "
                "abîmée. Rien n'a été modifié."
            )
    extra = sorted(set(found) - set(listed))
    if extra:
        raise BackupError(
            f"{archive.name} contient des fichiers absents de son manifeste ({extra[0]}…) : "
            "elle a été modifiée. Rien n'a été modifié."
        )
