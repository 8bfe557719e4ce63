"""What the site's home page shows from the guide: the needs by theme and the way to the venues.

Added to ``portal.models.HomePage`` in ``GuideConfig.ready()``.
"""

from .models import NeedTreePage, VenueIndexPage


def home_page_context(home, request):
    tree = NeedTreePage.objects.visible().descendant_of(home).first()
    return {
        "venue_index": VenueIndexPage.objects.visible().descendant_of(home).first(),
        "need_tree": tree,
        "themes": tree.themes_with_needs() if tree else [],
    }
