"""One level choice per detailed service, grouped by family, as the guide prints them.

The admin's "Services et étoiles" tab and the public declaration form share these fields: a
radio group per service (not offered, ★, ★★, ★★★), named after the French item it rates, so
that a form can only rate the catalogue's own services, each in its own family.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .vocab import LEVEL_CHOICES

FIELD_PREFIX = "niveau_"
NOT_OFFERED = ""


def field_name(service):
    return f"{FIELD_PREFIX}{service.pk}"


def level_field(service):
    return forms.TypedChoiceField(
        label=service.label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(NOT_OFFERED, _("non proposé")), *LEVEL_CHOICES],
        widget=forms.RadioSelect,
    )


def add_level_fields(form, levels_by_item, catalogue):
    """Add a field per service of ``catalogue`` (``service_catalogue()``) to ``form``, set to
    the current levels."""
    for family in catalogue:
        for service in family.services:
            name = field_name(service)
            form.fields[name] = level_field(service)
            form.initial.setdefault(name, levels_by_item.get(service.pk, NOT_OFFERED))
    form.service_catalogue = catalogue


def levels_from(form):
    """{French item id: level} of the services the form says are offered."""
    return {
        service.pk: level
        for family in form.service_catalogue
        for service in family.services
        if (level := form.cleaned_data.get(field_name(service)))
    }


def families_of_fields(form):
    """[(family, [bound field, …])] in the catalogue's order, for the templates."""
    return [
        (family, [form[field_name(service)] for service in family.services])
        for family in form.service_catalogue
        if family.services
    ]
