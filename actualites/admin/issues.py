"""Newsletter issues in the admin: "Préparer le prochain numéro" and each channel's download.

Both are header buttons of the pages concerned. "Préparer le prochain numéro" is the newsletter
index's listing's own button, beside "add", through a page viewset of the issues (Wagtail uses
it to list the children of their only parent type); the ``register_page_header_buttons`` hook
would hide it in the "…" menu, where it stays on the index's other screens. Preparing is a
POST from a confirmation page (CSRF-protected, no JavaScript needed) by an editor who may add
pages under the index; a download needs the right to edit the issue and gives its latest
revision, so that a draft can be checked in every format before it is published. The channels
are also the issue page's preview modes (``NewsletterIssuePage.preview_modes``).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.admin.widgets import Button, HeaderButton

from ..channels import CHANNELS
from ..forms import placeholder_left_in
from ..models import NewsletterIndexPage, NewsletterIssuePage
from ..newsletter.preparation import next_issue_of, prepare_next_issue, unpublished_draft

PREPARE_LABEL = gettext_lazy("Préparer le prochain numéro")


def can_prepare(index, user):
    return index.permissions_for_user(user).can_add_subpage()


def prepare_view(request, index_id):
    """GET: what will be prepared (or the draft already there); POST: prepare it."""
    index = get_object_or_404(NewsletterIndexPage, pk=index_id)
    if not can_prepare(index, request.user):
        raise PermissionDenied
    if request.method == "POST":
        issue, created = prepare_next_issue(index, user=request.user)
        edit_url = reverse("wagtailadmin_pages:edit", args=(issue.pk,))
        if created:
            messages.success(
                request,
                _("Le brouillon du numéro %(label)s est prêt : relisez-le et complétez-le.")
                % {"label": issue.number_label},
            )
        else:
            messages.warning(
                request,
                _("Le numéro %(label)s est déjà en préparation : le voici.")
                % {"label": issue.number_label},
                buttons=[messages.button(edit_url, _("Modifier"))],
            )
        return redirect(edit_url)
    context = {
        "index": index,
        "draft": unpublished_draft(index),
        "next_issue": next_issue_of(index),
        "header_title": _("Préparer le prochain numéro"),
        "page_title": _("Préparer le prochain numéro"),
        "header_icon": "mail",
    }
    return TemplateResponse(request, "actualites/newsletter/admin_prepare.html", context)


def download_view(request, page_id, channel_name):
    """One channel of the issue's latest revision, as a file to save."""
    page = get_object_or_404(NewsletterIssuePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    channel = CHANNELS.get(channel_name)
    issue = page.get_latest_revision_as_object()
    if channel is None or not channel.available(issue):
        raise Http404
    response = HttpResponse(channel.render(issue, request), content_type=channel.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=channel.filename(issue)
    )
    return response


def issue_urls():
    return [
        path(
            "lettre/<int:index_id>/preparer/",
            prepare_view,
            name="actualites_prepare_issue",
        ),
        path(
            "lettre/numero/<int:page_id>/<slug:channel_name>/",
            download_view,
            name="actualites_issue_download",
        ),
    ]


class IssueIndexView(ExplorableIndexView):
    """The newsletter index's listing, with "Préparer le prochain numéro" in sight."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if can_prepare(self.parent_page, self.request.user):
            url = reverse("actualites_prepare_issue", args=(self.parent_page.pk,))
            buttons = [*buttons, HeaderButton(PREPARE_LABEL, url, icon_name="mail")]
        return buttons


class IssuePageViewSet(PageViewSet):
    model = NewsletterIssuePage
    index_view_class = IssueIndexView


def issue_page_viewset():
    return IssuePageViewSet()


def newsletter_header_buttons(page, user, view_name, next_url=None):
    specific_class = page.specific_class
    if specific_class is NewsletterIndexPage and view_name != "index" and can_prepare(page, user):
        yield Button(
            PREPARE_LABEL,
            reverse("actualites_prepare_issue", args=(page.pk,)),
            icon_name="mail",
            priority=5,
        )
    elif specific_class is NewsletterIssuePage and page.permissions_for_user(user).can_edit():
        for priority, (name, channel) in enumerate(CHANNELS.items(), start=80):
            if not channel.available(page):
                continue
            yield Button(
                _("Télécharger : %(channel)s") % {"channel": channel.label},
                reverse("actualites_issue_download", args=(page.pk, name)),
                icon_name="download",
                priority=priority,
            )


def refuse_bulk_publication_of_placeholders(request, action_type, objects, action):
    """The page list's bulk "Publier" publishes without the issue's form, which refuses an
    issue still holding a text to replace: the same refusal here, for the whole selection."""
    if action_type != "publish":
        return None
    held = [
        page.title
        for page in objects
        if isinstance(page.specific_deferred, NewsletterIssuePage)
        and placeholder_left_in(page.specific_deferred)
    ]
    if not held:
        return None
    messages.error(
        request,
        ngettext(
            "Rien n'a été publié : le numéro %(issues)s contient encore un texte à remplacer "
            "(« Éditorial à écrire », « Astuce à écrire »…). Ouvrez-le pour l'écrire.",
            "Rien n'a été publié : les numéros %(issues)s contiennent encore un texte à "
            "remplacer (« Éditorial à écrire », « Astuce à écrire »…). Ouvrez-les pour l'écrire.",
            len(held),
        )
        % {"issues": ", ".join(f"«\u00a0{title}\u00a0»" for title in held)},
    )
    return redirect(action.next_url)
