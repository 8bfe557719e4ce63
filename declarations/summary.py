"""What the declarant typed, in plain words, for the validation step's summary."""

from django import forms
from django.utils.translation import gettext as _

from guide.hours_grid import DAYS, osm_to_week
from guide.models.catalogue import rate_families
from guide.service_levels import levels_from

from .forms import DAY_NAMES, level_label


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
    """(family name, [(service label, level)]) of the families with a service offered."""
    names = {level: name for level, name, _text in form.catalogue.star_levels}
    rows = []
    for rated in rate_families(levels_from(form)):
        if rated.offered:
            services = [
                (item.label, level_label(level, names[level])) for item, level in rated.services
            ]
            rows.append((rated.family.name, services))
    return rows


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
