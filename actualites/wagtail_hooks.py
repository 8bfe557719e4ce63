"""The admin of news, events and the newsletter: views in admin/, registered here.

The main menu's "Lettre d'info" gathers the issues, their sends and the subscribers; the
news' themes are configuration, under "Paramètres".
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from portal import admin_menu

from .admin import dashboard, issues, subscribers, topics
from .models import NewsletterIndexPage

hooks.register("register_admin_urls", issues.issue_urls)
hooks.register("register_page_header_buttons", issues.newsletter_header_buttons)
hooks.register("before_bulk_action", issues.refuse_bulk_publication_of_placeholders)
hooks.register("register_admin_viewset", issues.issue_page_viewset)
hooks.register("register_admin_viewset", subscribers.subscriber_viewset)
hooks.register("register_admin_urls", subscribers.send_urls)
hooks.register(subscribers.NEWSLETTER_MENU_HOOK, subscribers.send_menu_item)
hooks.register("register_page_header_buttons", subscribers.issue_send_buttons)
register_snippet(topics.TopicViewSet)
hooks.register("construct_homepage_panels", dashboard.add_next_issue_panel)


@hooks.register("register_admin_urls")
def register_issues_explorer_url():
    view = admin_menu.explore_first(NewsletterIndexPage)
    return [path("lettre/numeros/", view, name="actualites_issues_explore")]


@hooks.register(subscribers.NEWSLETTER_MENU_HOOK)
def register_issues_menu_item():
    return admin_menu.ExplorerMenuItem(
        _("Numéros"),
        reverse("actualites_issues_explore"),
        name="numeros",
        icon_name="doc-full-inverse",
        order=10,
    )


@hooks.register("register_admin_menu_item")
def register_newsletter_menu():
    return SubmenuMenuItem(
        _("Lettre d'info"),  # "Lettre d'information" is cut in the sidebar
        Menu(register_hook_name=subscribers.NEWSLETTER_MENU_HOOK),
        name="lettre",
        icon_name="mail",
        order=admin_menu.NEWSLETTER,
    )
