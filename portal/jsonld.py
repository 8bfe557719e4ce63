"""schema.org data in a page's head (JSON-LD), shared by venue and event pages.

Django's ``json_script`` writes ``type="application/json"`` only, so the element is written
here, with the same escapes: inside a ``<script>`` element the JSON must not contain what could
end the element or open a comment, so ``<``, ``>`` and ``&`` are written as ``\\u`` escapes,
which JSON readers decode back.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SCHEMA = "https://schema.org/"
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """The ``<script type="application/ld+json">`` element holding ``data``."""
    escaped = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    script = mark_safe(escaped)  # nosec B308, B703 # <, > and & escaped in the JSON above
    return format_html('<script type="application/ld+json">{}</script>', script)


def postal_address(street, postcode, locality):
    return {
        "@type": "PostalAddress",
        "streetAddress": street,
        "postalCode": postcode,
        "addressLocality": locality,
        "addressCountry": "FR",
    }
