"""The diagnosis's URLs, its entry in the Reports menu and its permission in the group editor."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import DiagnosticReportView, FragilityUploadView, can_view_diagnosis

REPORT_ADDRESS = "reports/diagnostic-du-territoire/"


class DiagnosticMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_diagnosis(request.user)


@hooks.register("register_admin_urls")
def register_diagnostic_urls():
    return [
        path(REPORT_ADDRESS, DiagnosticReportView.as_view(), name="diagnostic_report"),
        path(
            f"{REPORT_ADDRESS}indice-de-fragilite/",
            FragilityUploadView.as_view(),
            name="diagnostic_fragility_upload",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_diagnostic_menu_item():
    return DiagnosticMenuItem(
        _("Diagnostic du territoire"),
        reverse("diagnostic_report"),
        name="diagnostic-du-territoire",
        icon_name="site",
        order=1170,
    )


@hooks.register("register_permissions")
def register_diagnostic_permission():
    return Permission.objects.filter(
        content_type__app_label="diagnostic", codename="view_territorydiagnosis"
    )
