"""``{% kept "name" value… %}…{% endkept %}``: a part of a page rendered once per site,
language and values, until the content changes.

Most of a venue or need page only changes with a publication (its services and stars, its
facts, the footer), yet every new combination of filters, postcode or language rendered it
again. The part is kept in the content cache (``portal.content_cache``), whose generation
changes with every publication and with the settings and snippets pages show; its key holds the
site, the visitor's language and the values named (``page.pk``, a date…), so a part must
depend on nothing else: no CSRF token, no user, no query string. A preview renders it afresh.
"""

import hashlib
import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from portal.content_cache import cached, is_preview

register = template.Library()


@register.tag
def kept(parser, token):
    name, *values = token.split_contents()[1:]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(
        parser.compile_filter(name), [parser.compile_filter(value) for value in values], nodelist
    )


class KeptNode(template.Node):
    def __init__(self, name, values, nodelist):
        self.name = name
        self.values = values
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if request is None or is_preview(request):
            return self.nodelist.render(context)
        site = Site.find_for_request(request)
        parts = [self.name.resolve(context), site.pk if site else 0, get_language()]
        parts += [value.resolve(context) for value in self.values]
        html = cached(f"kept:{_key(parts)}", lambda: self._render(context))
        # Output of this template's own auto-escaping nodes, kept as it was rendered.
        return mark_safe(html)  # nosec B308, B703

    def _render(self, context):
        return str(self.nodelist.render(context))


# What a cache key may hold as it is (memcached's rule, which Django checks for every backend).
PLAIN_KEY = re.compile(r"[\w:./-]{1,150}", re.ASCII)


def _key(parts):
    """The parts joined, or their digest when they hold spaces or other characters a cache key
    must not (a label, an address with accents)."""
    joined = ":".join(str(part) for part in parts)
    if PLAIN_KEY.fullmatch(joined):
        return joined
    return hashlib.sha256(joined.encode()).hexdigest()
