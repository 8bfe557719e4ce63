"""The dashboard's "Déclarations" panel: what waits for this user, per territory she moderates."""

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.dashboard import FIRST_ORDER, DashboardPanel, Line

from .models import Declaration

Status = Declaration.Status


def inbox_url(**filters):
    return f"{reverse('declarations_admin:index')}?{urlencode(filters)}"


class DeclarationsPanel(DashboardPanel):
    name = "declarations-a-traiter"
    heading = gettext_lazy("Déclarations à traiter")
    icon = "clipboard-list"
    order = FIRST_ORDER

    def get_lines(self):
        """Received and in progress, with the received ones by territory, in one query."""
        rows = (
            Declaration.objects.for_moderator(self.request.user)
            .filter(status__in=(Status.RECEIVED, Status.IN_PROGRESS))
            .values("status", "territory_id", "territory__name")
            .annotate(count=Count("pk"))
            .order_by("territory__sort_order", "territory__name")
        )
        received = [row for row in rows if row["status"] == Status.RECEIVED]
        in_progress = sum(row["count"] for row in rows if row["status"] == Status.IN_PROGRESS)
        received_count = sum(row["count"] for row in received)
        return [
            Line(
                received_count,
                ngettext(
                    "déclaration reçue, à lire", "déclarations reçues, à lire", received_count
                ),
                inbox_url(status=Status.RECEIVED),
                details=[self.territory_line(row) for row in received],
            ),
            Line(
                in_progress,
                ngettext(
                    "déclaration en cours de traitement",
                    "déclarations en cours de traitement",
                    in_progress,
                ),
                inbox_url(status=Status.IN_PROGRESS),
            ),
        ]

    @staticmethod
    def territory_line(row):
        if row["territory_id"] is None:
            return Line(row["count"], _("Sans territoire"), inbox_url(status=Status.RECEIVED))
        return Line(
            row["count"],
            row["territory__name"],
            inbox_url(status=Status.RECEIVED, territory=row["territory_id"]),
        )
