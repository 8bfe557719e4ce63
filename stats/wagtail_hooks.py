"""The usage report's URLs, its entry in the Reports menu, its permission in the group editor
and its dashboard panel."""

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.dashboard import add_panel
from portal.reports import report_urls

from .dashboard import SearchesWithoutResultPanel
from .report import UsageReportView, can_view_statistics


class UsageReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_statistics(request.user)


@hooks.register("register_admin_urls")
def register_usage_report_urls():
    return report_urls(
        "reports/statistiques-de-frequentation/", UsageReportView, "guide_usage_report"
    )


@hooks.register("register_reports_menu_item")
def register_usage_report_menu_item():
    return UsageReportMenuItem(
        _("Statistiques de fréquentation"),
        reverse("guide_usage_report"),
        name="statistiques-de-frequentation",
        icon_name="table",
        order=1160,
    )


@hooks.register("register_permissions")
def register_usage_statistics_permission():
    return Permission.objects.filter(
        content_type__app_label="stats", codename="view_usagestatistics"
    )


hooks.register(
    "construct_homepage_panels", add_panel(SearchesWithoutResultPanel, can_view_statistics)
)
