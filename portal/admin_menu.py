"""The admin's main menu: the day's work first, in this order, then Wagtail's media, reports and
"Paramètres", where each app puts its configuration (``add_to_settings_menu``).

Apps give their menu items these orders; labels stay short enough for the sidebar at 1280 px
(tests/browser/test_admin_menu.py).
"""

from django.shortcuts import redirect
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.menu import MenuItem
from wagtail.models import Locale

# Wagtail's "Pages" is 100, "Images" 300, "Documents" 400, "Rapports" 9000, "Paramètres" 10000.
VENUES = 110
REMOTE_ACTORS = 120
DECLARATIONS = 130
NEWSLETTER = 140
GUIDE = 150

# "Paramètres": the city's own configuration first, before Wagtail's (workflows: 100 and up).
IDENTITY_SETTINGS = 10
STAR_LEGEND_SETTINGS = 20
TERRITORIES_SETTINGS = 30
SERVICES_SETTINGS = 40
MODERATORS_SETTINGS = 50
TOPICS_SETTINGS = 60
OPEN_DATA_SETTINGS = 70
DIAGNOSTIC_SETTINGS = 80


def explore_first(page_model):
    """An admin view opening the explorer at the first ``page_model`` page of the default
    language: a menu item links there without a query on every admin page."""

    def view(request):
        page = page_model.objects.filter(locale=Locale.get_default()).first()
        if page is None:
            return redirect("wagtailadmin_explore_root")
        return redirect("wagtailadmin_explore", page.pk)

    return view


class ExplorerMenuItem(MenuItem):
    """A menu item to ``explore_first``'s view: for whoever may manage pages."""

    def is_shown(self, request):
        return user_has_any_page_permission(request.user)
