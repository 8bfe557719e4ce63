from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Données ouvertes")

    def ready(self):
        # Imported here: models can be imported only once the registry is ready.
        from portal.content_cache import register_catalogue
        from portal.site_setup import add_site_section

        from .models import NationalServiceMapping
        from .site_sections import OPEN_DATA

        # The public files (/donnees/lieux.csv) follow a change of the mapping at once.
        register_catalogue(NationalServiceMapping)
        add_site_section(OPEN_DATA)
