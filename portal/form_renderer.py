"""Django's form renderer, with drop-down lists and plain inputs written in Python.

Django renders each ``<option>`` of a ``<select>`` with two included templates. The filters of
``/lieux/`` hold about 140 options, and rendering them took as long as the rest of the page's
template; the same HTML written here costs a few percent of that. Inputs (text, checkboxes,
hidden fields…) are one line each, written here too. Every other widget, and any select whose
options use another template, goes through Django's templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
# Django's templates that are nothing but ``{% include "django/forms/widgets/input.html" %}``.
INPUT_TEMPLATES = {
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
}


def _as_text(value):
    """``value|stringformat:'s'``: plain text, escaped even when it was marked safe."""
    return "%s" % (value,)  # noqa: UP031 - what the template filter does


def _attributes(attrs):
    """`` name="value"`` pairs as ``django/forms/widgets/attrs.html`` writes them."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(_as_text(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option):
    return (
        f'<option value="{conditional_escape(_as_text(option["value"]))}"'
        f"{_attributes(option['attrs'])}>{conditional_escape(option['label'])}</option>"
    )


def _group(group_name, options):
    """One group of options, laid out as ``select.html`` lays it out."""
    # Django's option template ends with a line break, hence the blank line after each option.
    lines = "".join(f"\n  {_option(option)}\n" for option in options)
    if not group_name:
        return lines
    return f'\n  <optgroup label="{conditional_escape(group_name)}">{lines}\n  </optgroup>'


def render_select(widget):
    """The HTML of Django's ``select.html`` for the widget context ``widget``."""
    groups = "".join(
        _group(group_name, options) for group_name, options, _index in widget["optgroups"]
    )
    return (
        f'<select name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>'
        f"{groups}\n</select>"
    )


def render_input(widget):
    """The HTML of Django's ``input.html`` for the widget context ``widget``."""
    value = (
        ""
        if widget["value"] is None
        else f' value="{conditional_escape(_as_text(widget["value"]))}"'
    )
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attributes(widget["attrs"])}>'
    )


def _has_plain_options(widget):
    return all(
        option["template_name"] == OPTION_TEMPLATE
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


class FormRenderer(DjangoTemplates):
    """``FORM_RENDERER``: Django's templates, but plain selects and inputs rendered in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name in INPUT_TEMPLATES:
            return render_input(widget)
        if template_name == SELECT_TEMPLATE and _has_plain_options(widget):
            return render_select(widget)
        return super().render(template_name, context, request)
