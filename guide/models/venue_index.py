"""The list of venues (/lieux/): every filter, the map, and the venues grouped by territory."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.content_cache import is_preview
from portal.localized import localized
from portal.visibility import ResidentPageManager

from .. import usage
from ..cards import attach_card_parts
from ..finder import VenueFilterForm, find_with_alternatives
from ..map import attach_links, map_markers
from .catalogue import StarLegend
from .tree import NeedPage, filter_choices
from .venues import OpenStateCachingMixin, venues_for_cards


class VenueIndexPage(OpenStateCachingMixin, Page):
    objects = ResidentPageManager()

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["guide.VenuePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("liste des lieux")
        verbose_name_plural = _("listes des lieux")

    def venues(self):
        """This list's venues in the printed guide's order: by territory, then by code."""
        return (
            venues_for_cards(self.locale_id)
            .child_of(self)
            .order_by("territory__sort_order", "code", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        form = VenueFilterForm(
            request.GET,
            choices=filter_choices(self.locale_id),
            needs=NeedPage.objects.visible(),
            shared_as=None if is_preview(request) else self.locale_id,
        )
        scope = None if is_preview(request) else f"venue-index:{self.pk}"
        found = find_with_alternatives(self.venues(), form, now, request.GET.get("page"), scope)
        attach_card_parts(found.venues, StarLegend.cached())
        attach_links(found.venues, request)
        context.update(
            now=now,
            form=form,
            found=found,
            open_states=[venue.open_state for venue in found.venues],
            map_markers=map_markers(found.venues),
            alternatives=[
                (form.fields[name].label, count, _query_without(request, name))
                for name, count in found.alternatives
            ],
        )
        context[usage.CONTEXT_KEY] = usage.venue_list_counts(found)
        if found.sorted_by_distance or found.sorted_by_level:
            context["territory_groups"] = [(None, found.venues)]
        else:
            groups = {}
            for venue in found.venues:
                groups.setdefault(venue.territory, []).append(venue)
            context["territory_groups"] = [
                (localized(territory), venues) for territory, venues in groups.items()
            ]
        return context


def _query_without(request, name):
    query = request.GET.copy()
    query.pop(name, None)
    query.pop("page", None)
    if name in ("famille", "service"):
        query.pop("niveau", None)
    return "?" + query.urlencode() if query else "?"
