"""The freshness report's URLs and its entry in the admin's Reports menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.reports import report_urls

from .report import FreshnessReportView


class FreshnessReportMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, FreshnessReportView.any_permission_required
        )


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
