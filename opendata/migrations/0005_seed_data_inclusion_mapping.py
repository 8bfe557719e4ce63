"""Give every detailed service a site already has its default data·inclusion thématiques (the
catalogue is seeded by guide 0002 on a new site; items added later are seeded at first use)."""

from django.conf import settings
from django.db import migrations

from opendata.thematique_vocabulary import mapping_row
from portal.localized import content_language


def seed_thematiques(apps, schema_editor):
    ServiceItem = apps.get_model("guide", "ServiceItem")
    DataInclusionMapping = apps.get_model("opendata", "DataInclusionMapping")
    items = ServiceItem.objects.filter(
        family__locale__language_code=content_language(settings.LANGUAGE_CODE),
        data_inclusion_mapping__isnull=True,
    ).values_list("pk", "slug", "family__slug")
    DataInclusionMapping.objects.bulk_create(
        mapping_row(DataInclusionMapping, *item) for item in items
    )


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0002_bordeaux_catalogue"),
        ("opendata", "0004_data_inclusion_mapping"),
    ]

    operations = [migrations.RunPython(seed_thematiques, migrations.RunPython.noop)]
