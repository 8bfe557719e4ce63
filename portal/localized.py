"""Translatable snippets (territories, service families, topics) in the visitor's language.

Pages in English, Arabic or Ukrainian are mostly aliases of the French pages, and aliases keep
their foreign keys to the French snippets; a venue's ratings are copied as they are even when an
editor translates the venue. So what a page points to is a French snippet, and its label in the
visitor's language is found by translation key: the translation an editor made, else the French
one. Each model's translations for a language are one cached dictionary, emptied by any save of
a snippet (``portal.content_cache``): no query per card or per option.
"""

from django.conf import settings
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from .content_cache import cached


def content_language(language=None):
    return get_supported_content_language_variant(language or get_language())


def is_source_language(language=None):
    """French, the language everything is written in first."""
    return content_language(language) == content_language(settings.LANGUAGE_CODE)


def translations(model, language=None):
    """{translation_key: instance} of ``model`` in ``language`` (the active one by default)."""
    language = content_language(language)
    if is_source_language(language):
        return {}

    def compute():
        return {
            instance.translation_key: instance
            for instance in model.objects.filter(locale__language_code=language)
        }

    return cached(f"translations:{model._meta.label_lower}:{language}", compute)


def localized(instance, language=None):
    """The instance's translation in the language, or the instance itself when there is none."""
    if instance is None:
        return None
    return translations(type(instance), language).get(instance.translation_key, instance)


def source_objects(model):
    """The French instances, in the model's order: what every language lists."""

    def compute():
        source_language = content_language(settings.LANGUAGE_CODE)
        return list(model.objects.filter(locale__language_code=source_language))

    return cached(f"source-objects:{model._meta.label_lower}", compute)


def localized_source_objects(model, language=None):
    """Every French instance replaced by its translation in the language when there is one."""
    found = translations(model, language)
    return [found.get(instance.translation_key, instance) for instance in source_objects(model)]


def _locale_languages():
    """{locale id: language code}: one cached dictionary instead of a query per object."""
    return cached(
        "locale-languages", lambda: dict(Locale.objects.values_list("pk", "language_code"))
    )


def written_language(instance):
    """The language ``instance``'s text is written in: its locale's, or French for an alias page.

    An alias (the untranslated copy of a French page in another language's tree) has the other
    language's locale but shows the text of the French page it copies. Objects without a locale
    are in the visitor's language; ``language`` set on an object (a catalogue service) wins.
    """
    explicit = getattr(instance, "language", None)
    if isinstance(explicit, str) and explicit:
        return content_language(explicit)
    if getattr(instance, "alias_of_id", None):
        return content_language(settings.LANGUAGE_CODE)
    locale_id = getattr(instance, "locale_id", None)
    if locale_id is None:
        return content_language()
    return content_language(_locale_languages().get(locale_id) or settings.LANGUAGE_CODE)


def pages_in_locale(pages, locale_id, queryset=None):
    """{page id: the page's live version in the locale, else the page}: one query.

    Aliases keep their links to French pages (an Arabic event's venue is the French venue);
    a link shown in the Arabic tree must lead to the venue's Arabic alias or translation.
    ``queryset`` (live pages by default) chooses the model and what is loaded with it.
    """
    pages = [page for page in pages if page is not None]
    outside = [page for page in pages if page.locale_id != locale_id]
    found = {}
    if outside:
        found = {
            page.translation_key: page
            for page in (queryset if queryset is not None else Page.objects.live()).filter(
                locale_id=locale_id, translation_key__in={page.translation_key for page in outside}
            )
        }
    return {page.pk: found.get(page.translation_key, page) for page in pages}
