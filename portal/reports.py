"""An admin report's two addresses: the page, and the results its filters reload in place."""

from django.urls import path


def report_urls(address, view, name):
    """``address`` under /admin/, e.g. "reports/fraicheur-des-lieux/"; ``view`` a ReportView."""
    return [
        path(address, view.as_view(), name=name),
        path(f"{address}results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]
