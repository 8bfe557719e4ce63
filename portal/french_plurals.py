"""French plurals for the site's own words: "0 lieu", "1 lieu", "2 lieux".

French is the source language: its words are the msgids, and no French catalogue exists. When a
msgid is in no catalogue, Django picks the singular for 1 only, English's rule, so
``{% blocktranslate count %}`` wrote "0 lieux". A French fallback behind the default
language's translation applies French's rule instead (singular below 2); the other languages
reach it too, through their own fallback to the default language, for words not yet translated.
"""

import gettext

from django.conf import settings
from django.utils.translation import trans_real


class FrenchSource(gettext.NullTranslations):
    """The msgids themselves, with French's plural rule."""

    def ngettext(self, msgid1, msgid2, n):
        return msgid1 if abs(n) < 2 else msgid2


def install_french_plurals(**kwargs):
    """Put ``FrenchSource`` behind the default language's translation, once.

    Called when the apps are ready and after a test changes the languages, which makes Django
    build its translations again.
    """
    if not settings.LANGUAGE_CODE.startswith("fr"):
        return
    default = trans_real.translation(settings.LANGUAGE_CODE)
    if not isinstance(getattr(default, "_fallback", None), FrenchSource):
        default.add_fallback(FrenchSource())
