"""The venue admin's "Services et étoiles" tab, laid out like the printed guide."""

from wagtail.admin.panels import Panel

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
