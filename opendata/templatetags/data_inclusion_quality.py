"""The quality score of the data·inclusion export, for its settings page in the admin.

A template tag rather than a panel computing it: the settings model must not import the export,
which reads the models.
"""

from django import template

from opendata.data_inclusion.export import records
from opendata.data_inclusion.quality import QualityReport
from portal.content_cache import cached

register = template.Library()


def compute_quality():
    report = QualityReport()
    for _record in records("services", report=report):
        pass
    return {
        "average": report.average,
        "count": report.count,
        "weakest": [(str(label), points) for _criterion, label, points in report.weakest()],
        "rejected": len(report.rejected),
    }


@register.simple_tag
def data_inclusion_quality():
    """Average score, services, weakest criteria and records left out of today's export; computed
    once per content generation."""
    return cached("opendata:data-inclusion:quality", compute_quality)
