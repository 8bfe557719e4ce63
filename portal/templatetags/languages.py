"""``{% page_languages as languages %}``: see ``portal.languages``."""

from django import template

from portal import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    request = context.get("request")
    if request is None:
        return None
    return languages.page_languages(request, context.get("page"))


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return context["request"].build_absolute_uri(url)
