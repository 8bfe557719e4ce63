"""The guide's endpoints of the read-only API (portal/api.py): /api/v2/lieux/, /api/v2/besoins/."""

import functools

from django.db.models import Prefetch

from portal.api import FixedModelPagesAPIViewSet

from .models import NeedPage, ServiceItem, VenuePage


class VenuesAPIViewSet(FixedModelPagesAPIViewSet):
    model = VenuePage
    name = "lieux"
    default_order = ("title", "pk")

    def optimize(self, queryset):
        return queryset.select_related("territory").prefetch_related("service_levels")


class NeedsAPIViewSet(FixedModelPagesAPIViewSet):
    model = NeedPage
    name = "besoins"
    default_order = ("path",)

    def optimize(self, queryset):
        return queryset.select_related("family").prefetch_related(
            Prefetch("items", ServiceItem.objects.order_by("family__sort_order", "sort_order"))
        )

    def paginate_queryset(self, queryset):
        self.needs_shown = list(super().paginate_queryset(queryset))
        return self.needs_shown

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "listing_view":
            needs = self.needs_shown
        else:
            needs = [self.get_object()]
        context["venue_ids_by_need"] = functools.cache(lambda: NeedPage.venue_ids_for(needs))
        return context
