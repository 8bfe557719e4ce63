"""What an edition of the printable guide prints: its options and the venues in its scope.

The edition (``editions.py``) makes the options; the PDF (``guide.pdf``) lays out the venues.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .catalogue import Territory
from .tree import NeedPage
from .venues import VenuePage

PAGE_SIZES = ("a4", "a5")
# Binding -> what the page count must be a multiple of: a stapled booklet is made of sheets
# folded in two (four pages each), a spiral binding of sheets printed on both sides.
PAGES_PER_SHEET = {"booklet": 4, "spiral": 2}


@dataclass
class GuideOptions:
    year: int
    title: str = ""
    editorial_html: str = ""
    contact_html: str = ""
    cover_image_path: str | None = None
    cover_image_alt: str = ""  # none: the image is decoration, skipped by screen readers
    page_size: str = "a4"
    territory_slugs: tuple[str, ...] = ()
    need_slug: str = ""
    binding: str = "booklet"
    for_press: bool = False  # the print shop's file: bleed, crop marks, black as K only

    @property
    def pages_multiple(self):
        return PAGES_PER_SHEET[self.binding]

    def __post_init__(self):
        if self.page_size not in PAGE_SIZES:
            raise ValueError(f"page_size must be one of {PAGE_SIZES}, not {self.page_size!r}")
        self.territory_slugs = tuple(self.territory_slugs or ())
        if not self.title:
            with translation.override("fr"):
                self.title = _("Le numérique pour tous — guide %(year)s") % {"year": self.year}


def french_locale():
    return Locale.objects.filter(language_code="fr").first() or Locale.get_default()


def need_in_scope(options, locale):
    if not options.need_slug:
        return None
    return NeedPage.objects.visible().filter(slug=options.need_slug, locale=locale).first()


def territories_in_scope(options, locale):
    if not options.territory_slugs:
        return []
    return list(Territory.objects.filter(slug__in=options.territory_slugs, locale=locale))


def guide_venues(options):
    """Live French venues in the options' scope, with what the pages print (``guide_order`` sorts
    them as printed)."""
    locale = french_locale()
    venues = VenuePage.objects.visible().filter(locale=locale)
    if options.territory_slugs:
        venues = venues.filter(
            territory__slug__in=options.territory_slugs, territory__locale=locale
        )
    if options.need_slug:
        need = need_in_scope(options, locale)
        venues = venues.filter(need.venue_condition()) if need else venues.none()
    return (
        venues.select_related("territory")
        .prefetch_related("closures", "equipment", "service_levels")
        .order_by("territory__sort_order", "territory__name", "code", "title")
    )
