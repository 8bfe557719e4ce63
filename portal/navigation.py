"""The main menu: the "Qui fait quoi ?" tree, venues, news and agenda of the site and language."""

from django.utils.translation import get_language
from wagtail.models import Page, Site

from .content_cache import cached
from .localized import is_source_language

MENU_SLUGS = ("qui-fait-quoi", "lieux", "actualites", "agenda", "guide")


def _menu_links(site, language):
    """The site's menu pages, each replaced by its alias or translation in the language.

    Menu pages are found by their French slug; translations may have their own slug.
    """
    french = {
        page.translation_key: page
        for page in Page.objects.live().in_site(site).filter(slug__in=MENU_SLUGS)
    }
    translated = {}
    if not is_source_language(language):
        translated = {
            page.translation_key: page
            for page in Page.objects.live().filter(
                locale__language_code=language, translation_key__in=list(french)
            )
        }
    pages = {page.slug: translated.get(key, page) for key, page in french.items()}
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
