from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class VenuePageForm(WagtailAdminPageForm):
    """Admin form of a venue: detailed services must belong to the family they are rated in."""

    def clean(self):
        cleaned_data = super().clean()
        ratings = self.formsets.get("service_ratings")
        if ratings is not None and ratings.is_valid():
            for form in ratings.forms:
                family = form.cleaned_data.get("family")
                items = form.cleaned_data.get("items") or []
                strays = [item.label for item in items if family and item.family_id != family.pk]
                if strays:
                    form.add_error(
                        "items",
                        _(
                            "Ces services n'appartiennent pas à la famille « %(family)s » : "
                            "%(items)s."
                        )
                        % {"family": family.name, "items": ", ".join(strays)},
                    )
        return cleaned_data
