"""Backups give back the same site, and a restore never damages a site it should not touch.

Round trips run on the test database's own engine: SQLite without DATABASE_URL, PostgreSQL
with it (the restore then goes into a scratch database created and dropped by the test).
"""

import gzip
import hashlib
import io
import json
import tarfile
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import django
import pytest
import time_machine
import wagtail
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.utils import ConnectionHandler
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from guide.models import VenuePage
from portal.backup import BackupError, create_backup, restore_backup
from portal.backup.engines import PostgreSQL, libpq_environment
from portal.backup.restore import check_engine
from portal.backup.state import compare_with_code, read_site_state

# pg_dump sees committed rows only: tests that back up commit their site (then it is flushed).
committed = pytest.mark.django_db(transaction=True)

PROGRAMME = b"%PDF-1.4 programme des ateliers"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def small_site(make_venue, media_root):
    make_venue(title="Médiathèque Jean Macé")
    make_venue(title="Centre social Bon Secours")
    # A transactional test starts from a flushed database, without the root collection.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    document = get_document_model().objects.create(
        title="Programme des ateliers",
        file=ContentFile(PROGRAMME, name="programme.pdf"),
        collection=collection,
    )
    return document


def open_database(settings_dict):
    """A connection Django does not register: the restore's target, beside the test database."""
    return ConnectionHandler({"default": settings_dict})["default"]


def on_server(sql):
    """Run ``sql`` outside any transaction (CREATE/DROP DATABASE) on the PostgreSQL server."""
    server = open_database({**connection.settings_dict, "NAME": "postgres"})
    with server.cursor() as cursor:
        cursor.execute(sql)
    server.close()


@pytest.fixture
def empty_database(db, tmp_path):
    """A connection to a new, empty database of the test database's engine."""
    if connection.vendor == "sqlite":
        settings_dict = {"ENGINE": connection.settings_dict["ENGINE"]}
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        on_server(f'CREATE DATABASE "{name}"')
        settings_dict = {**connection.settings_dict, "NAME": name}
    target = open_database(settings_dict)
    yield target
    target.close()
    if connection.vendor == "postgresql":
        on_server(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}" WITH (FORCE)')


def pages(database):
    with database.cursor() as cursor:
        cursor.execute('SELECT url_path, title, live FROM "wagtailcore_page" ORDER BY path')
        return [(url, title, bool(live)) for url, title, live in cursor.fetchall()]


def tables(database):
    return database.introspection.table_names()


@committed
def test_a_restored_site_has_the_same_pages_venues_and_files(small_site, empty_database, tmp_path):
    backup = create_backup(tmp_path / "sauvegardes")
    restored_media = tmp_path / "restored-media"

    restore = restore_backup(backup.path, connection=empty_database, media_root=restored_media)

    assert restore.counts == backup.manifest["counts"]
    assert restore.counts["venues"] == VenuePage.objects.count() == 2
    assert restore.counts["pages"] == Page.objects.count()
    assert restore.counts["documents"] == 1
    assert pages(empty_database) == pages(connection)
    assert "Médiathèque Jean Macé" in {title for _url, title, _live in pages(empty_database)}
    assert (restored_media / small_site.file.name).read_bytes() == PROGRAMME
    assert not restore.migrations.pending and not restore.migrations.unknown


@committed
@time_machine.travel(datetime(2027, 1, 15, 2, 0, tzinfo=ZoneInfo("Europe/Paris")), tick=False)
def test_the_manifest_describes_the_archive(small_site, tmp_path):
    backup = create_backup(tmp_path)

    assert backup.path == tmp_path / "portal-backup-20270115-020000.tar.gz"
    assert backup.path.stat().st_mode & 0o777 == 0o600
    with tarfile.open(backup.path) as archive:
        assert archive.getnames()[-1] == "manifest.json"
        manifest = json.load(archive.extractfile("manifest.json"))
    assert manifest == backup.manifest
    assert manifest["created_at"] == "2027-01-15T02:00:00+01:00"
    assert manifest["versions"]["django"] == django.get_version()
    assert manifest["versions"]["wagtail"] == wagtail.__version__
    assert manifest["database"]["engine"] == connection.vendor
    guide_on_disk = {name for app, name in MigrationLoader(None).disk_migrations if app == "guide"}
    assert set(manifest["migrations"]["guide"]) == guide_on_disk
    assert manifest["counts"]["venues"] == 2
    files = {entry["path"]: entry for entry in manifest["files"]}
    assert files[f"media/{small_site.file.name}"] == {
        "path": f"media/{small_site.file.name}",
        "size": len(PROGRAMME),
        "sha256": hashlib.sha256(PROGRAMME).hexdigest(),
    }
    assert manifest["database"]["dump"] in files
    assert manifest["media"] == {"included": True, "files": 1, "bytes": len(PROGRAMME)}


@committed
def test_a_restore_never_overwrites_a_site_or_its_media(small_site, empty_database, tmp_path):
    backup = create_backup(tmp_path)
    VenuePage.objects.filter(title="Médiathèque Jean Macé").delete()

    with pytest.raises(BackupError, match="la base de données contient déjà .* table") as refusal:
        restore_backup(backup.path, media_root=tmp_path / "other-media")

    assert "--force" in str(refusal.value)
    assert VenuePage.objects.count() == 1
    assert not (tmp_path / "other-media").exists()

    occupied = tmp_path / "occupied-media"
    (occupied / "images").mkdir(parents=True)
    (occupied / "images" / "photo.jpg").write_bytes(b"photo")

    with pytest.raises(BackupError, match="le dossier des médias .* contient déjà 1 fichier"):
        restore_backup(backup.path, connection=empty_database, media_root=occupied)

    assert tables(empty_database) == []
    assert (occupied / "images" / "photo.jpg").read_bytes() == b"photo"


@committed
def test_force_replaces_the_target(small_site, empty_database, tmp_path):
    backup = create_backup(tmp_path)
    restored_media = tmp_path / "restored-media"
    restore_backup(backup.path, connection=empty_database, media_root=restored_media)
    (restored_media / "stray.txt").write_text("left over")

    restore = restore_backup(
        backup.path, connection=empty_database, media_root=restored_media, force=True
    )

    assert restore.counts == backup.manifest["counts"]
    assert pages(empty_database) == pages(connection)
    assert not (restored_media / "stray.txt").exists()
    assert (restored_media / small_site.file.name).read_bytes() == PROGRAMME


def truncated(data):
    return data[: len(data) // 2]


def corrupted(data):
    middle = len(data) // 2
    return (
        data[:middle]
        + bytes(byte ^ 0xFF for byte in data[middle : middle + 64])
        + data[middle + 64 :]
    )


def with_changed_media(data):
    """The same manifest, but one media file's content replaced: a valid gzip and tar."""
    output = io.BytesIO()
    with (
        tarfile.open(fileobj=io.BytesIO(data)) as source,
        tarfile.open(fileobj=output, mode="w:gz") as copy,
    ):
        for member in source:
            content = source.extractfile(member).read()
            if member.name.startswith("media/"):
                content = b"%PDF-1.4 programme falsifi"[: len(content)].ljust(len(content), b"!")
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
    return output.getvalue()


def without_manifest(data):
    output = io.BytesIO()
    with tarfile.open(fileobj=output, mode="w:gz") as archive:
        info = tarfile.TarInfo("media/readme.txt")
        info.size = 5
        archive.addfile(info, io.BytesIO(b"hello"))
    return output.getvalue()


DAMAGES = [
    (truncated, "illisible ou incomplète"),
    (corrupted, "(illisible|abîmée)"),
    (with_changed_media, "ne correspond pas à son empreinte"),
    (without_manifest, "n'a pas de manifest.json"),
]


@committed
def test_damaged_archives_are_refused_and_change_nothing(small_site, empty_database, tmp_path):
    """One backup, damaged in several ways (one test: each backup costs a flush of the site)."""
    backup = create_backup(tmp_path)
    restored_media = tmp_path / "restored-media"

    for damage, message in DAMAGES:
        damaged = tmp_path / f"{damage.__name__}.tar.gz"
        damaged.write_bytes(damage(backup.path.read_bytes()))

        with pytest.raises(BackupError, match=message) as refusal:
            restore_backup(damaged, connection=empty_database, media_root=restored_media)

        assert "Rien n'a été modifié" in str(refusal.value), damage.__name__
        assert tables(empty_database) == [], damage.__name__
        assert not restored_media.exists(), damage.__name__
        assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_a_gzip_that_is_not_a_tar_archive_is_refused(empty_database, tmp_path):
    damaged = tmp_path / "notes.tar.gz"
    damaged.write_bytes(gzip.compress(b"pas une archive"))

    with pytest.raises(BackupError, match="illisible ou incomplète"):
        restore_backup(damaged, connection=empty_database, media_root=tmp_path / "media")


def test_an_archive_is_restored_only_into_its_own_engine():
    class OtherEngine:
        name = "sqlite" if connection.vendor == "postgresql" else "postgresql"

    manifest = {"database": {"engine": connection.vendor}}
    with pytest.raises(BackupError, match="ne se restaure que dans une base"):
        check_engine(manifest, OtherEngine())


def test_migrations_missing_from_a_backup_or_unknown_to_the_code_are_reported(db):
    with connection.cursor() as cursor:
        applied = read_site_state(cursor).migrations
    assert compare_with_code(applied).pending == []
    assert compare_with_code(applied).unknown == []

    latest_guide = applied["guide"][-1]
    older = {**applied, "guide": applied["guide"][:-1]}
    newer = {**applied, "guide": [*applied["guide"], "9999_from_the_future"]}

    assert compare_with_code(older).pending == [("guide", latest_guide)]
    assert compare_with_code(newer).unknown == [("guide", "9999_from_the_future")]


def test_passwords_go_to_the_environment_not_to_the_command_line():
    settings_dict = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portal",
        "USER": "portal",
        "PASSWORD": "s3cret-pass",
        "HOST": "db.example.org",
        "PORT": 5432,
        "OPTIONS": {"sslmode": "require"},
    }

    environment = libpq_environment(settings_dict)

    assert environment["PGPASSWORD"] == "s3cret-pass"
    assert environment["PGSSLMODE"] == "require"
    assert (environment["PGHOST"], environment["PGDATABASE"]) == ("db.example.org", "portal")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_pg_dump_gets_no_password_on_its_command_line(db, tmp_path, monkeypatch):
    import subprocess

    calls = []

    def fake_run(command, env, **options):
        calls.append((command, env))
        return subprocess.CompletedProcess(command, 1, "", "pg_dump: error: disk full")

    monkeypatch.setattr("portal.backup.engines.subprocess.run", fake_run)
    settings_dict = {**connection.settings_dict, "PASSWORD": "s3cret-pass"}
    database = open_database(settings_dict)

    with pytest.raises(BackupError, match="pg_dump a échoué : pg_dump: error: disk full") as error:
        PostgreSQL().dump(database, tmp_path / "dump")

    database.close()
    command, env = calls[0]
    assert not any("s3cret-pass" in part for part in command)
    assert env["PGPASSWORD"] == "s3cret-pass"
    assert "s3cret-pass" not in str(error.value)


@committed
def test_the_commands_speak_french(small_site, tmp_path, capsys):
    call_command("backup_site", "--output", str(tmp_path))
    written = capsys.readouterr().out
    archive = next(tmp_path.glob("portal-backup-*.tar.gz"))
    assert f"Sauvegarde écrite : {archive}" in written
    assert "2 lieux, 1 document" in written

    call_command("restore_site", str(archive), "--dry-run")
    checked = capsys.readouterr().out
    assert "Archive vérifiée" in checked
    assert "la base de données contient déjà" in checked
    assert "Simulation : rien n'a été modifié." in checked

    with pytest.raises(CommandError, match="La restauration se fait dans un site vide"):
        call_command("restore_site", str(archive))
    with pytest.raises(CommandError, match="Archive introuvable"):
        call_command("restore_site", str(tmp_path / "absente.tar.gz"))
