"""The national services' mapping, a snippet editors change before importing venues."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import admin_menu

from .models import NationalServiceMapping


class NationalServiceMappingViewSet(SnippetViewSet):
    """Editors decide where each national service lands when venues are imported."""

    model = NationalServiceMapping
    icon = "link"
    menu_label = _("Services nationaux")  # of open data imports; under "Paramètres"
    list_display = ["service", "family", "item", "level"]
    add_to_settings_menu = True
    menu_order = admin_menu.OPEN_DATA_SETTINGS


register_snippet(NationalServiceMappingViewSet)
