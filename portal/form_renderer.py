"""Django's form renderer, with drop-down lists and plain inputs written in Python.

Django renders each ``<option>`` of a ``<select>`` with two included templates. The filters of
``/lieux/`` hold about 140 options, and rendering them took as long as the rest of the page's
template; the same HTML written here costs a few percent of that. ``KeptOptionsSelect`` goes
further for the lists' filters: their options are written once per set of choices. Inputs
(text, checkboxes, hidden fields…) are one line each, written here too. Every other widget,
and any select whose options use another template, goes through Django's templates as before.
"""

from functools import lru_cache

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from .markup import escaped, written

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


class KeptOptionsSelect(forms.Select):
    """A drop-down list whose options are written once per set of choices and language, then
    only marked ``selected``: building Django's description of 140 options on every request
    cost more than the rest of the filter form. The HTML is the same as ``render_select``'s."""

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected or self.option_template_name != OPTION_TEMPLATE:
            return super().render(name, value, attrs, renderer)
        options, tags = self._options(get_language())
        for chosen in self.format_value(value):
            if chosen in tags:
                plain, selected = tags[chosen]
                options = options.replace(plain, selected, 1)
                break
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        return written(f'<select name="{escaped(name)}"{attributes}>{options}\n</select>')

    def _options(self, language):
        """The written options, remembered by the widget while its choices stay the same list:
        a form whose fields are shared by requests (``guide.finder.PersonForm``) then writes
        them without looking at the choices again."""
        remembered = self.__dict__.get("_remembered_options")
        if remembered and remembered[0] == language and remembered[1] is self.choices:
            return remembered[2]
        written = _written_options(language, _choices_key(self.choices))
        self._remembered_options = (language, self.choices, written)
        return written


def _choices_key(choices):
    """The choices as a hashable value, groups as tuples. Lazy labels compare as the active
    language reads them: the language is part of the key too (``_written_options``)."""
    key = tuple(choices)
    try:
        hash(key)
    except TypeError:  # groups of options are lists
        key = tuple(
            (value, _choices_key(label) if isinstance(label, (list, tuple)) else label)
            for value, label in key
        )
    return key


@lru_cache(maxsize=256)
def _written_options(_language, choices):
    """(options HTML as ``render_select`` writes it, {value: (its opening tag, the same tag
    selected)}) for ``_choices_key``'s ``choices`` in the visitor's language."""
    tags = {}

    def options(pairs):
        written = []
        for value, label in pairs:
            value = "" if value is None else value
            tag = f'<option value="{conditional_escape(_as_text(value))}"'
            tags.setdefault(str(value), (f"{tag}>", f"{tag} selected>"))
            written.append({"value": value, "label": label, "attrs": {}})
        return written

    html = "".join(
        _group(value, options(label))
        if isinstance(label, (list, tuple))
        else _group(None, options([(value, label)]))
        for value, label in choices
    )
    return html, tags
