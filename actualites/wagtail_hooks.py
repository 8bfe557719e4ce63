"""The admin of news, events and the newsletter: views in admin/, registered here."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin import issues, subscribers, topics

hooks.register("register_admin_urls", issues.issue_urls)
hooks.register("register_page_header_buttons", issues.newsletter_header_buttons)
hooks.register("register_admin_viewset", issues.issue_page_viewset)
hooks.register("register_admin_viewset", subscribers.subscriber_viewset)
hooks.register("register_admin_urls", subscribers.send_urls)
hooks.register("register_admin_menu_item", subscribers.send_menu_item)
hooks.register("register_page_header_buttons", subscribers.issue_send_buttons)
register_snippet(topics.TopicViewSet)
