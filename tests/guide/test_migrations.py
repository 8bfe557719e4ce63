"""A database built before the guide app was split migrates forward with nothing lost.

The database is taken back to the last migrations before the split (guide 0013): the tables of
declarations, reminders, statistics and the national mapping are then the guide's again, with
their content types and the permissions groups hold. Migrating forward must keep every row and
every permission, now under the new apps.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from declarations.models import Declaration
from freshness.models import VenueReminder
from opendata.models import NationalServiceMapping
from stats.models import UsageCount

pytestmark = [pytest.mark.engine, pytest.mark.django_db(transaction=True)]

BEFORE_THE_SPLIT = [
    ("guide", "0013_usage_statistics"),
    ("declarations", None),
    ("freshness", None),
    ("stats", None),
    ("opendata", None),
]
MOVED = {"declaration", "venuereminder", "usagecount", "nationalservicemapping"}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def site_before_the_split(make_venue, families):
    """Rows in every moved table and a moderators' group, then the schema of before."""
    venue = make_venue(title="Médiathèque Jean-Macé")
    Declaration.objects.create(kind=Declaration.Kind.ERROR_REPORT, venue=venue, message="Fermé")
    VenueReminder.objects.create(venue=venue, sent_at=timezone.now(), email="lieu@example.org")
    UsageCount.objects.create(day=date(2026, 11, 2), kind="recherche", key="57000", count=4)
    NationalServiceMapping.objects.create(
        service="Accompagner les démarches de santé", family=families["demarches"]
    )
    group = Group.objects.create(name="Modérateurs")
    group.permissions.add(
        Permission.objects.get(codename="view_declaration"),
        Permission.objects.get(codename="view_usagestatistics"),
        Permission.objects.get(codename="moderate_all_territories"),
    )
    user = User.objects.create_user("moderatrice")
    user.groups.add(group)
    migrate(BEFORE_THE_SPLIT)
    return user


def test_the_guide_held_the_moved_models_before_the_split(site_before_the_split):
    labels = ContentType.objects.filter(model__in=MOVED).values_list("app_label", flat=True)
    assert set(labels) == {"guide"}
    permission = Permission.objects.get(codename="moderate_all_territories")
    assert permission.content_type.model == "declaration"
    migrate(latest())


def test_migrating_forward_keeps_every_row_and_permission(site_before_the_split):
    migrate(latest())
    assert Declaration.objects.get().message == "Fermé"
    assert VenueReminder.objects.get().email == "lieu@example.org"
    assert UsageCount.objects.get().count == 4
    assert NationalServiceMapping.objects.get().family.slug == "demarches"
    assert dict(ContentType.objects.filter(model__in=MOVED).values_list("model", "app_label")) == {
        "declaration": "declarations",
        "venuereminder": "freshness",
        "usagecount": "stats",
        "nationalservicemapping": "opendata",
    }
    user = User.objects.get(username="moderatrice")
    assert user.has_perm("declarations.view_declaration")
    assert user.has_perm("stats.view_usagestatistics")
    assert user.has_perm("guide.moderate_all_territories")
