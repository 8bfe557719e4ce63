from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = _("Guide des lieux")

    def ready(self):
        from wagtail.signals import page_published

        from .declarations.decisions import accept_on_publication

        page_published.connect(accept_on_publication, dispatch_uid="guide-accept-declarations")
