"""The mappings' edit forms in the admin."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .thematique_vocabulary import THEMATIQUE_CHOICES


class NationalServiceMappingForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each choice is labelled with its family's name: read them with the items.
        items = self.fields["item"]
        items.queryset = items.queryset.select_related("family")


class DataInclusionMappingForm(WagtailAdminModelForm):
    """Thématiques chosen in the schema's vocabulary, grouped by category, instead of the
    free text and JSON the model stores."""

    main_thematique = forms.ChoiceField(
        label=_("thématique principale"), choices=[("", "---------"), *THEMATIQUE_CHOICES]
    )
    other_thematiques = forms.MultipleChoiceField(
        label=_("autres thématiques"),
        choices=THEMATIQUE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        items = self.fields["item"]
        items.queryset = items.queryset.select_related("family")
