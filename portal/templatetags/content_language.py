"""``{% content_lang obj %}``: marks text written in another language than the visitor's.

Pages in Arabic, English or Ukrainian list needs, themes, venues and topics that nobody has
translated yet: their French text must be read by a French voice, left to right. Written on the
element that holds the text, the tag gives ``lang="fr" dir="ltr"`` when ``obj`` is written in
another language than the visitor's (``portal.localized.written_language``), and nothing when it
is in the visitor's language.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from portal.localized import content_language, written_language

register = template.Library()


@register.simple_tag
def content_lang(instance):
    if instance is None:
        return ""
    language = written_language(instance)
    if language == content_language(get_language()):
        return ""
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', language, direction)
