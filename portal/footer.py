"""The footer's mandatory accessibility mention: "Accessibilité : partiellement conforme"."""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.models import Locale, Site

from .content_cache import cached
from .models import AccessibilityStatementPage


def _statement_link(site, language):
    statements = AccessibilityStatementPage.objects.visible().in_site(site)
    locale = Locale.objects.filter(language_code=language).first()
    statement = (locale and statements.filter(locale=locale).first()) or statements.first()
    if statement is None:
        return ()  # not None: the cache would not keep None
    return (statement.get_url(), str(statement.get_compliance_display()))


def accessibility(request):
    """Template context: ``accessibility_statement`` is (url, compliance label), or empty.

    Lazy, so that pages without the site's footer (the admin) make no query for it.
    """
    language = get_language()

    def statement_link():
        site = Site.find_for_request(request)
        if site is None:
            return ()
        return cached(
            f"accessibility:{site.pk}:{language}", lambda: _statement_link(site, language)
        )

    return {"accessibility_statement": SimpleLazyObject(statement_link)}
