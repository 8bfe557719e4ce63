"""The dashboard's "Recherches sans résultat" panel: the last seven days, where help is missing."""

from datetime import timedelta

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy, ngettext

from portal.dashboard import FIRST_ORDER, DashboardPanel, Line

from .labels import postcode_label
from .models import UsageCount

Kind = UsageCount.Kind
DAYS = "7"  # one of the report's periods (report.PERIODS)
TOP_POSTCODES = 3


def week_report_url():
    query = urlencode({"period": DAYS, "kind": Kind.NO_RESULT})
    return f"{reverse('guide_usage_report')}?{query}"


class SearchesWithoutResultPanel(DashboardPanel):
    name = "recherches-sans-resultat"
    heading = gettext_lazy("Recherches sans résultat")
    icon = "search"
    order = FIRST_ORDER + 40

    def get_lines(self):
        """This week's total and its most searched postcodes, in two queries."""
        since = timezone.localdate() - timedelta(days=int(DAYS) - 1)
        counts = UsageCount.objects.filter(kind=Kind.NO_RESULT, day__gte=since)
        total = counts.aggregate(total=Sum("count"))["total"] or 0
        by_postcode = counts.values("key").annotate(total=Sum("count")).order_by("-total", "key")
        url = week_report_url()
        details = [
            Line(row["total"], postcode_label(row["key"]), url)
            for row in by_postcode[:TOP_POSTCODES]
        ]
        text = ngettext(
            "recherche sans résultat ces 7 derniers jours",
            "recherches sans résultat ces 7 derniers jours",
            total,
        )
        return [Line(total, text, url, details=details)]
