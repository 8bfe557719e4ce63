"""Moderation of declarations and error reports in the Wagtail admin.

- "Déclarations": a ``ModelViewSet`` — the inbox (filters, search, newest first, the number of
  unread declarations in the menu), a readable detail page (the inspect view) and a small form
  for the status. No "add": declarations come from the public forms.
- Actions from the detail page, POST with CSRF: create the venue draft; show the differences
  with a venue, then apply them as a new revision; refuse with a reason; mark a report as
  processed. Publication is Wagtail's, through its moderation workflow (decisions.py closes the
  loop).
- Moderators see and handle their territories only (``guide.models.moderation``): the inbox is
  filtered and every view of one declaration answers 404 outside them. The guide app keeps
  territory moderators off other territories' venues (guide/wagtail_hooks.py).
"""

from functools import wraps

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale

from guide.models import VenueIndexPage
from guide.models.moderation import check_venue, territories_for
from portal import admin_menu
from portal.dashboard import add_panel

from . import apply, decisions
from .dashboard import DeclarationsPanel
from .models import Declaration

CHANGE_PERMISSION = "declarations.change_declaration"
Kind = Declaration.Kind
Status = Declaration.Status


def subject(declaration):
    """The venue a declaration is about, by the name it proposes or the venue's title."""
    data_title = (declaration.venue_data or {}).get("title")
    return data_title or (declaration.venue.title if declaration.venue else _("(sans nom)"))


def declarant(declaration):
    if declaration.declarant_structure:
        return f"{declaration.declarant_name} ({declaration.declarant_structure})"
    return declaration.declarant_name or declaration.declarant_email or _("(anonyme)")


def scoped_queryset(user):
    return Declaration.objects.select_related("territory", "venue").for_moderator(user)


def get_declaration(request, pk):
    return get_object_or_404(scoped_queryset(request.user), pk=pk)


def within_territories(view):
    """Every view of one declaration answers 404 outside the user's territories."""

    @wraps(view)
    def scoped_view(request, *args, pk, **kwargs):
        if not Declaration.objects.for_moderator(request.user).filter(pk=pk).exists():
            raise Http404
        return view(request, *args, pk=pk, **kwargs)

    return scoped_view


def can_view_declarations(user):
    return user.has_perm("declarations.view_declaration") or user.has_perm(CHANGE_PERMISSION)


def require_change_permission(user):
    if not user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied


def back_to(declaration):
    return redirect("declarations_admin:inspect", pk=declaration.pk)


# Inbox, detail, status form.


class DeclarationIndexView(IndexView):
    def get_base_queryset(self):
        return scoped_queryset(self.request.user)


class DeclarationInspectView(InspectView):
    template_name = "declarations/admin/inspect.html"

    def get_object(self, queryset=None):
        return get_declaration(self.request, self.pk)

    def get_page_subtitle(self):
        return subject(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        declaration = self.object
        can_act = decisions.is_open(declaration) and self.request.user.has_perm(CHANGE_PERMISSION)
        updatable = (
            can_act
            and declaration.kind != Kind.NEW_VENUE
            and declaration.venue_id is not None
            and bool(declaration.venue_data)
        )
        context.update(
            declaration=declaration,
            subject=subject(declaration),
            proposal=apply.proposal_sections(declaration),
            can_act=can_act,
            can_create=can_act and declaration.kind == Kind.NEW_VENUE and not declaration.venue,
            can_update=updatable and self.may_edit_venue(),
            venue_out_of_reach=updatable and not self.may_edit_venue(),
            can_close=can_act and declaration.kind == Kind.ERROR_REPORT,
        )
        return context

    def may_edit_venue(self):
        """What ``update_venue`` checks: a declaration filed under one of her territories may be
        about a venue of another one (the declarant chose the territory)."""
        return self.object.venue.permissions_for_user(self.request.user).can_edit()


class DeclarationStatusForm(WagtailAdminModelForm):
    """Status, territory and refusal reason; a territory moderator assigns only theirs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_status = self.instance.status
        if self.for_user is not None:
            self.fields["territory"].queryset = territories_for(self.for_user)
        self.fields["refusal_reason"].help_text = _(
            "Obligatoire pour refuser : il est envoyé par e-mail au déclarant."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.REFUSED and not cleaned.get("refusal_reason"):
            self.add_error("refusal_reason", _("Indiquez le motif du refus."))
        return cleaned


class DeclarationEditView(EditView):
    success_message = gettext_lazy("Déclaration « %(object)s » enregistrée.")

    def get_object(self, queryset=None):
        return get_declaration(self.request, self.object_pk)

    def save_instance(self):
        declaration = super().save_instance()
        decisions.record_status_change(declaration, self.form.initial_status, self.request.user)
        return declaration

    def get_success_url(self):
        return reverse("declarations_admin:inspect", args=(self.object.pk,))


# Actions.


@require_POST
def create_venue(request, pk):
    """Create the venue page draft of a new venue declaration, then open it in the editor."""
    require_change_permission(request.user)
    with transaction.atomic():
        declaration = get_object_or_404(
            scoped_queryset(request.user).select_for_update(of=("self",)), pk=pk
        )
        if declaration.venue is not None:
            messages.info(request, _("Le lieu de cette déclaration a déjà été créé."))
            return redirect("wagtailadmin_pages:edit", declaration.venue_id)
        if not decisions.is_open(declaration) or declaration.kind != Kind.NEW_VENUE:
            raise PermissionDenied
        index = VenueIndexPage.objects.filter(locale=Locale.get_default()).first()
        if index and not index.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        try:
            venue, problems = apply.create_venue(declaration, request.user)
        except apply.CannotApply as reason:
            messages.error(request, str(reason))
            return back_to(declaration)
        decisions.take_up(declaration, venue)
    messages.success(
        request,
        _("Brouillon du lieu « %(title)s » créé : relisez-le, puis publiez-le.")
        % {"title": venue.title},
    )
    warn_about(request, problems)
    return redirect("wagtailadmin_pages:edit", venue.pk)


@require_http_methods(["GET", "POST"])
def update_venue(request, pk):
    """The differences with the venue (GET), then applied as a new draft revision (POST)."""
    require_change_permission(request.user)
    declaration = get_declaration(request, pk)
    venue = declaration.venue
    if venue is None or not decisions.is_open(declaration):
        raise Http404
    if not venue.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    check_venue(request.user, venue)
    if request.method == "POST":
        with transaction.atomic():
            try:
                venue, problems = apply.update_venue(declaration, request.user)
            except apply.CannotApply as reason:
                messages.error(request, str(reason))
                return back_to(declaration)
            decisions.take_up(declaration, declaration.venue)
        messages.success(
            request,
            _(
                "Modifications enregistrées comme brouillon de « %(title)s » : la page publiée "
                "ne change qu'à la publication."
            )
            % {"title": venue.title},
        )
        warn_about(request, problems)
        return redirect("wagtailadmin_pages:edit", venue.pk)
    context = {
        "declaration": declaration,
        "venue": venue,
        "rows": apply.differences(declaration, venue.get_latest_revision_as_object()),
    }
    return render(request, "declarations/admin/differences.html", context)


def warn_about(request, problems):
    if problems:
        messages.warning(
            request,
            _("À corriger avant de publier : %(problems)s") % {"problems": " ; ".join(problems)},
        )


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Il est envoyé tel quel par e-mail au déclarant."),
        error_messages={"required": gettext_lazy("Indiquez le motif du refus.")},
    )


class ProcessedForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Message à l'auteur du signalement (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy("Envoyé par e-mail si l'auteur a laissé son adresse."),
    )


def decision_view(form_class, template, decide, success, kind=None):
    """A form about one open declaration (GET), then the decision (POST)."""

    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        require_change_permission(request.user)
        declaration = get_declaration(request, pk)
        if not decisions.is_open(declaration) or (kind and declaration.kind != kind):
            raise Http404
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if decide(declaration, request.user, *form.cleaned_data.values()):
                messages.success(request, success)
            else:
                messages.warning(request, _("Cette déclaration a déjà été traitée."))
            return back_to(declaration)
        context = {"declaration": declaration, "form": form, "subject": subject(declaration)}
        return render(request, template, context)

    return view


refuse = decision_view(
    RefusalForm,
    "declarations/admin/refuse.html",
    decisions.refuse,
    gettext_lazy("Déclaration refusée ; le déclarant en est informé par e-mail."),
)
close_report = decision_view(
    ProcessedForm,
    "declarations/admin/close_report.html",
    decisions.close_report,
    gettext_lazy("Signalement marqué comme traité."),
    kind=Kind.ERROR_REPORT,
)


# The viewset.


class DeclarationMenuItem(MenuItem):
    """ "Déclarations (3)": the number of declarations received and not yet taken up."""

    def is_shown(self, request):
        return can_view_declarations(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        unread = (
            Declaration.objects.for_moderator(request.user).filter(status=Status.RECEIVED).count()
        )
        if unread:
            component.label = f"{self.label} ({unread})"
        return component


class DeclarationViewSet(ModelViewSet):
    model = Declaration
    add_to_reference_index = False  # nothing refers to declarations; saves stay cheap
    icon = "clipboard-list"
    menu_label = gettext_lazy("Déclarations")
    menu_order = admin_menu.DECLARATIONS
    add_to_admin_menu = True
    url_prefix = "declarations"
    url_namespace = "declarations_admin"
    index_view_class = DeclarationIndexView
    inspect_view_class = DeclarationInspectView
    edit_view_class = DeclarationEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        DateColumn("created_at", label=gettext_lazy("Reçue le"), sort_key="created_at"),
        Column("kind", label=gettext_lazy("Type"), accessor="get_kind_display"),
        TitleColumn(
            "subject",
            label=gettext_lazy("Lieu"),
            accessor=subject,
            url_name="declarations_admin:inspect",
        ),
        Column("territory", label=gettext_lazy("Territoire"), accessor="territory"),
        Column("declarant", label=gettext_lazy("Déclarant"), accessor=declarant),
        Column(
            "status", label=gettext_lazy("État"), accessor="get_status_display", sort_key="status"
        ),
    ]
    list_filter = ["status", "kind", "territory", "origin"]
    search_fields = [
        "venue_data__title",
        "venue__title",
        "declarant_name",
        "declarant_structure",
        "declarant_email",
        "tracking_code",
        "message",
    ]
    form_fields = ["status", "territory", "refusal_reason"]
    menu_item_class = DeclarationMenuItem

    def get_form_class(self, for_update=False):
        return forms.modelform_factory(
            Declaration, form=DeclarationStatusForm, fields=self.form_fields
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**kwargs) | {"add_url_name": None}

    def get_urlpatterns(self):
        patterns = [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]
        patterns += [
            path("creer-lieu/<int:pk>/", create_venue, name="create_venue"),
            path("mettre-a-jour/<int:pk>/", update_venue, name="update_venue"),
            path("refuser/<int:pk>/", refuse, name="refuse"),
            path("traiter/<int:pk>/", close_report, name="close_report"),
        ]
        for pattern in patterns:
            if "pk" in pattern.pattern.converters:
                pattern.callback = within_territories(pattern.callback)
        return patterns


declaration_viewset = DeclarationViewSet("declarations")


@hooks.register("register_admin_viewset")
def register_declaration_viewset():
    return declaration_viewset


hooks.register("construct_homepage_panels", add_panel(DeclarationsPanel, can_view_declarations))
