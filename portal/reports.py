"""What the admin reports share: their two addresses, and CSV exports no spreadsheet runs."""

from django.urls import path

from .validators import spreadsheet_safe


def report_urls(address, view, name):
    """``address`` under /admin/, e.g. "reports/fraicheur-des-lieux/"; ``view`` a ReportView."""
    return [
        path(address, view.as_view(), name=name),
        path(f"{address}results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]


class FormulaSafeExportMixin:
    """Before Wagtail's ``ReportView`` (or any ``SpreadsheetExportMixin`` view): text cells of
    the CSV export that a spreadsheet would run as a formula get a leading quote.

    Names, search terms and other stored text may predate the validators that refuse formulas
    at entry. The XLSX export needs nothing: Wagtail writes every cell there as text.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return spreadsheet_safe(value)
        return value
