"""Tags of the page head: ``{% capture %}`` of the page's title, ``{% open_graph %}``,
``page|meta_description``.

Django has no tag that keeps a block's output in a variable, and a ``{% block %}`` inside a
template partial is not overridden by child templates; the title block, which child templates
override, is wanted twice (``<title>`` and ``og:title``), hence ``capture``.
"""

from django import template
from django.utils.safestring import mark_safe

from portal import open_graph as sharing
from portal.typography import one_line

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Whitespace collapsed, as <title> shows it: the template may lay the block on lines.
        rendered = one_line(self.nodelist.render(context))
        context[self.name] = mark_safe(rendered)  # nosec B308, B703 # escaped by its own nodes
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render the content into ``name``."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def open_graph(context, title, city):
    """The page's Open Graph data (``portal.open_graph``), None outside a request."""
    request = context.get("request")
    languages = context.get("languages")
    if request is None or languages is None:
        return None
    return sharing.open_graph(request, context.get("page"), languages, title, city)


@register.filter
def meta_description(page):
    """The search description, else the page's summary or introduction: what search engines
    show under the title, '' for a page without any."""
    return sharing.page_summary(page) if page else ""
