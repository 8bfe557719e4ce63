"""The quality score of the data·inclusion export, shown to editors on its settings page."""

from django.urls import reverse
from wagtail.admin.panels import Panel

from portal.content_cache import cached


def current_quality():
    """(average score, services, weakest criteria, records left out) of today's export; computed
    once per content generation."""
    from .export import records
    from .quality import QualityReport

    def compute():
        report = QualityReport()
        for _record in records("services", report=report):
            pass
        weakest = [(str(label), points) for _criterion, label, points in report.weakest()]
        return report.average, report.count, weakest, len(report.rejected)

    return cached("opendata:data-inclusion:quality", compute)


class QualityScorePanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "opendata/admin/quality_score_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            average, count, weakest, rejected = current_quality()
            context.update(
                average=average,
                count=count,
                weakest=weakest,
                rejected=rejected,
                services_url=reverse("opendata_data_inclusion_services"),
                structures_url=reverse("opendata_data_inclusion_structures"),
            )
            return context
