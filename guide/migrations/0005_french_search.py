from django.db import migrations

from guide.search_config import configure_french_search


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0004_need_tree"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(configure_french_search, migrations.RunPython.noop)]
