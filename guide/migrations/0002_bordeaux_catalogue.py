"""Seed the four service families of the Bordeaux guide, so a new site starts with them."""

import uuid

from django.conf import settings
from django.db import migrations

from guide.catalogue import BORDEAUX_FAMILIES


def seed_families(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    ServiceFamily = apps.get_model("guide", "ServiceFamily")
    ServiceItem = apps.get_model("guide", "ServiceItem")
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for order, (slug, name, items) in enumerate(BORDEAUX_FAMILIES):
        if ServiceFamily.objects.filter(slug=slug, locale=locale).exists():
            continue
        family = ServiceFamily.objects.create(
            slug=slug, name=name, sort_order=order, locale=locale, translation_key=uuid.uuid4()
        )
        ServiceItem.objects.bulk_create(
            ServiceItem(family=family, slug=item_slug, label=label, sort_order=index)
            for index, (item_slug, label) in enumerate(items)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(seed_families, migrations.RunPython.noop)]
