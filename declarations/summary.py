"""What the declarant typed, in plain words, for the validation step's summary."""

from django import forms
from django.utils.translation import gettext as _

from .data import items_field, level_field
from .forms import DAY_NAMES
from .hours_grid import DAYS, osm_to_week


def display_value(form, name):
    """The cleaned value of a field as a person reads it; '' when nothing was given."""
    field, value = form.fields[name], form.cleaned_data.get(name)
    if isinstance(field, forms.NullBooleanField):
        return {True: _("Oui"), False: _("Non")}.get(value, "")
    if isinstance(field, forms.BooleanField):
        return _("Oui") if value else ""
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        return ", ".join(str(labels.get(item, item)) for item in value or [])
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, "")) if value not in (None, "") else ""
    return "" if value is None else str(value)


def rows(form, names):
    """(label, value) of the fields given a value, in this order."""
    pairs = ((form.fields[name].label, display_value(form, name)) for name in names)
    return [(label, value) for label, value in pairs if value]


def service_rows(form):
    """(family name, level label, items) of the families the declarant rated."""
    result = []
    for family in form.catalogue.families:
        if form.cleaned_data.get(level_field(family)):
            result.append(
                (
                    family.name,
                    display_value(form, level_field(family)),
                    display_value(form, items_field(family)),
                )
            )
    return result


def hours_rows(opening_hours):
    """(day name, hours) for rules the grid can show; empty for others (the text says it)."""
    week = osm_to_week(opening_hours)
    if not week:
        return []
    closed = _("fermé")
    return [
        (
            DAY_NAMES[day],
            ", ".join(f"{start:%H:%M} – {end:%H:%M}" for start, end in week.get(day, ())) or closed,
        )
        for day in DAYS
    ]
