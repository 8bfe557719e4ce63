"""The admin report "Fraîcheur des lieux": live venues, the least recently verified first.

A Wagtail ``ReportView`` (filters, pagination, CSV and XLSX export come with it). The page of
venues is one query, with the territory joined and the last reminder as a subquery; the
freshness of each row is computed in Python from the same rules as everything else (score.py).
Only the source language's venues are listed: translations share their verification date.
"""

import django_filters
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from guide.models import Territory, VenuePage
from portal.public_address import absolute_url
from portal.reports import FormulaSafeExportMixin

from . import score
from .models import VenueReminder
from .status import STATE_LABELS, Freshness, in_state, with_reference_date


def reported_venues():
    """The live venues of the source language, with their ``reference_date``."""
    return with_reference_date(VenuePage.objects.live().filter(locale=Locale.get_default()))


def report_url(state):
    return f"{reverse('guide_freshness_report')}?{urlencode({'state': state})}"


def can_view_report(user):
    return PagePermissionPolicy().user_has_any_permission(
        user, FreshnessReportView.any_permission_required
    )


class FreshnessFilterSet(WagtailFilterSet):
    """No ``Meta.model`` (the view passes its queryset): Wagtail would add a language filter,
    and translations are not listed."""

    territory = django_filters.ModelChoiceFilter(
        label=_("Territoire"),
        queryset=lambda request: Territory.objects.filter(locale=Locale.get_default()),
        empty_label=_("Tous les territoires"),
    )
    state = django_filters.ChoiceFilter(
        label=_("État"),
        choices=[(state, STATE_LABELS[state]) for state in score.STATES],
        empty_label=_("Tous les états"),
        method="filter_state",
    )

    def filter_state(self, queryset, name, value):
        return queryset.filter(in_state(value, timezone.localdate()))


class FreshnessColumn(Column):
    """A cell drawn by a template from the row's ``freshness``."""

    def __init__(self, name, template, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template


class FreshnessReportView(FormulaSafeExportMixin, ReportView):
    page_title = _("Fraîcheur des lieux")
    header_icon = "time"
    model = VenuePage
    any_permission_required = ["add", "change", "publish"]
    filterset_class = FreshnessFilterSet
    index_url_name = "guide_freshness_report"
    index_results_url_name = "guide_freshness_report_results"
    default_ordering = ("reference_date", "title", "pk")
    verbose_name_plural = _("lieux")
    columns = [
        TitleColumn(
            "title",
            label=_("Lieu"),
            url_name="wagtailadmin_pages:edit",
            sort_key="title",
        ),
        Column("territory", label=_("Territoire"), accessor="territory.name"),
        FreshnessColumn(
            "verified_on",
            "freshness/admin/verified_cell.html",
            label=_("Vérifié le"),
            sort_key="reference_date",
        ),
        Column("age", label=_("Âge des informations"), accessor="freshness.age_label"),
        FreshnessColumn("score", "freshness/admin/score_cell.html", label=_("Fraîcheur")),
        DateColumn("last_reminder_at", label=_("Dernière relance")),
    ]
    list_export = [
        "title",
        "territory.name",
        "verified_on",
        "reference_date",
        "freshness.months",
        "freshness.percent",
        "freshness.state_label",
        "last_reminder_at",
        "edit_url",
    ]
    export_headings = {
        "title": _("Lieu"),
        "territory.name": _("Territoire"),
        "verified_on": _("Vérifié le"),
        "reference_date": _("Date de référence"),
        "freshness.months": _("Âge (mois)"),
        "freshness.percent": _("Fraîcheur (%)"),
        "freshness.state_label": _("État"),
        "last_reminder_at": _("Dernière relance"),
        "edit_url": _("Modifier"),
    }

    def get_filename(self):
        return f"fraicheur-des-lieux-{timezone.localdate():%Y-%m-%d}"

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "queryset": self.get_base_queryset()}

    def get_base_queryset(self):
        last_reminder = VenueReminder.objects.filter(venue=OuterRef("pk")).order_by("-sent_at")
        venues = reported_venues().select_related("territory")
        return venues.annotate(last_reminder_at=Subquery(last_reminder.values("sent_at")[:1]))

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        venues = list(object_list)
        for venue in venues:
            venue.freshness = Freshness.of(venue.verified_on, venue.first_published_at, today)
            if self.is_export:
                edit_path = reverse("wagtailadmin_pages:edit", args=[venue.pk])
                venue.edit_url = absolute_url(edit_path)
        return venues
