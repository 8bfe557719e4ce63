"""The main menu used to find its pages by slug; it now lists the home page's children shown in
menus (portal/navigation.py). The pages it found are marked "shown in menus", with their
translations and aliases and their latest revision (so that publishing a draft written before
the upgrade does not take them out of the menu): nothing disappears from the menu."""

from django.db import migrations

MENU_SLUGS = ("qui-fait-quoi", "lieux", "actualites", "agenda", "guide")


def show_former_menu_pages_in_menus(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    Site = apps.get_model("wagtailcore", "Site")
    keys = set()
    for site in Site.objects.select_related("root_page"):
        keys.update(
            Page.objects.filter(
                path__startswith=site.root_page.path, slug__in=MENU_SLUGS
            ).values_list("translation_key", flat=True)
        )
    pages = Page.objects.filter(translation_key__in=keys)
    pages.update(show_in_menus=True)
    revision_ids = pages.exclude(latest_revision=None).values_list("latest_revision", flat=True)
    for revision in Revision.objects.filter(pk__in=list(revision_ids)):
        revision.content["show_in_menus"] = True
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_accessibility_statement"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(show_former_menu_pages_in_menus, migrations.RunPython.noop),
    ]
