from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import RemoteActor, ServiceFamily, Territory


class TerritoryViewSet(SnippetViewSet):
    model = Territory
    icon = "site"
    menu_label = _("Territoires")
    list_display = ["name", "guide_heading", "code_prefix"]
    sort_order_field = "sort_order"
    search_fields = ["name"]


class ServiceFamilyViewSet(SnippetViewSet):
    model = ServiceFamily
    icon = "list-ul"
    menu_label = _("Familles de services")
    list_display = ["name", "slug"]
    sort_order_field = "sort_order"


class RemoteActorViewSet(SnippetViewSet):
    model = RemoteActor
    icon = "mobile-alt"
    menu_label = _("Acteurs sans lieu")
    list_display = ["name", "kind", "phone", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]


class GuideViewSetGroup(SnippetViewSetGroup):
    items = (TerritoryViewSet, ServiceFamilyViewSet, RemoteActorViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Guide")
    menu_name = "guide"


register_snippet(GuideViewSetGroup)
