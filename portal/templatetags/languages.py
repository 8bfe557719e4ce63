"""``{% page_languages as languages %}``: see ``portal.languages``."""

from django import template

from portal import languages, public_address
from portal.markup import escaped, written

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    request = context.get("request")
    if request is None:
        return None
    return languages.page_languages(request, context.get("page"))


@register.simple_tag
def absolute_url(url):
    """``url`` on the public site (``portal.public_address``), whatever host the request named."""
    return public_address.absolute_url(url)


@register.simple_tag
def public_host():
    """``numerique.example.fr``: the site's public host name, as residents type it."""
    return public_address.public_host()


@register.simple_tag
def language_switch(links):
    """The switcher's items, one ``<li>`` per language, each in its own language and direction.
    Written in Python: every page of the site draws it."""
    return written("".join(_language_item(link) for link in links))


def _language_item(link):
    direction = "rtl" if link.is_rtl else "ltr"
    current = ' aria-current="true"' if link.is_current else ""
    code = escaped(link.code)
    return (
        f'<li><a href="{escaped(link.switch_url)}" hreflang="{code}" lang="{code}" '
        f'dir="{direction}"{current}>{escaped(link.name)}</a></li>'
    )
