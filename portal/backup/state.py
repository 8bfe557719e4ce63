"""What a backup says about the site, read the same way from the source and from the copy.

Counts and applied migrations are read with plain SQL through a DB-API cursor: the backup reads
them inside the dump's own snapshot (PostgreSQL) or from the dump itself (SQLite), so that they
describe exactly what the archive holds even while editors keep publishing; the restore reads
them from a database that Django may not know as a connection alias.
"""

from dataclasses import dataclass

from django.db.migrations.loader import MigrationLoader
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

# Apps add the rows worth counting in a backup's manifest (the guide: its venues), in their
# AppConfig.ready().
_counted_models = {}


def count_in_backups(label, model):
    _counted_models[label] = model


def counted_tables():
    """What a restored site must have as many of as the backup: label → table."""
    models = {
        "pages": Page,
        **_counted_models,
        "documents": get_document_model(),
        "images": get_image_model(),
    }
    return {label: model._meta.db_table for label, model in models.items()}


@dataclass(frozen=True)
class SiteState:
    counts: dict  # label → number of rows
    migrations: dict  # app label → sorted names of its applied migrations


def read_site_state(cursor):
    counts = {}
    for label, table in counted_tables().items():
        # The table names come from the models, never from input.
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # nosec B608
        counts[label] = cursor.fetchone()[0]
    cursor.execute('SELECT app, name FROM "django_migrations"')
    migrations = {}
    for app, name in cursor.fetchall():
        migrations.setdefault(app, []).append(name)
    return SiteState(counts, {app: sorted(names) for app, names in sorted(migrations.items())})


@dataclass(frozen=True)
class MigrationGap:
    """How the migrations recorded in a backup differ from those of the running code."""

    pending: list  # (app, name) the code has and the backup lacks: `migrate` after restoring
    unknown: list  # (app, name) the backup has and the code does not: a newer version's backup


def compare_with_code(backup_migrations):
    """Compare with the migrations on disk, squashed ones counted as Django counts them."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    applied = {(app, name) for app, names in backup_migrations.items() for name in names}
    known = set(loader.disk_migrations)
    for key, migration in loader.disk_migrations.items():
        replaced = set(migration.replaces or ())
        known |= replaced
        if replaced and replaced <= applied:
            applied.add(key)
    pending = sorted(key for key in loader.graph.nodes if key not in applied)
    return MigrationGap(pending=pending, unknown=sorted(applied - known))
