from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Statistiques de fréquentation")

    def ready(self):
        """Say on the personal data page what the statistics keep, and for how long."""
        from portal.site_setup import add_personal_data_notice

        from .personal_data import statistics_notice

        add_personal_data_notice(40, statistics_notice)
