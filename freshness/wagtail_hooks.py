"""The report's URL and its entry in the admin's Reports menu (imported by guide/wagtail_hooks)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from .report import FreshnessReportView


class FreshnessReportMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, FreshnessReportView.any_permission_required
        )


@hooks.register("register_admin_urls")
def register_freshness_report_urls():
    return [
        path(
            "reports/fraicheur-des-lieux/",
            FreshnessReportView.as_view(),
            name="guide_freshness_report",
        ),
        path(
            "reports/fraicheur-des-lieux/results/",
            FreshnessReportView.as_view(results_only=True),
            name="guide_freshness_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_freshness_report_menu_item():
    return FreshnessReportMenuItem(
        _("Fraîcheur des lieux"),
        reverse("guide_freshness_report"),
        name="fraicheur-des-lieux",
        icon_name="time",
        order=1150,
    )
