"""Four models leave the guide app for apps of their own, keeping their tables and rows.

Only Django's idea of where each model lives changes (``SeparateDatabaseAndState``): the tables
keep their names (each model sets ``db_table``), so no row is copied. Their content types follow
them, and with those the permissions that groups already hold and the admin's history. The
permission to moderate every territory moves from declarations to the territory moderators,
which stay here, so that venue permissions do not depend on the declarations app.
"""

from django.db import migrations

MOVED = {
    "declaration": "declarations",
    "venuereminder": "freshness",
    "usagecount": "stats",
    "nationalservicemapping": "opendata",
}
ALL_TERRITORIES = "moderate_all_territories"


def move_content_types(apps, moves, permission_owner):
    """``moves``: (model, from app, to app); ``permission_owner``: (app, model) of the CT that
    ends up holding the all-territories permission."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model, source, target in moves:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)
    owner, _created = ContentType.objects.get_or_create(
        app_label=permission_owner[0], model=permission_owner[1]
    )
    Permission.objects.filter(codename=ALL_TERRITORIES).update(content_type=owner)


def forwards(apps, schema_editor):
    moves = [(model, "guide", app) for model, app in MOVED.items()]
    move_content_types(apps, moves, ("guide", "territorymoderators"))


def backwards(apps, schema_editor):
    moves = [(model, app, "guide") for model, app in MOVED.items()]
    move_content_types(apps, moves, ("guide", "declaration"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("guide", "0013_usage_statistics"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Declaration"),
                migrations.DeleteModel(name="VenueReminder"),
                migrations.DeleteModel(name="UsageCount"),
                migrations.DeleteModel(name="NationalServiceMapping"),
            ]
        ),
        migrations.AlterModelOptions(
            name="territorymoderators",
            options={
                "permissions": [
                    (
                        "moderate_all_territories",
                        "Peut traiter les déclarations de tous les territoires",
                    )
                ],
                "verbose_name": "modérateurs d'un territoire",
                "verbose_name_plural": "modérateurs des territoires",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
