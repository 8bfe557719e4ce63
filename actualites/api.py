"""The agenda's endpoint of the read-only API (portal/api.py): /api/v2/evenements/."""

from portal.api import FixedModelPagesAPIViewSet

from .models import EventPage


class EventsAPIViewSet(FixedModelPagesAPIViewSet):
    model = EventPage
    name = "evenements"
    default_order = ("start", "pk")

    def optimize(self, queryset):
        return queryset.select_related("venue")
