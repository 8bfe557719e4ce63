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
