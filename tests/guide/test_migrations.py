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


BEFORE_PER_SERVICE_LEVELS = [("guide", "0014_models_to_their_apps")]


def old_models():
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(BEFORE_PER_SERVICE_LEVELS).apps


@pytest.fixture
def family_ratings(make_venue, families, home_page):
    """Venues rated the old way, one level per family with the items it covers, a draft
    revision holding such ratings, and a need naming one detailed service."""
    pioche = make_venue(title="Centre social Pioche")
    fablab = make_venue(title="Fab Lab")
    migrate(BEFORE_PER_SERVICE_LEVELS)
    apps = old_models()
    Rating = apps.get_model("guide", "VenueServiceRating")
    Item = apps.get_model("guide", "ServiceItem")
    item = {item.slug: item for item in Item.objects.all()}
    demarches = Rating.objects.create(
        page_id=pioche.pk, family_id=families["demarches"].pk, level=3, sort_order=0
    )
    covers = Rating.items.through.objects.create
    covers(venueservicerating=demarches, serviceitem=item["caf-rsa"])
    covers(venueservicerating=demarches, serviceitem=item["ameli"])
    decouvrir = Rating.objects.create(
        page_id=pioche.pk, family_id=families["decouvrir"].pk, level=1, sort_order=1
    )
    covers(venueservicerating=decouvrir, serviceitem=item["mails"])
    # Rated without any item ticked: the whole family at that level.
    Rating.objects.create(page_id=fablab.pk, family_id=families["creer"].pk, level=2)
    Revision = apps.get_model("wagtailcore", "Revision")
    draft = Revision.objects.filter(object_id=str(pioche.pk)).latest("pk")
    draft.content["service_ratings"] = [
        {
            "pk": None,
            "page": pioche.pk,
            "family": families["insertion"].pk,
            "level": 2,
            "items": [item["cv"].pk],
            "sort_order": 0,
        }
    ]
    draft.save()
    return pioche, fablab, draft.pk


def levels_of(venue):
    return {row.item.slug: row.level for row in venue.service_levels.select_related("item")}


def test_family_levels_become_the_levels_of_their_items(family_ratings, families):
    pioche, fablab, draft_pk = family_ratings
    migrate(latest())
    assert levels_of(pioche) == {"caf-rsa": 3, "ameli": 3, "mails": 1}
    assert levels_of(fablab) == {item.slug: 2 for item in families["creer"].items.all()}
    from wagtail.models import Revision

    draft = Revision.objects.get(pk=draft_pk).as_object()
    assert {row.item.slug: row.level for row in draft.service_levels.all()} == {"cv": 2}
