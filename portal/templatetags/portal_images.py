"""Wagtail's image tags, drawing nothing rather than failing the page when a file is damaged.

``{% load portal_images %}`` instead of ``wagtailimages_tags``: the same ``image``,
``srcset_image`` and ``picture`` tags, with the same arguments (portal/images.py says why).
"""

from django import template
from wagtail.images.templatetags import wagtailimages_tags

from portal.images import UNREADABLE_IMAGE_ERRORS, log_unreadable

register = template.Library()


class UnreadableImageTolerantNode(template.Node):
    """Wagtail's image node; an image whose file cannot be read renders as nothing (logged)."""

    def __init__(self, node):
        self.node = node

    def render(self, context):
        try:
            return self.node.render(context)
        except UNREADABLE_IMAGE_ERRORS:
            log_unreadable(self.node.image_expr.resolve(context))
            return ""


def tolerant_image_tag(parser, token):
    return UnreadableImageTolerantNode(wagtailimages_tags.image(parser, token))


for name in ("image", "srcset_image", "picture"):
    register.tag(name, tolerant_image_tag)
