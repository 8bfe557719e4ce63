"""Declarations rate each detailed service, as venues do since guide 0015.

A declaration stored before had one entry per family in ``venue_data["services"]``:
``{"family", "level", "items": [item slugs]}``. Each listed item takes the family's level; a
family listed without any item the catalogue knows meant "this family, at this level", so every
item of the family takes the level, the rule guide 0015 applied to the venues. Pending
declarations thus keep their services when a moderator reads or applies them. Entries already
per item are kept as they are, so running the conversion twice changes nothing.

Going back gives each family the best level of its items, with those items listed.
"""

from django.conf import settings
from django.db import migrations


def services_per_item(services, items_of_family):
    """The per-item entries of a declaration's ``services``, in the catalogue's order.

    ``items_of_family``: {family slug: [item slugs in order]} of the French catalogue.
    """
    levels = {}  # (family slug, item slug) -> level
    for entry in services or []:
        if not isinstance(entry, dict):
            continue
        family, level = entry.get("family"), entry.get("level") or 1
        if "item" in entry:
            covered = [entry["item"]]
        else:
            known = items_of_family.get(family, [])
            listed = entry.get("items") or []
            covered = [slug for slug in known if slug in listed] or known
        for slug in covered:
            levels[(family, slug)] = max(level, levels.get((family, slug), 0))
    position = {
        key: index
        for index, key in enumerate(
            (family, slug) for family, slugs in items_of_family.items() for slug in slugs
        )
    }
    ordered = sorted(levels, key=lambda key: position.get(key, len(position)))
    return [
        {"item": slug, "family": family, "level": levels[family, slug]} for family, slug in ordered
    ]


def services_per_family(services, items_of_family):
    """The former entries, one per family: its best level, the items offered listed."""
    by_family = {}
    for entry in services or []:
        if not isinstance(entry, dict) or "item" not in entry:
            continue
        level, items = by_family.get(entry.get("family"), (0, []))
        by_family[entry.get("family")] = (
            max(level, entry.get("level") or 1),
            [*items, entry["item"]],
        )
    return [
        {"family": family, "level": level, "items": items}
        for family, (level, items) in by_family.items()
    ]


def items_of_family(apps):
    ServiceItem = apps.get_model("guide", "ServiceItem")
    rows = (
        ServiceItem.objects.filter(family__locale__language_code=settings.LANGUAGE_CODE)
        .order_by("family__sort_order", "family__name", "sort_order", "pk")
        .values_list("family__slug", "slug")
    )
    catalogue = {}
    for family_slug, item_slug in rows:
        catalogue.setdefault(family_slug, []).append(item_slug)
    return catalogue


def rewrite_services(convert):
    def rewrite(apps, schema_editor):
        Declaration = apps.get_model("declarations", "Declaration")
        catalogue = items_of_family(apps)
        for declaration in Declaration.objects.only("pk", "venue_data").iterator():
            data = declaration.venue_data
            if not isinstance(data, dict) or not data.get("services"):
                continue
            services = convert(data["services"], catalogue)
            if services != data["services"]:
                declaration.venue_data = {**data, "services": services}
                declaration.save(update_fields=["venue_data"])

    return rewrite


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0001_initial"),
        ("guide", "0015_per_service_levels"),
    ]

    operations = [
        migrations.RunPython(
            rewrite_services(services_per_item), rewrite_services(services_per_family)
        ),
    ]
