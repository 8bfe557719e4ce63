"""The usage report's URLs, its entry in the Reports menu and its permission in the group
editor."""

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.reports import report_urls

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
