"""``{% page_languages as languages %}``: see ``portal.languages``."""

from django import template

from portal import languages, public_address

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
