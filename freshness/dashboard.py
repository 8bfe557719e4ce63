"""The dashboard's "Fraîcheur des lieux" panel: venues to check and out of date, as reported."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from portal.dashboard import FIRST_ORDER, DashboardPanel, Line

from . import score
from .report import report_url, reported_venues
from .status import in_state


class FreshnessPanel(DashboardPanel):
    name = "fraicheur-des-lieux"
    heading = gettext_lazy("Fraîcheur des lieux")
    icon = "time"
    order = FIRST_ORDER + 10

    def get_lines(self):
        """The report's two states to act on, counted in one query."""
        today = timezone.localdate()
        counts = reported_venues().aggregate(
            to_check=Count("pk", filter=in_state(score.TO_CHECK, today)),
            obsolete=Count("pk", filter=in_state(score.OBSOLETE, today)),
        )
        to_check, obsolete = counts["to_check"], counts["obsolete"]
        return [
            Line(
                to_check,
                ngettext("lieu à vérifier", "lieux à vérifier", to_check),
                report_url(score.TO_CHECK),
            ),
            Line(
                obsolete,
                ngettext("lieu périmé", "lieux périmés", obsolete),
                report_url(score.OBSOLETE),
            ),
        ]
