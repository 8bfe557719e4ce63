from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FreshnessConfig(AppConfig):
    name = "freshness"
    verbose_name = _("Fraîcheur des lieux")

    def ready(self):
        """Say on the personal data page what the venues' reminders use."""
        from portal.site_setup import add_personal_data_notice

        from .personal_data import venue_contacts_notice

        add_personal_data_notice(30, venue_contacts_notice)
