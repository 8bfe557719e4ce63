"""Themes of news and events, as a sortable snippet: their order is the filters' order."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import admin_menu

from ..models import Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Thèmes")
    list_display = ["name", "slug"]
    sort_order_field = "sort_order"
    search_fields = ["name"]
    add_to_settings_menu = True
    menu_order = admin_menu.TOPICS_SETTINGS
