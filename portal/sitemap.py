"""The sitemap: Wagtail's, extended to the home page's translations.

Wagtail lists the pages under the site's root page only, that is French. Translated pages live
under the home page's translations; aliases (pages not yet translated, showing the French text)
are left out so that search engines do not index the same text twice.
"""

from django.db.models import Q
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page


class TranslatedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        in_any_language = Q()
        for home in root.get_translations(inclusive=True):
            in_any_language |= Q(path__startswith=home.path)
        return (
            Page.objects.filter(in_any_language, alias_of__isnull=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
