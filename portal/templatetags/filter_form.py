"""``{% filter_fields form %}`` and ``{% location_fields form %}``: the fields of a list's GET
filter form, written in Python.

A list's form has about fifteen fields, and the template loop that laid each one out with its
label cost a tenth of the page's rendering; the same markup is written here. Each widget is still
rendered by Django (``{{ field }}``), through the site's form renderer.
"""

from django import template

from portal.markup import escaped, written

register = template.Library()


@register.simple_tag
def filter_fields(form, exclude="", checkboxes_only=False):
    """Each visible field but those named in ``exclude`` (space-separated) with its label: a
    checkbox before its label, any other field after it."""
    left_out = set(exclude.split())
    parts = []
    for field in form.visible_fields():
        if field.name in left_out:
            continue
        label = f'<label for="{escaped(field.id_for_label)}">{escaped(field.label)}</label>'
        if field.widget_type == "checkbox":
            parts.append(f'<div class="filter filter-check">{escaped(field)} {label}</div>')
        elif not checkboxes_only:
            parts.append(f'<div class="filter">{label}{escaped(field)}</div>')
    return written("\n".join(parts))


@register.simple_tag
def location_fields(form):
    """The hidden fields (a position from the browser), always present for
    ``static/js/locate.js`` but disabled when empty, so that addresses stay short."""
    return written(
        "".join(
            escaped(field)
            if field.value()
            else f'<input type="hidden" name="{escaped(field.html_name)}" '
            f'id="{escaped(field.auto_id)}" disabled>'
            for field in form.hidden_fields()
        )
    )
