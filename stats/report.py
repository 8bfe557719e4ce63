"""The admin report "Statistiques de fréquentation": what residents looked for, over a period.

A Wagtail ``ReportView`` over the daily counts summed per kind and key: the searches that found
nothing first (where help is missing), then searches by postcode, needs viewed, orientations and
filters, each by count. One query for the page of rows, one for the totals, one per kind of name
to look up; CSV and XLSX export come with ``ReportView``.
"""

from datetime import timedelta

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from portal.reports import FormulaSafeExportMixin

from .labels import describe
from .models import UsageCount

Kind = UsageCount.Kind
PERMISSION = "stats.view_usagestatistics"
DEFAULT_PERIOD = "30"
PERIODS = [
    ("7", _("7 derniers jours")),
    (DEFAULT_PERIOD, _("30 derniers jours")),
    ("365", _("12 derniers mois")),
]
# The report's order of kinds: the model's (searches without result first).
KIND_ORDER = Case(
    *[When(kind=kind, then=Value(rank)) for rank, kind in enumerate(Kind.values)],
    output_field=IntegerField(),
)


def can_view_statistics(user):
    return user.has_perm(PERMISSION)


class UsageFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        label=_("Période"),
        choices=PERIODS,
        empty_label=None,
        initial=DEFAULT_PERIOD,
        method="filter_period",
    )
    dates = django_filters.DateFromToRangeFilter(
        label=_("Dates (remplacent la période)"), field_name="day", widget=DateRangePickerWidget
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Kind.choices, empty_label=_("Tous les types")
    )

    class Meta:
        model = UsageCount
        fields = []

    def filter_period(self, queryset, name, value):
        if self.chosen_dates():
            return queryset
        since = timezone.localdate() - timedelta(days=int(value) - 1)
        return queryset.filter(day__gte=since)

    def chosen_dates(self):
        dates = self.form.cleaned_data.get("dates")
        return bool(dates and (dates.start or dates.stop))


class UsageReportView(FormulaSafeExportMixin, ReportView):
    page_title = _("Statistiques de fréquentation")
    page_subtitle = _("Besoins et recherches")
    header_icon = "table"
    results_template_name = "stats/admin/report_results.html"
    filterset_class = UsageFilterSet
    index_url_name = "guide_usage_report"
    index_results_url_name = "guide_usage_report_results"
    verbose_name_plural = _("statistiques")
    columns = [
        Column("kind_label", label=_("Type")),
        Column("label", label=_("Élément")),
        Column("total", label=_("Nombre")),
    ]
    list_export = ["kind_label", "label", "total"]
    export_headings = {"kind_label": _("Type"), "label": _("Élément"), "total": _("Nombre")}

    def dispatch(self, request, *args, **kwargs):
        if not can_view_statistics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"statistiques-frequentation-{timezone.localdate():%Y-%m-%d}"

    def get_filterset_kwargs(self):
        """Without a period or dates, the last 30 days (shown as chosen in the filters)."""
        data = self.request.GET.copy()
        if not any(data.get(name) for name in ("period", "dates_from", "dates_to")):
            data["period"] = DEFAULT_PERIOD
        return {**super().get_filterset_kwargs(), "data": data}

    def chosen_counts(self):
        return self.filter_queryset(UsageCount.objects.all())

    def get_queryset(self):
        return (
            self.chosen_counts()
            .values("kind", "key")
            .annotate(total=Sum("count"))
            .order_by(KIND_ORDER, "-total", "key")
        )

    def get_filtered_queryset(self):
        return self.get_queryset()

    def decorate_paginated_queryset(self, object_list):
        return describe(list(object_list))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_export:
            return context
        totals = dict(
            self.chosen_counts()
            .values("kind")
            .annotate(total=Sum("count"))
            .values_list("kind", "total")
        )
        searches = totals.get(Kind.SEARCH, 0)
        context["summary"] = {
            "searches": searches,
            "no_result": totals.get(Kind.NO_RESULT, 0),
            "no_result_percent": round(100 * totals.get(Kind.NO_RESULT, 0) / searches)
            if searches
            else 0,
            "needs": totals.get(Kind.NEED, 0),
            "orientations": totals.get(Kind.ORIENTATION, 0),
        }
        return context
