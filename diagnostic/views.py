"""The admin report "Diagnostic du territoire", its exports, and the fragility upload.

Both views are for administrators and the groups given ``PERMISSION`` (the group editor lists
it); the menu item is shown to them only, and each view checks it again.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .exports import table_csv, tables_xlsx
from .figures import diagnose
from .forms import DiagnosticFilterForm, FragilityUploadForm
from .fragility import import_fragility
from .layout import report_sections
from .models import FragilityIndex
from .pdf import diagnosis_pdf

PERMISSION = "diagnostic.view_territorydiagnosis"
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def can_view_diagnosis(user):
    return user.has_perm(PERMISSION)


class PermissionRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_view_diagnosis(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def file_response(content, export, filename):
    response = HttpResponse(content, content_type=EXPORT_TYPES[export])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


class DiagnosticReportView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Diagnostic du territoire")
    header_icon = "site"
    template_name = "diagnostic/admin/report.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        self.form = DiagnosticFilterForm(request.GET or None)
        self.diagnosis = diagnose(**self.form.scope())
        export = request.GET.get("export")
        if export:
            return self.export(export, request.GET.get("tableau", ""))
        return super().get(request, *args, **kwargs)

    def export(self, export, table_key):
        stem = f"diagnostic-{timezone.localdate():%Y-%m-%d}"
        if export == "csv":
            table = self.diagnosis.tables.get(table_key)
            if table is None:
                raise Http404
            return file_response(table_csv(table), "csv", f"{stem}-{table.key}.csv")
        if export == "xlsx":
            return file_response(
                tables_xlsx(self.diagnosis.tables.values()), "xlsx", f"{stem}.xlsx"
            )
        if export == "pdf":
            return file_response(diagnosis_pdf(self.diagnosis, self.request), "pdf", f"{stem}.pdf")
        raise Http404

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        query.pop("tableau", None)
        context.update(
            form=self.form,
            diagnosis=self.diagnosis,
            sections=report_sections(self.diagnosis),
            query=query.urlencode(),
            fragility_count=len(self.diagnosis.tables["fragilite"].rows),
        )
        return context


class FragilityUploadView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    page_title = gettext_lazy("Indice de fragilité numérique")
    header_icon = "upload"
    template_name = "diagnostic/admin/fragility_upload.html"
    form_class = FragilityUploadForm

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("diagnostic_report"), "label": _("Diagnostic du territoire")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        report = import_fragility(form.cleaned_data["file"])
        if not report.errors:
            messages.success(
                self.request,
                _("%(count)s communes importées.") % {"count": report.imported},
            )
            return redirect("diagnostic_report")
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["communes_count"] = FragilityIndex.objects.count()
        return context
