"""Backup and restore round trip: the demo site backed up, restored into a fresh database, compared.

    .venv/bin/python benchmarks/backup_restore.py [--engine postgresql|sqlite|both] [--keep]
                                                  [--server postgres://postgres@127.0.0.1:5432]

For each engine, with the operator's commands (``manage.py``, the development settings, the
database given by DATABASE_URL and the media folder by MEDIA_ROOT):

1. creates a throw-away database (PostgreSQL: ``bench_backup_source_<pid>``; SQLite: a file in
   a temporary folder) and media folder, migrates it, loads the demo (``load_demo``), builds the
   2026 edition of the printable guide (a PDF document in the media) and adds an image with a
   rendition;
2. ``backup_site --output FOLDER``: duration and archive size;
3. creates an empty database (``bench_backup_copy_<pid>``) and media folder and runs
   ``restore_site ARCHIVE`` against them: duration;
4. compares the source and the copy: counts (pages, live pages, venues, documents, images,
   renditions, revisions, users), every page's URL path, title and state, every media file's
   SHA-256, and a few pages fetched with Django's test client (home, venue list, one venue, the
   guide page, the guide PDF): same status, same heading, same PDF bytes;
5. drops the databases and removes the folders (``--keep`` keeps them and says where).

Prints the figures and ``RESULT: SAME SITE`` or ``RESULT: DIFFERENCES``; the exit code is 1 when
the copy differs. Needs the local PostgreSQL (trust authentication) for that engine, no network.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SNAPSHOT_PATHS = ("/", "/lieux/", "/guide/")
PAGE_FIELDS = ("url_path", "title", "live")
HEADING = re.compile(rb"<h1[^>]*>(.*?)</h1>", re.S)
# The commands print their own duration, without Django's start-up: "en 0,6 s".
OWN_DURATION = re.compile(r"en (\d+,\d) s")


# --- In the site's own process: `backup_restore.py _enrich` and `backup_restore.py _snapshot`.


def setup_django():
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def enrich():
    """What the demo lacks for a backup to be worth checking: a generated guide and an image."""
    setup_django()
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from guide.models import GuideEdition
    from guide.tasks import build_edition

    edition = GuideEdition.objects.get(year=2026)
    build_edition.call(edition.pk)
    picture = BytesIO()
    PillowImage.linear_gradient("L").resize((640, 480)).convert("RGB").save(picture, "JPEG")
    image = get_image_model()(
        title="Atelier smartphone",
        file=ImageFile(picture, name="atelier-smartphone.jpg"),
        collection=Collection.get_first_root_node(),
    )
    image.save()
    image.get_rendition("fill-320x240|format-webp")


def snapshot():
    """The site as a visitor and an operator see it, as JSON on standard output."""
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    from guide.models import GuideEdition, VenuePage

    media_root = Path(settings.MEDIA_ROOT)
    Image = get_image_model()
    counts = {
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "venues": VenuePage.objects.count(),
        "documents": get_document_model().objects.count(),
        "images": Image.objects.count(),
        "renditions": Image.get_rendition_model().objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
    }
    venue = VenuePage.objects.live().order_by("path").first()
    guide = GuideEdition.objects.get(year=2026).document
    client = Client()
    responses = {}
    for path in (*SNAPSHOT_PATHS, venue.url):
        response = client.get(path)
        heading = HEADING.search(response.content)
        responses[path] = [response.status_code, heading and heading.group(1).decode().strip()]
    response = client.get(guide.url)
    responses[guide.url] = [
        response.status_code,
        hashlib.sha256(b"".join(response.streaming_content)).hexdigest(),
    ]
    print(
        json.dumps(
            {
                "counts": counts,
                "pages": list(Page.objects.order_by("path").values_list(*PAGE_FIELDS)),
                "media": {
                    str(path.relative_to(media_root)): hashlib.sha256(path.read_bytes()).hexdigest()
                    for path in sorted(media_root.rglob("*"))
                    if path.is_file()
                },
                "responses": responses,
            }
        )
    )


# --- The benchmark itself.


def run_python(environment, *args):
    """Run this project's Python with ``args`` in ``environment``; return its standard output."""
    result = subprocess.run(
        [PYTHON, *args],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def manage(environment, *args):
    """Run a command; return its wall time and the duration it prints itself (if any)."""
    started = time.monotonic()
    output = run_python(environment, "manage.py", *args)
    own = OWN_DURATION.search(output)
    return time.monotonic() - started, own and own.group(1).replace(",", ".")


def in_site(environment, step):
    return run_python(environment, __file__, step)


def psql(server, sql):
    subprocess.run(
        ["psql", "--quiet", "--no-psqlrc", f"{server}/postgres", "-c", sql],
        check=True,
        capture_output=True,
    )


class Databases:
    """The source and copy databases of one engine: their URLs, created and dropped."""

    def __init__(self, engine, server, folder):
        self.engine, self.server, self.folder = engine, server, folder
        suffix = os.getpid()
        if engine == "postgresql":
            self.names = [f"bench_backup_source_{suffix}", f"bench_backup_copy_{suffix}"]
            self.urls = [f"{server}/{name}" for name in self.names]
        else:
            self.names = [str(folder / "source.sqlite3"), str(folder / "copy.sqlite3")]
            self.urls = [f"sqlite:///{name}" for name in self.names]

    def create(self):
        if self.engine == "postgresql":
            for name in self.names:
                psql(self.server, f'DROP DATABASE IF EXISTS "{name}"')
                psql(self.server, f'CREATE DATABASE "{name}"')

    def drop(self):
        if self.engine == "postgresql":
            for name in self.names:
                psql(self.server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment_for(database_url, media_root):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "GUIDE_PDF_PROCESSES": "1",
        "DEMO_MODERATOR_PASSWORD": "not-used-bench-only",
    }


def folder_size(folder):
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def compare(source, copy):
    """The differences between two snapshots, in words; empty when the copy is the same site."""
    differences = []
    for label, count in source["counts"].items():
        if copy["counts"].get(label) != count:
            differences.append(f"{label}: {copy['counts'].get(label)} instead of {count}")
    if source["pages"] != copy["pages"]:
        differences.append("page paths, titles or states differ")
    for path in sorted(set(source["media"]) | set(copy["media"])):
        if copy["media"].get(path) != source["media"].get(path):
            differences.append(f"media file {path} missing, extra or different")
    for path, answer in source["responses"].items():
        if copy["responses"].get(path) != answer:
            differences.append(f"{path}: {copy['responses'].get(path)} instead of {answer}")
    return differences


def run_engine(engine, server, keep):
    folder = Path(tempfile.mkdtemp(prefix=f"bench-backup-{engine}-"))
    databases = Databases(engine, server, folder)
    source_env = environment_for(databases.urls[0], folder / "media-source")
    copy_env = environment_for(databases.urls[1], folder / "media-copy")
    print(f"\n== {engine} ==")
    databases.create()
    try:
        seconds = manage(source_env, "migrate", "--noinput", "-v0")[0]
        seconds += manage(source_env, "load_demo")[0]
        in_site(source_env, "_enrich")
        source = json.loads(in_site(source_env, "_snapshot"))
        media_bytes = folder_size(folder / "media-source")
        counts = source["counts"]
        print(
            f"  source: {counts['pages']} pages, {counts['venues']} venues, "
            f"{counts['documents']} documents, {counts['images']} images, "
            f"{len(source['media'])} media files ({media_bytes / 1024:.0f} KiB); "
            f"migrate + load_demo {seconds:.1f} s"
        )
        total, own = manage(source_env, "backup_site", "--output", str(folder / "backups"))
        archive = next((folder / "backups").glob("*.tar.gz"))
        print(
            f"  backup_site:  {own} s of work, {total:.1f} s with Django's start-up; archive "
            f"{archive.stat().st_size / 1024:.0f} KiB ({archive.name})"
        )
        total, own = manage(copy_env, "restore_site", str(archive))
        print(f"  restore_site: {own} s of work, {total:.1f} s with Django's start-up")
        copy = json.loads(in_site(copy_env, "_snapshot"))
        differences = compare(source, copy)
        print(f"  counts: {', '.join(f'{k} {v}' for k, v in source['counts'].items())}")
        print(
            f"  compared: {len(source['pages'])} pages, {len(source['media'])} media files, URLs "
            + ", ".join(f"{path} {answer[0]}" for path, answer in source["responses"].items())
        )
        for difference in differences:
            print(f"  DIFFERENCE: {difference}")
        if not differences:
            print("  same site")
        return not differences
    finally:
        if keep:
            print(f"  kept: {folder}, databases {', '.join(databases.urls)}")
        else:
            databases.drop()
            shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("postgresql", "sqlite", "both"), default="both")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help="keep the databases and folders")
    args = parser.parse_args()
    engines = ("postgresql", "sqlite") if args.engine == "both" else (args.engine,)
    results = [run_engine(engine, args.server, args.keep) for engine in engines]
    print("\nRESULT: SAME SITE" if all(results) else "\nRESULT: DIFFERENCES")
    return 0 if all(results) else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["_enrich"]:
        enrich()
    elif sys.argv[1:] == ["_snapshot"]:
        snapshot()
    else:
        sys.exit(main())
