from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = _("Déclarations")

    def ready(self):
        # Imported here, not at the top: models can be imported only once the registry is ready.
        from wagtail.signals import page_published

        from .decisions import accept_on_publication

        page_published.connect(accept_on_publication, dispatch_uid="accept-declarations")
