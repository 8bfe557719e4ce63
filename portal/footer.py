"""The footer's mandatory accessibility mention: "Accessibilité : partiellement conforme"."""

from django.utils.translation import get_language
from wagtail.models import Locale, Site

from .content_cache import cached
from .models import AccessibilityStatementPage


def _statement_link(site, language):
    statements = AccessibilityStatementPage.objects.live().in_site(site)
    locale = Locale.objects.filter(language_code=language).first()
    statement = (locale and statements.filter(locale=locale).first()) or statements.first()
    if statement is None:
        return None
    return (statement.get_url(), statement.get_compliance_display())


def accessibility(request):
    """Template context: ``accessibility_statement`` is (url, compliance label) or None."""
    site = Site.find_for_request(request)
    if site is None:
        return {"accessibility_statement": None}
    language = get_language()
    return {
        "accessibility_statement": cached(
            f"accessibility:{site.pk}:{language}", lambda: _statement_link(site, language)
        )
    }
