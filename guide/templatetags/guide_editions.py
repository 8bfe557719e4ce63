from django import template

from ..models.editions import human_size

register = template.Library()


@register.filter
def file_size_fr(size):
    """« 2,3 Mo »: a document's size in bytes, the French way."""
    return human_size(size)
