"""The footer of every page: legal notice, personal data, the accessibility mention with the
site's compliance ("Accessibilité : partiellement conforme", which the RGAA requires), contact,
site map, open data and the newsletter archive.

Each link goes to a page found by its type (a legal page by its footer role) below the site's
home page, in the visitor's language when that tree has it, else in French. Whatever is missing
is left out. A page type of an upper app (the newsletter archive) names its link with a
``footer_link`` attribute, since portal imports no other app. The links are computed once per
site and language and shared until the content changes (``content_cache``): a page's footer
costs no query.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site, get_page_models

from .content_cache import cached
from .models import AccessibilityStatementPage, LegalPage, SitemapPage
from .visibility import visible_q


@dataclass(frozen=True)
class FooterLinks:
    legal_notice: str = ""
    privacy: str = ""
    accessibility: tuple = ()  # (url, compliance label)
    contact: str = ""
    site_map: str = ""
    open_data: str = ""
    newsletter: str = ""


LINK_OF_ROLE = {
    LegalPage.Role.LEGAL_NOTICE: "legal_notice",
    LegalPage.Role.PRIVACY: "privacy",
    LegalPage.Role.CONTACT: "contact",
    LegalPage.Role.OPEN_DATA: "open_data",
}


def _homes(site, language):
    """The site's home page in the visitor's language first, when it has one, then in French."""
    home = site.root_page
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or locale.pk == home.locale_id:
        return [home]
    translated = Page.objects.filter(translation_key=home.translation_key, locale=locale).first()
    return [translated, home] if translated else [home]


def _footer_page_types():
    named = [model for model in get_page_models() if getattr(model, "footer_link", "")]
    return [LegalPage, SitemapPage, AccessibilityStatementPage, *named]


def _link_name(page):
    if isinstance(page, LegalPage):
        return LINK_OF_ROLE.get(page.role)
    if isinstance(page, SitemapPage):
        return "site_map"
    if isinstance(page, AccessibilityStatementPage):
        return "accessibility"
    return page.footer_link


def _footer_links(site, language):
    homes = _homes(site, language)
    below_homes = Q()
    for home in homes:
        below_homes |= Q(path__startswith=home.path, depth=home.depth + 1)
    pages = (
        Page.objects.filter(visible_q()).filter(below_homes).type(*_footer_page_types()).specific()
    )
    tree_order = {home.locale_id: rank for rank, home in enumerate(homes)}
    chosen = {}
    for page in sorted(pages, key=lambda page: (tree_order[page.locale_id], page.path)):
        name = _link_name(page)
        if name:
            chosen.setdefault(name, page)
    links = {name: page.get_url(current_site=site) for name, page in chosen.items()}
    if statement := chosen.get("accessibility"):
        links["accessibility"] = (links["accessibility"], str(statement.get_compliance_display()))
    return FooterLinks(**links)


def footer(request):
    """Template context: ``footer``, the FooterLinks of the request's site and language.

    Lazy, so that pages without the site's footer (the admin) make no query for it.
    """
    language = get_language()

    def footer_links():
        site = Site.find_for_request(request)
        if site is None:
            return FooterLinks()
        return cached(f"footer:{site.pk}:{language}", lambda: _footer_links(site, language))

    return {"footer": SimpleLazyObject(footer_links)}
