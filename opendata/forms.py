"""The mapping's edit form in the admin."""

from wagtail.admin.forms import WagtailAdminModelForm


class NationalServiceMappingForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each choice is labelled with its family's name: read them with the items.
        items = self.fields["item"]
        items.queryset = items.queryset.select_related("family")
