import json

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .service_levels import add_level_fields, levels_from
from .venue_codes import has_prefix


class ServiceLevelsForm(forms.Form):
    """One level choice per detailed service of the catalogue, offered or not."""

    def __init__(self, *args, levels_by_item, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        add_level_fields(self, levels_by_item, catalogue)


class VenueCodeInput(forms.TextInput):
    class Media:
        js = ["js/admin/venue_code.js"]


class VenuePageForm(WagtailAdminPageForm):
    """Admin form of a venue, with the levels of its services (``ServiceLevelsPanel``).

    The levels are a form of their own, validated with this one like a formset: Wagtail shows
    any field of the page form that no panel declares below the tabs, and these fields depend
    on the catalogue, which panels cannot know when they are declared.
    """

    # Publishing is not verifying: an editor who fixes a typo has not checked with the venue.
    # She says she has, and the verification date becomes today.
    verified_today = forms.BooleanField(
        label=_("J'ai vérifié ces informations auprès du lieu aujourd'hui"),
        required=False,
        help_text=_(
            "Après un appel, un e-mail ou une visite : la date ci-contre devient celle du jour."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.limit_territories(self.instance.territories_for_editor(self.for_user))
        self.suggest_codes()
        self.service_levels_form = ServiceLevelsForm(
            self.data if self.is_bound else None,
            levels_by_item=self.instance.levels_by_item if self.instance.pk else {},
            catalogue=self.instance.services_to_rate(),
        )

    def limit_territories(self, territories):
        """A territory moderator places a venue only in a territory she moderates.

        Refused here, when the form is validated, rather than at publication: a draft saved in
        another territory would put the venue out of her reach, and a draft, a submission and a
        publication all go through this form. Her few territories make a plain list instead of
        Wagtail's chooser, which would offer every territory.
        """
        if territories is None:
            return
        field = self.fields["territory"]
        field.widget = forms.Select()
        field.queryset = territories
        names = ", ".join(territory.name for territory in territories)
        field.error_messages["invalid_choice"] = _(
            "Vous ne pouvez choisir qu'un territoire que vous modérez : %(territories)s."
        ) % {"territories": names.replace("%", "%%")}  # Django formats it again with the value

    def suggest_codes(self):
        """The next free code of each territory the editor may choose: in the code's help text
        (read without JavaScript), and for static/js/admin/venue_code.js, which shows the one of
        the chosen territory and, on a new venue, types it in."""
        field = self.fields["code"]
        choices = self.fields["territory"].queryset
        if self.instance.locale_id:
            choices = choices.filter(locale_id=self.instance.locale_id)
        territories = [territory for territory in choices if territory.code_prefix]
        suggestions = self.instance.next_free_codes(territories)
        if not suggestions:
            return
        names = {territory.pk: territory.name for territory in territories}
        listed = ", ".join(
            _("%(code)s (%(territory)s)") % {"code": code, "territory": names[pk]}
            for pk, code in suggestions.items()
        )
        field.help_text = format_lazy(
            "{} {}", field.help_text, _("Codes libres suivants : %(codes)s.") % {"codes": listed}
        )
        field.widget = VenueCodeInput(
            attrs={
                **field.widget.attrs,
                "data-next-codes": json.dumps({str(pk): code for pk, code in suggestions.items()}),
                "data-fill": self.instance.pk is None,
            }
        )

    def clean(self):
        cleaned_data = super().clean()
        self.check_code(cleaned_data.get("code"), cleaned_data.get("territory"))
        if cleaned_data.get("verified_today"):
            cleaned_data["verified_on"] = timezone.localdate()
        return cleaned_data

    def check_code(self, code, territory):
        """The guide's code: the territory's prefix and a number, and no other venue's.

        Checked in the editor's form rather than in the model: it guards what an editor types,
        without making an import or a background task fail on a code that was there before.
        """
        if not code or territory is None:
            return

        def suggestion():
            return self.instance.next_free_codes([territory]).get(territory.pk)

        if not has_prefix(code, territory.code_prefix):
            self.add_error(
                "code",
                _(
                    "Les codes du territoire « %(territory)s » commencent par « %(prefix)s » "
                    "suivi d'un numéro, par exemple %(example)s."
                )
                % {
                    "territory": territory.name,
                    "prefix": territory.code_prefix,
                    "example": suggestion(),
                },
            )
        elif twin := self.instance.code_twin(code):
            message = _("Le code %(code)s est déjà celui du lieu « %(venue)s ».") % {
                "code": twin.code,
                "venue": twin.title,
            }
            if next_code := suggestion():
                message += " " + _("Code libre suivant : %(code)s.") % {"code": next_code}
            self.add_error("code", message)

    def is_valid(self):
        levels_are_valid = self.service_levels_form.is_valid()
        return super().is_valid() and levels_are_valid

    def save(self, commit=True):
        page = super().save(commit=False)
        existing = {row.item_id: row for row in page.service_levels.all()}
        rows = []
        for order, (item_id, level) in enumerate(levels_from(self.service_levels_form).items()):
            row = existing.get(item_id) or page.service_levels.model(item_id=item_id)
            row.level = level
            row.sort_order = order
            rows.append(row)
        page.service_levels = rows
        page.__dict__.pop("levels_by_item", None)
        if commit:
            page.save()
        return page


class NeedPageForm(WagtailAdminPageForm):
    """Admin form of a need: the services of its rule belong to its family, if it names one."""

    def clean(self):
        cleaned_data = super().clean()
        family = cleaned_data.get("family")
        items = cleaned_data.get("items") or []
        strays = [
            item.label
            for item in items
            if family and item.family.translation_key != family.translation_key
        ]
        if strays:
            self.add_error(
                "items",
                _("Ces services n'appartiennent pas à la famille « %(family)s » : %(items)s.")
                % {"family": family.name, "items": ", ".join(strays)},
            )
        return cleaned_data
