"""The freshness report's URLs, its entry in the admin's Reports menu, its dashboard panel."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.dashboard import add_panel
from portal.reports import report_urls

from .dashboard import FreshnessPanel
from .report import FreshnessReportView, can_view_report


class FreshnessReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_report(request.user)


@hooks.register("register_admin_urls")
def register_freshness_report_urls():
    return report_urls(
        "reports/fraicheur-des-lieux/", FreshnessReportView, "guide_freshness_report"
    )


@hooks.register("register_reports_menu_item")
def register_freshness_report_menu_item():
    return FreshnessReportMenuItem(
        _("Fraîcheur des lieux"),
        reverse("guide_freshness_report"),
        name="fraicheur-des-lieux",
        icon_name="time",
        order=1150,
    )


hooks.register("construct_homepage_panels", add_panel(FreshnessPanel, can_view_report))
