"""The main menu: the "Qui fait quoi ?" tree, venues, news and agenda of the site and language."""

from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from .content_cache import cached

MENU_SLUGS = ("qui-fait-quoi", "lieux", "actualites", "agenda", "guide")


def _menu_links(site, language):
    locale = Locale.objects.filter(language_code=language).first() or Locale.get_default()
    pages = {
        page.slug: page
        for page in Page.objects.live().in_site(site).filter(slug__in=MENU_SLUGS, locale=locale)
    }
    return {
        slug.replace("-", "_"): (pages[slug].get_url(), pages[slug].title)
        for slug in MENU_SLUGS
        if slug in pages
    }


def menu(request):
    """Template context: ``menu.lieux``, ``menu.actualites``, ``menu.agenda``… are (url, title)."""
    site = Site.find_for_request(request)
    if site is None:
        return {"menu": {}}
    language = get_language()
    return {"menu": cached(f"menu:{site.pk}:{language}", lambda: _menu_links(site, language))}
