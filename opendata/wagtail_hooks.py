"""The mappings of the national vocabularies, snippets editors change before importing or
exporting venues."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import admin_menu

from .data_inclusion.thematiques import ensure_thematique_mapping
from .models import DataInclusionMapping, NationalServiceMapping


class NationalServiceMappingViewSet(SnippetViewSet):
    """Editors decide where each national service lands when venues are imported."""

    model = NationalServiceMapping
    icon = "link"
    menu_label = _("Services nationaux")  # of open data imports; under "Paramètres"
    list_display = ["service", "family", "item", "level"]
    add_to_settings_menu = True
    menu_order = admin_menu.OPEN_DATA_SETTINGS


class DataInclusionMappingViewSet(SnippetViewSet):
    """Editors decide which data·inclusion thématiques each detailed service carries."""

    model = DataInclusionMapping
    icon = "link"
    menu_label = _("data·inclusion")  # its thématiques, for each detailed service
    list_display = ["item", "thematique_labels"]
    add_to_settings_menu = True
    menu_order = admin_menu.OPEN_DATA_SETTINGS + 1

    def get_queryset(self, request):
        # Every item is listed, even one added since the last export: seed the missing rows.
        ensure_thematique_mapping()
        return self.model.objects.select_related("item__family")


register_snippet(NationalServiceMappingViewSet)
register_snippet(DataInclusionMappingViewSet)
