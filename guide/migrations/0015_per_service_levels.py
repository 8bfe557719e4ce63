"""Each detailed service of a venue gets its own level, as in the Bordeaux guide.

Until now a venue had one level per family with a list of covered items. Each covered item now
takes its family's level; a family rated without any item ticked meant "this family, at this
level", so every item of the family takes the level. Items are the French ones (a translated
family's copy of an item becomes the French item of the same slug). Page revisions are
rewritten the same way, so that a draft, a scheduled publication or a revert keeps the levels.

A need's single detailed service becomes a list of services.
"""

import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models

import guide.models.catalogue


class Catalogue:
    """The items, French ones by family, and any item's French equivalent."""

    def __init__(self, apps):
        ServiceFamily = apps.get_model("guide", "ServiceFamily")
        ServiceItem = apps.get_model("guide", "ServiceItem")
        language = settings.LANGUAGE_CODE
        self.family_key = dict(ServiceFamily.objects.values_list("pk", "translation_key"))
        self.french_items = {}  # family translation key -> [French item ids] in order
        self.french_by_slug = {}  # (family translation key, slug) -> French item id
        self.key_of_item = {}  # item id -> (family translation key, slug)
        items = ServiceItem.objects.select_related("family__locale").order_by("sort_order", "pk")
        for item in items:
            family_key = item.family.translation_key
            self.key_of_item[item.pk] = (family_key, item.slug)
            if item.family.locale.language_code == language:
                self.french_items.setdefault(family_key, []).append(item.pk)
                self.french_by_slug[(family_key, item.slug)] = item.pk

    def levels(self, family_id, level, item_ids):
        """{French item id: level} of one family rating."""
        family_key = self.family_key.get(family_id)
        covered = []
        for item_id in item_ids:
            item_family, slug = self.key_of_item.get(item_id, (None, None))
            if item_family == family_key and (family_key, slug) in self.french_by_slug:
                covered.append(self.french_by_slug[(family_key, slug)])
        if not covered:
            covered = self.french_items.get(family_key, [])
        return {item_id: level for item_id in covered}


def _levels_of_ratings(catalogue, ratings):
    """{item id: level} of a venue's family ratings, (family id, level, item ids) each."""
    levels = {}
    for family_id, level, item_ids in ratings:
        for item_id, item_level in catalogue.levels(family_id, level, item_ids).items():
            levels[item_id] = max(item_level, levels.get(item_id, 0))
    return levels


def _order(catalogue, levels):
    position = {
        item_id: index
        for index, item_id in enumerate(
            item_id for items in catalogue.french_items.values() for item_id in items
        )
    }
    return sorted(levels, key=lambda item_id: position.get(item_id, len(position)))


def copy_ratings(apps, schema_editor):
    VenueServiceRating = apps.get_model("guide", "VenueServiceRating")
    VenueServiceLevel = apps.get_model("guide", "VenueServiceLevel")
    catalogue = Catalogue(apps)
    by_page = {}
    through = VenueServiceRating.items.through.objects.values_list(
        "venueservicerating_id", "serviceitem_id"
    )
    items_of = {}
    for rating_id, item_id in through:
        items_of.setdefault(rating_id, []).append(item_id)
    for rating in VenueServiceRating.objects.order_by("page_id", "sort_order", "pk"):
        by_page.setdefault(rating.page_id, []).append(
            (rating.family_id, rating.level, items_of.get(rating.pk, []))
        )
    rows = []
    for page_id, ratings in by_page.items():
        levels = _levels_of_ratings(catalogue, ratings)
        rows += [
            VenueServiceLevel(
                page_id=page_id, item_id=item_id, level=levels[item_id], sort_order=index
            )
            for index, item_id in enumerate(_order(catalogue, levels))
        ]
    VenueServiceLevel.objects.bulk_create(rows, batch_size=1000)


def _revisions(apps, model):
    Revision = apps.get_model("wagtailcore", "Revision")
    return Revision.objects.filter(content_type__app_label="guide", content_type__model=model)


def rewrite_venue_revisions(apps, schema_editor):
    catalogue = Catalogue(apps)
    for revision in _revisions(apps, "venuepage").iterator():
        content = revision.content
        if "service_ratings" not in content:
            continue
        ratings = [
            (rating.get("family"), rating.get("level") or 1, rating.get("items") or [])
            for rating in content.pop("service_ratings") or []
        ]
        levels = _levels_of_ratings(catalogue, ratings)
        content["service_levels"] = [
            {
                "pk": None,
                "page": content.get("pk"),
                "item": item_id,
                "level": levels[item_id],
                "sort_order": index,
            }
            for index, item_id in enumerate(_order(catalogue, levels))
        ]
        revision.content = content
        revision.save(update_fields=["content"])


def copy_need_items(apps, schema_editor):
    NeedPage = apps.get_model("guide", "NeedPage")
    for need in NeedPage.objects.exclude(item=None):
        need.items.add(need.item_id)
    for revision in _revisions(apps, "needpage").iterator():
        content = revision.content
        if "item" not in content:
            continue
        item = content.pop("item")
        content["items"] = [item] if item else []
        revision.content = content
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ("guide", "0014_models_to_their_apps"),
    ]

    operations = [
        migrations.AddField(
            model_name="needpage",
            name="items",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                help_text=(
                    "Facultatif : seulement les lieux qui proposent l'un de ces services au "
                    "niveau minimum. Sans service coché, tous ceux de la famille comptent."
                ),
                limit_choices_to=guide.models.catalogue.french_items,
                related_name="+",
                to="guide.serviceitem",
                verbose_name="services détaillés",
            ),
        ),
        migrations.CreateModel(
            name="VenueServiceLevel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "level",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "★ basique"), (2, "★★ maîtrise"), (3, "★★★ expert")],
                        verbose_name="niveau",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="guide.serviceitem",
                        verbose_name="service détaillé",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="service_levels",
                        to="guide.venuepage",
                    ),
                ),
            ],
            options={
                "verbose_name": "niveau d'un service",
                "verbose_name_plural": "niveaux des services",
                "ordering": ["sort_order"],
                "abstract": False,
                "unique_together": {("page", "item")},
            },
        ),
        migrations.RunPython(copy_ratings, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(rewrite_venue_revisions, migrations.RunPython.noop),
        migrations.RunPython(copy_need_items, migrations.RunPython.noop),
        migrations.RemoveField(model_name="needpage", name="item"),
        migrations.DeleteModel(name="VenueServiceRating"),
    ]
