"""The main menu: the home page's children that editors show in menus, in the visitor's language.

Editors decide what the menu lists with Wagtail's "Afficher dans les menus" (Promotion tab) and
its order by ordering the home page's children. The French tree decides, as for every list of the
site; each entry is then replaced by its translation or alias in the visitor's language, and an
entry still in French says so (``lang``) for screen readers.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Page, Site

from .content_cache import cached
from .localized import is_source_language


@dataclass(frozen=True)
class MenuItem:
    url: str
    title: str
    lang: str  # the language of the title when it is not the visitor's, else ""


def _in_language(pages, language):
    """Each page replaced by its live translation or alias in ``language``, when there is one."""
    translated = {
        page.translation_key: page
        for page in Page.objects.live().filter(
            locale__language_code=language,
            translation_key__in=[page.translation_key for page in pages],
        )
    }
    return [translated.get(page.translation_key, page) for page in pages]


def _item(page, site, untranslated):
    return MenuItem(
        url=page.get_url(current_site=site),
        title=page.title,
        lang=settings.LANGUAGE_CODE if untranslated else "",
    )


def _menu_items(site, language):
    french = list(Page.objects.child_of(site.root_page).live().in_menu().order_by("path"))
    if is_source_language(language):
        return [_item(page, site, untranslated=False) for page in french]
    return [
        _item(page, site, untranslated=page in french or bool(page.alias_of_id))
        for page in _in_language(french, language)
    ]


def menu(request):
    """Template context: ``menu``, the MenuItem list of the request's site and language, and
    ``menu_current``, the address of the item for this page ("" when none is): the header is
    the same on every page of a menu entry, and is kept once per entry."""
    site = Site.find_for_request(request)
    if site is None:
        return {"menu": [], "menu_current": ""}
    language = get_language()
    items = cached(f"menu:{site.pk}:{language}", lambda: _menu_items(site, language))
    current = next((item.url for item in items if item.url == request.path), "")
    return {"menu": items, "menu_current": current}
