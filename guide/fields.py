"""A model field holding several values of a closed vocabulary.

Stored as ``|a|b|`` in a plain text column, the way the national data schema writes multiple
values in one cell. A text column works identically on SQLite and PostgreSQL (JSON containment
does not exist on SQLite), and the surrounding pipes make ``field__has="a"`` an exact-value test.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Lookup
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

SEPARATOR = "|"


class MultipleChoiceField(models.CharField):
    description = _("Plusieurs valeurs d'une liste fermée")

    def __init__(self, *args, vocabulary=(), **kwargs):
        self.vocabulary = list(vocabulary)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        """Like Django's choices, add ``get_<name>_display()``: here, the list of labels."""
        super().contribute_to_class(cls, name, *args, **kwargs)
        labels = dict(self.vocabulary)
        setattr(
            cls,
            f"get_{name}_display",
            lambda obj: [labels[value] for value in getattr(obj, name) if value in labels],
        )

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["vocabulary"] = self.vocabulary
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value or []
        return [item for item in value.split(SEPARATOR) if item]

    def get_prep_value(self, value):
        values = self.to_python(value)
        return f"{SEPARATOR}{SEPARATOR.join(values)}{SEPARATOR}" if values else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {str(key) for key, _label in self.vocabulary}
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise ValidationError(
                _("Valeur inconnue : %(values)s."), params={"values": ", ".join(unknown)}
            )
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.MultipleChoiceField,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
            "choices": self.vocabulary,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("max_length", "empty_value", "choices_form_class"):
            defaults.pop(key, None)
        return form_class(
            **{
                key: value
                for key, value in defaults.items()
                if key in ("choices", "widget", "required", "label", "help_text", "initial")
            }
        )


@MultipleChoiceField.register_lookup
class Has(Lookup):
    """``field__has="value"``: the stored list contains exactly this value."""

    lookup_name = "has"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs_params = [f"%{SEPARATOR}{self.rhs}{SEPARATOR}%"]
        return f"{lhs} LIKE %s", [*lhs_params, *rhs_params]
