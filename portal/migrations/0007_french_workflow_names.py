"""Wagtail's first migration names its default workflow and task "Moderators approval", which the
publish menu then shows to French editors (« Soumettre à Moderators approval »). Rename them,
unless an administrator already did."""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
WORKFLOW_NAME = "Validation par les modérateurs"
TASK_NAME = "Validation d'un modérateur"


def rename(apps, workflow_names, task_names):
    """Each ``(old, new)`` pair: only a name still as its author left it changes."""
    for model, (old, new) in (("Workflow", workflow_names), ("Task", task_names)):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def to_french(apps, schema_editor):
    rename(apps, (WAGTAIL_NAME, WORKFLOW_NAME), (WAGTAIL_NAME, TASK_NAME))


def to_english(apps, schema_editor):
    rename(apps, (WORKFLOW_NAME, WAGTAIL_NAME), (TASK_NAME, WAGTAIL_NAME))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_city_identity"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_french, to_english)]
