"""The same page or view in every language: the switcher, ``hreflang`` links, the French notice.

A page's other languages are its translations and aliases (wagtail-localize's synchronised
trees), each at its own locale's address; a language without one, and any view that is not a
page (subscribing, declaring a place), gets the same address under the other language's prefix
(Django's ``translate_url``). A page served in another language than French that is still an
alias of the French page, or French itself, is shown with a notice: its content is French.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

from .content_cache import cached
from .localized import is_source_language


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language
    url: str  # the page's address in that language, for hreflang
    query: str  # the visitor's filters, kept when switching
    is_current: bool

    @property
    def switch_url(self):
        return f"{self.url}?{self.query}" if self.query else self.url

    @property
    def is_rtl(self):
        return get_language_info(self.code)["bidi"]


@dataclass(frozen=True)
class PageLanguages:
    links: list
    untranslated: bool  # the content shown is the French one
    written_in: tuple  # the languages the content exists in (a view's: all), aliases left out

    @property
    def alternates(self):
        """The ``hreflang`` links: the languages the content is written in. An alias shows the
        French text, whose page is its canonical address: listing it would contradict that."""
        return [link for link in self.links if link.code in self.written_in]

    @property
    def source(self):
        """The French version, the ``x-default`` of search engines."""
        return next(link for link in self.links if link.code == settings.LANGUAGE_CODE)


def _versions(page, request):
    """(page id, language, url, is alias) of the page's live versions, itself included."""
    site = Site.find_for_request(request)

    def compute():
        versions = page.get_translations(inclusive=True).live().select_related("locale")
        return [
            (each.pk, each.locale.language_code, each.get_url(request), each.alias_of_id)
            for each in versions
        ]

    return cached(f"page-versions:{site.pk if site else 0}:{page.pk}", compute)


@lru_cache(maxsize=1024)
def _translated_path(path, language, _active_language):
    """``translate_url``, which resolves the address and reverses it again, once per address
    and active language (which decides how the address resolves): the URL configuration does
    not change while the process runs."""
    return translate_url(path, language)


def page_languages(request, page=None):
    """Links to this page or view in every language, and whether its content is untranslated."""
    current = get_language()
    urls, untranslated = {}, False
    written_in = tuple(code for code, _name in settings.LANGUAGES)
    if isinstance(page, Page) and page.pk:
        versions = _versions(page, request)
        written_in = tuple(language for _pk, language, url, alias in versions if url and not alias)
        for pk, language, url, alias_of_id in versions:
            if url:
                urls[language] = url
            if pk == page.pk:
                untranslated = not is_source_language(current) and bool(
                    alias_of_id or language != current
                )
    links = [
        LanguageLink(
            code=code,
            name=name,
            url=urls.get(code) or _translated_path(request.path, code, current),
            query=request.GET.urlencode(),
            is_current=code == current,
        )
        for code, name in settings.LANGUAGES
    ]
    return PageLanguages(links=links, untranslated=untranslated, written_in=written_in)
