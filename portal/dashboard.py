"""What the admin's dashboard panels share: counts that link to the filtered list, one action.

Each app adds its own panel with Wagtail's ``construct_homepage_panels`` hook (the hook is the
registry: portal never imports the apps) and only for a user allowed to act on what it counts.
A panel is a ``DashboardPanel``: a heading, lines "3 lieux à vérifier" each linking to the list
that shows them, and at most one button. Counting is the panel's ``get_lines``, in a number of
queries that does not grow with the content.
"""

from dataclasses import dataclass, field

from django.middleware.csrf import get_token
from wagtail.admin.ui.components import Component

# Before Wagtail's own panels (pages in moderation: 210, 220; recent edits: 250; locks: 300).
FIRST_ORDER = 100


@dataclass(frozen=True)
class Line:
    """ "3 lieux à vérifier": the count, the words after it, the list that shows them."""

    count: int | None  # None: a detail that names one thing, without a count
    text: str
    url: str
    details: list = field(default_factory=list)  # smaller lines under this one


@dataclass(frozen=True)
class Action:
    """The panel's one button; a POST carries the CSRF token (the action changes something)."""

    label: str
    url: str
    method: str = "get"


class DashboardPanel(Component):
    template_name = "portal/admin/dashboard_panel.html"
    name = ""
    heading = ""
    icon = ""
    order = FIRST_ORDER

    class Media:
        css = {"all": ["css/admin/dashboard.css"]}

    def __init__(self, request):
        self.request = request

    def get_lines(self):
        return []

    def get_summary(self):
        """A sentence above the lines, when a count alone would not say it."""
        return ""

    def get_action(self):
        return None

    def get_context_data(self, parent_context=None):
        return {
            "panel": self,
            "lines": self.get_lines(),
            "summary": self.get_summary(),
            "action": self.get_action(),
            # A component renders without the request: its form needs the token given.
            "csrf_token": get_token(self.request),
        }


def add_panel(panel_class, may_see):
    """A ``construct_homepage_panels`` hook adding ``panel_class`` for the users ``may_see``."""

    def construct_homepage_panels(request, panels):
        if may_see(request.user):
            panels.append(panel_class(request))

    return construct_homepage_panels
