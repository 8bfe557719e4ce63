"""The texts "Préparer le prochain numéro" writes into a new issue for the editor to replace.

One list, read by the preparation (actualites/newsletter/preparation.py) and by the issue's
admin form, which refuses to publish an issue that still holds one (``NewsletterIssueForm``).
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

EDITORIAL = _("Éditorial à écrire.")
TIP_TITLE = _("Astuce à écrire")
TIP_TEXT = _("Un conseil pratique en quelques lignes.")
PLACEHOLDERS = [EDITORIAL, TIP_TITLE, TIP_TEXT]


def placeholder_texts():
    """Every placeholder in every language of the site: an issue is prepared in its editor's
    language and may be published by an editor who uses another."""
    texts = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            texts.update(str(text) for text in PLACEHOLDERS)
    return texts


def placeholder_in(text):
    """The first placeholder ``text`` still holds, or None."""
    return next((found for found in sorted(placeholder_texts()) if found in text), None)
