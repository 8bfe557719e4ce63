from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portail")

    def ready(self):
        # Imported here, not at the top: models can be imported only once the registry is ready.
        from django.core.checks import Tags, register
        from django.core.signals import setting_changed
        from django.db.models.signals import post_delete, post_save
        from django.urls import register_converter
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .checks import public_address, shared_cache, trusted_proxies
        from .content_cache import content_changed, is_catalogue
        from .converters import PageIdConverter
        from .first_pages import PORTAL_SECTIONS, server_notice
        from .french_plurals import install_french_plurals
        from .search_quotes import escape_quotes_in_search_terms
        from .site_setup import add_personal_data_notice, add_site_section

        register(shared_cache, Tags.caches, deploy=True)
        register(public_address, deploy=True)
        register(trusted_proxies, Tags.security, deploy=True)
        escape_quotes_in_search_terms()
        register_converter(PageIdConverter, "page_id")
        add_site_section(*PORTAL_SECTIONS)
        add_personal_data_notice(90, server_notice)
        install_french_plurals()
        setting_changed.connect(install_french_plurals, dispatch_uid="french-plurals")

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(content_changed, dispatch_uid=f"content-changed-{id(signal)}")

        def on_save_or_delete(sender, instance, **kwargs):
            if is_catalogue(instance) or (
                kwargs["signal"] is post_delete and isinstance(instance, Page)
            ):
                content_changed()

        # weak=False: a local function, otherwise garbage-collected (and silently disconnected)
        # as soon as ready() returns.
        post_save.connect(on_save_or_delete, dispatch_uid="content-changed-save", weak=False)
        post_delete.connect(on_save_or_delete, dispatch_uid="content-changed-delete", weak=False)
