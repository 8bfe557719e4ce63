from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = _("Déclarations")

    def ready(self):
        # Imported here, not at the top: models can be imported only once the registry is ready.
        from wagtail.signals import page_published

        from portal.site_setup import add_personal_data_notice

        from .decisions import accept_on_publication
        from .personal_data import declarations_notice

        page_published.connect(accept_on_publication, dispatch_uid="accept-declarations")
        add_personal_data_notice(20, declarations_notice)
