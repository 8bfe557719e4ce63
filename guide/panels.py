"""Panels of the venue admin: the "Services et étoiles" tab, laid out like the printed guide,
and the position with "Localiser l'adresse"."""

from django.forms import Media
from django.urls import reverse
from wagtail.admin.panels import FieldRowPanel, Panel

from .map import tile_settings
from .service_levels import families_of_fields


class ServiceLevelsPanel(Panel):
    """Each family with its own services in the editor's language, one level choice each.

    The fields are ``VenuePageForm.service_levels_form``'s; this panel only lays them out, with
    the legend and a quick "all at ★★" per family.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "guide/admin/service_levels_panel.html"

        class Media:
            css = {"all": ["css/admin/service_levels.css"]}
            js = ["js/admin/service_levels.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["families"] = families_of_fields(self.form.service_levels_form)
            return context


class LocationPanel(FieldRowPanel):
    """Latitude and longitude, with a "Localiser l'adresse" button and a map whose pin the
    editor drags (static/js/admin/locate_address.js). Without JavaScript, the two fields are all
    there is, editable as before."""

    class BoundPanel(FieldRowPanel.BoundPanel):
        template_name = "guide/admin/location_panel.html"

        @property
        def media(self):
            return super().media + Media(
                css={"all": ["css/admin/venue_locate.css"]}, js=["js/admin/locate_address.js"]
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["tiles"] = tile_settings(self.request)
            context["locate_url"] = reverse("guide_locate_address")
            return context
