"""The venue map's tile settings, for templates/includes/map.html."""

from django import template

from guide.map import tile_settings

register = template.Library()


@register.simple_tag(takes_context=True)
def map_tiles(context):
    return tile_settings(context.get("request"))
