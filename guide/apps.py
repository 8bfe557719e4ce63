from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = _("Guide des lieux")

    def ready(self):
        """Declare to the site (portal) what the guide adds to its shared parts."""
        # Imported here, not at the top: models can be imported only once the registry is ready.
        from portal.api import api_router
        from portal.backup.state import count_in_backups
        from portal.content_cache import register_catalogue
        from portal.models.home import add_to_home_page
        from portal.site_setup import add_site_section

        from .api import NeedsAPIViewSet, VenuesAPIViewSet
        from .home import home_page_context
        from .models import GuideEdition, RemoteActor, ServiceFamily, Territory, VenuePage
        from .site_sections import GUIDE_SECTIONS

        for endpoint in (VenuesAPIViewSet, NeedsAPIViewSet):
            api_router.register_endpoint(endpoint.name, endpoint)
        # Guide editions are listed on /guide/; their builds write progress with update(),
        # which sends no signal, and start a new generation themselves once the file is stored.
        register_catalogue(Territory, ServiceFamily, RemoteActor, GuideEdition)
        count_in_backups("venues", VenuePage)
        add_to_home_page(home_page_context)
        add_site_section(*GUIDE_SECTIONS)
