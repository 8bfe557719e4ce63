"""What residents may see: live pages outside every private section.

Wagtail's page privacy (a password, logged-in users only, some groups) protects a page and its
descendants when the page itself is served, and Wagtail's API and sitemap leave such pages out.
Everything else the portal builds from pages (listings, cards, map markers, feeds, exports, the
printed guide, orientation sheets, the partner widget, search results, the newsletter) is built
from ``visible()`` below, so a private page shows nowhere but behind its own restriction, even to
an editor who happens to be logged in: those outputs are cached and shared.

The restricted paths are read once per content generation: saving or deleting a restriction
starts a new one (``content_cache``), so a page made private disappears at once.
"""

from django.db.models import Q
from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from .content_cache import cached


def private_paths():
    """Tree paths of the pages that carry a view restriction (their descendants inherit it)."""
    return cached(
        "private-paths",
        lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def visible_q(prefix=""):
    """A condition on pages (or on the page ``prefix`` names, e.g. ``"venue__"``) that keeps
    live pages outside every private section."""
    condition = Q(**{f"{prefix}live": True})
    for path in private_paths():
        condition &= ~Q(**{f"{prefix}path__startswith": path})
    return condition


class ResidentPageQuerySet(PageQuerySet):
    def visible(self):
        """The pages residents may see: live, and in no private section."""
        return self.filter(visible_q())


ResidentPageManager = PageManager.from_queryset(ResidentPageQuerySet)
