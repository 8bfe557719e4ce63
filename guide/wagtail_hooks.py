"""The guide's admin: snippets, editions, venues guarded by territory (guide/viewsets.py)."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_views import locate_address
from .models import VenuePage
from .models.moderation import check_venue
from .viewsets import GuideViewSetGroup, TerritoryModeratorsViewSet, VenuePageViewSet

register_snippet(GuideViewSetGroup)
register_snippet(TerritoryModeratorsViewSet)


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
