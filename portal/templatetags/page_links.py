"""``{% page_link page %}``: Wagtail's ``{% pageurl page %}``, kept until the content changes
(``portal.page_links``), for the addresses a page writes on every request."""

from django import template

from portal.page_links import page_link as kept_page_link

register = template.Library()


@register.simple_tag(takes_context=True)
def page_link(context, page):
    return kept_page_link(page, context.get("request"))
