"""The dashboard's "Lettre d'information" panel: the next issue, in preparation or to prepare.

One button: continue the draft, or prepare it (the same POST as the newsletter index's
"Préparer le prochain numéro", which then opens the draft).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from portal.dashboard import FIRST_ORDER, Action, DashboardPanel

from ..models import NewsletterIndexPage, NewsletterIssuePage
from ..newsletter.preparation import next_issue_of, unpublished_draft
from .issues import can_prepare


class NextIssuePanel(DashboardPanel):
    name = "prochain-numero"
    heading = gettext_lazy("Lettre d'information")
    icon = "mail"
    order = FIRST_ORDER + 30

    def __init__(self, request, index):
        super().__init__(request)
        self.index = index
        self.draft = unpublished_draft(index)

    def label(self):
        if self.draft:
            return self.draft.number_label
        upcoming = next_issue_of(self.index)
        return NewsletterIssuePage(
            number=upcoming.number, period_start=upcoming.period_start
        ).number_label

    def get_summary(self):
        if self.draft:
            return _("Le numéro %(label)s est en préparation.") % {"label": self.label()}
        return _("Le numéro %(label)s est à préparer.") % {"label": self.label()}

    def get_action(self):
        if self.draft:
            return Action(
                _("Continuer le brouillon"),
                reverse("wagtailadmin_pages:edit", args=(self.draft.pk,)),
            )
        return Action(
            _("Préparer le prochain numéro"),
            reverse("actualites_prepare_issue", args=(self.index.pk,)),
            method="post",
        )


def add_next_issue_panel(request, panels):
    """For whoever may prepare an issue in the newsletter of the default language."""
    index = NewsletterIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is not None and can_prepare(index, request.user):
        panels.append(NextIssuePanel(request, index))
