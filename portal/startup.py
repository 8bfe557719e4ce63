"""What a web process does once, before its first request."""

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation


def load_urls_in_site_language():
    """Load the URLs, and so the admin's forms, in the site's language.

    Wagtail builds each admin form once, when the URLs are first loaded, and keeps the chooser
    labels written then ("Choisir un territoire"): without this, the language of the process's
    first visitor (a page in /en/, say) would decide them for every editor until a restart.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return get_resolver().url_patterns
