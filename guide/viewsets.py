"""The guide's admin views: its snippets, the guide's editions, and venues by territory.

Registered in guide/wagtail_hooks.py: venues, remote actors and the guide's editions in the
main menu (the day's work), territories, services and moderators under "Paramètres".

Territory moderators (``guide.models.moderation``) may change only their territories' venues:
``VenuePageViewSet`` guards every page view that changes or decides on a venue, and a
``before_publish_page`` hook checks the version being published.
"""

from functools import wraps

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import admin_menu

from .models import (
    GuideEdition,
    RemoteActor,
    ServiceFamily,
    Territory,
    TerritoryModerators,
    VenuePage,
)
from .models.moderation import check_venue, is_territory_moderator
from .tasks import request_build


class TerritoryViewSet(SnippetViewSet):
    model = Territory
    icon = "site"
    menu_label = _("Territoires")
    add_to_settings_menu = True
    menu_order = admin_menu.TERRITORIES_SETTINGS
    list_display = ["name", "guide_heading", "code_prefix"]
    sort_order_field = "sort_order"
    search_fields = ["name"]


class ServiceFamilyViewSet(SnippetViewSet):
    model = ServiceFamily
    icon = "list-ul"
    menu_label = _("Familles de services")
    menu_order = admin_menu.SERVICES_SETTINGS
    add_to_settings_menu = True
    list_display = ["name", "slug"]
    sort_order_field = "sort_order"


class RemoteActorViewSet(SnippetViewSet):
    model = RemoteActor
    icon = "mobile-alt"
    menu_label = _("Acteurs sans lieu")
    add_to_admin_menu = True
    menu_order = admin_menu.REMOTE_ACTORS
    list_display = ["name", "kind", "phone", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]


class EditionColumn(Column):
    """A column drawn by a template that receives the edition and the generate URL."""

    def __init__(self, name, template, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["generate_url"] = reverse("guide_editions:generate", args=(instance.pk,))
        context["csrf_token"] = get_token(parent_context["request"])
        return context


def can_build(user):
    return user.has_perm("guide.change_guideedition")


class GuideEditionViewSet(SnippetViewSet):
    model = GuideEdition
    icon = "doc-full"
    menu_label = _("Guide imprimé")
    add_to_admin_menu = True
    menu_order = admin_menu.GUIDE
    url_namespace = "guide_editions"
    list_display = [
        "title",
        "year",
        EditionColumn("status", "guide/admin/edition_status_cell.html", label=_("État")),
        EditionColumn("document", "guide/admin/edition_document_cell.html", label=_("PDF")),
        EditionColumn("generate", "guide/admin/edition_generate_cell.html", label=_("Action")),
    ]
    list_filter = ["year", "status", "output"]
    search_fields = ["title"]
    edit_template_name = "guide/admin/edition_edit.html"
    # Follows the builds in progress, as the edit page does.
    index_template_name = "guide/admin/edition_index.html"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("generate/<int:pk>/", self.generate_view, name="generate"),
            path("progress/<int:pk>/", self.progress_view, name="progress"),
        ]

    @property
    def generate_view(self):
        @require_POST
        def generate(request, pk):
            if not can_build(request.user):
                raise PermissionDenied
            edition = get_object_or_404(GuideEdition, pk=pk)
            started, message = request_build(edition)
            (messages.success if started else messages.error)(request, message)
            back = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                back = reverse(self.get_url_name("list"))
            return redirect(back)

        return generate

    @property
    def progress_view(self):
        @require_GET
        def progress(request, pk):
            if not can_build(request.user):
                raise PermissionDenied
            edition = get_object_or_404(GuideEdition.objects.select_related("document"), pk=pk)
            return JsonResponse(
                {
                    "status": edition.status,
                    "status_label": edition.get_status_display(),
                    "building": edition.is_building,
                    "progress": edition.progress,
                    "step": edition.progress_step,
                    "error": edition.error,
                    "document_url": edition.document.url if edition.document else "",
                }
            )

        return progress


# The page views that change a page or decide on it; viewing and previewing stay open.
GUARDED_PAGE_VIEWS = {
    "collect_workflow_action_data",
    "confirm_workflow_cancellation",
    "convert_alias",
    "copy",
    "delete",
    "edit",
    "lock",
    "move",
    "move_confirm",
    "revisions_revert",
    "revisions_unschedule",
    "set_privacy",
    "unlock",
    "unpublish",
    "workflow_action",
}


class VenueIndexView(ExplorableIndexView):
    """The venue list's listing, with "Ajouter un lieu" in words beside Wagtail's ⊕."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.parent_page.permissions_for_user(self.request.user).can_add_subpage():
            url = reverse(
                "wagtailadmin_pages:add",
                args=(VenuePage._meta.app_label, VenuePage._meta.model_name, self.parent_page.pk),
            )
            buttons = [*buttons, HeaderButton(_("Ajouter un lieu"), url, icon_name="plus")]
        return buttons


class VenuePageViewSet(PageViewSet):
    """Wagtail's page views for venues, closed to territory moderators of other territories.

    Approving a task of the moderation workflow publishes the page without going through the
    edit view, hence a check on every view of a venue rather than a hook on the edit view only.
    The venue list's listing (its only parent type) is this viewset's, for its add button.
    """

    model = VenuePage
    index_view_class = VenueIndexView

    def get_view_by_name(self, name):
        view = super().get_view_by_name(name)
        if name not in GUARDED_PAGE_VIEWS:
            return view

        @wraps(view)
        def guarded_view(request, *args, **kwargs):
            if is_territory_moderator(request.user):
                venue = get_object_or_404(
                    VenuePage.objects.only("territory_id"), pk=kwargs.get("page_id")
                )
                check_venue(request.user, venue)
            return view(request, *args, **kwargs)

        return guarded_view


class TerritoryModeratorsViewSet(SnippetViewSet):
    model = TerritoryModerators
    icon = "group"
    menu_label = _("Modérateurs")
    add_to_settings_menu = True
    menu_order = admin_menu.MODERATORS_SETTINGS
    list_display = [
        "territory",
        Column(
            "groups",
            label=_("Groupes de modérateurs"),
            accessor=lambda entry: ", ".join(group.name for group in entry.groups.all()),
        ),
    ]
    panels = [FieldPanel("territory"), FieldPanel("groups", widget=forms.CheckboxSelectMultiple)]

    def get_queryset(self, request):
        return TerritoryModerators.objects.select_related("territory").prefetch_related("groups")
