"""Wagtail's first migration creates the groups "Moderators" and "Editors", which French editors
then read on the user, group and workflow screens. Rename them, unless an administrator already
did or the French name is taken. "Modérateurs du site": the demo's "Modérateurs" are the
territories' moderators, with fewer rights.

Wagtail's, wagtail-localize's and their images' and documents' migrations find these groups by
their English names to give them permissions: this one runs after all of them.
"""

from django.db import migrations

NAMES = [("Moderators", "Modérateurs du site"), ("Editors", "Rédacteurs")]


def rename(apps, pairs):
    """Each ``(old, new)`` pair: a group still named ``old`` takes ``new`` if it is free."""
    groups = apps.get_model("auth", "Group").objects
    for old, new in pairs:
        if not groups.filter(name=new).exists():
            groups.filter(name=old).update(name=new)


def to_french(apps, schema_editor):
    rename(apps, NAMES)


def to_english(apps, schema_editor):
    rename(apps, [(new, old) for old, new in NAMES])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_french_workflow_names"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(to_french, to_english)]
