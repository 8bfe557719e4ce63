"""The dashboard's "Guide imprimé" panel: editions to build again, builds that failed."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy, ngettext

from portal.dashboard import FIRST_ORDER, DashboardPanel, Line

from .models import GuideEdition

# A city prints a guide and a few extracts a year: the newest built editions are checked, a few
# queries each (their fingerprint, editions.py), so that the dashboard's cost stays bounded.
CHECKED_EDITIONS = 10


def stale_editions():
    built = (
        GuideEdition.objects.filter(document__isnull=False, built_at__isnull=False)
        .exclude(built_fingerprint="")
        .select_related("need")
        .order_by("-year", "-built_at")[:CHECKED_EDITIONS]
    )
    return [edition for edition in built if edition.is_stale]


class GuideEditionsPanel(DashboardPanel):
    name = "guide-imprime"
    heading = gettext_lazy("Guide imprimé")
    icon = "doc-full"
    order = FIRST_ORDER + 20

    def get_lines(self):
        stale = stale_editions()
        failed = GuideEdition.objects.filter(status=GuideEdition.Status.FAILED).count()
        editions_url = reverse("guide_editions:list")
        return [
            Line(
                len(stale),
                ngettext("édition à régénérer", "éditions à régénérer", len(stale)),
                editions_url,
                details=[
                    Line(None, str(edition), reverse("guide_editions:edit", args=(edition.pk,)))
                    for edition in stale
                ],
            ),
            Line(
                failed,
                ngettext("génération en échec", "générations en échec", failed),
                f"{editions_url}?{urlencode({'status': GuideEdition.Status.FAILED})}",
            ),
        ]
