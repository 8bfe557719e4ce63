"""The guide's admin: venues, snippets, editions, venues guarded by territory (guide/viewsets.py),
the "Guide imprimé" dashboard panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from portal import admin_menu
from portal.dashboard import add_panel

from .admin_views import locate_address
from .dashboard import GuideEditionsPanel
from .models import VenueIndexPage, VenuePage
from .models.moderation import check_venue
from .viewsets import (
    GuideEditionViewSet,
    RemoteActorViewSet,
    ServiceFamilyViewSet,
    TerritoryModeratorsViewSet,
    TerritoryViewSet,
    VenuePageViewSet,
    can_build,
)

for viewset in (
    TerritoryViewSet,
    ServiceFamilyViewSet,
    RemoteActorViewSet,
    GuideEditionViewSet,
    TerritoryModeratorsViewSet,
):
    register_snippet(viewset)


@hooks.register("register_admin_viewset")
def register_venue_page_viewset():
    return VenuePageViewSet()


@hooks.register("before_publish_page")
def publish_only_own_territories(request, page):
    """The territory of the version being published: a draft may have moved the venue."""
    if isinstance(page, VenuePage):
        check_venue(request.user, page)


@hooks.register("register_admin_urls")
def venue_editor_urls():
    return [path("lieux/localiser/", locate_address, name="guide_locate_address")]


@hooks.register("register_admin_urls")
def register_venues_explorer_url():
    return [path("lieux/", admin_menu.explore_first(VenueIndexPage), name="guide_venues_explore")]


@hooks.register("register_admin_menu_item")
def register_venues_menu_item():
    return admin_menu.ExplorerMenuItem(
        _("Lieux"),
        reverse("guide_venues_explore"),
        name="lieux",
        icon_name="home",
        order=admin_menu.VENUES,
    )


hooks.register("construct_homepage_panels", add_panel(GuideEditionsPanel, can_build))
