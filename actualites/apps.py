from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActualitesConfig(AppConfig):
    name = "actualites"
    verbose_name = _("Actualités")

    def ready(self):
        """Declare what news and events add to the site and to the venues' pages."""
        # Imported here, not at the top: models can be imported only once the registry is ready.
        from guide.models.venues import add_venue_page_section
        from portal.api import api_router
        from portal.content_cache import register_catalogue
        from portal.site_setup import add_personal_data_notice, add_site_section

        from .api import EventsAPIViewSet
        from .models import Topic
        from .models.events import upcoming_events_section
        from .personal_data import subscribers_notice
        from .site_sections import NEWS_SECTIONS

        api_router.register_endpoint(EventsAPIViewSet.name, EventsAPIViewSet)
        register_catalogue(Topic)
        add_venue_page_section(upcoming_events_section)
        add_site_section(*NEWS_SECTIONS)
        add_personal_data_notice(10, subscribers_notice)
