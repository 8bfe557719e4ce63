"""Admin for the newsletter's subscribers and sends.

- "Abonnés": counts and the list (a ``ModelViewSet``, model permissions), and the CSV import.
- "Envois de la lettre": every send with its progress; a page per send (counts, failures with
  their reason, "Reprendre l'envoi"); the test send and the real send of an issue, reached from
  the issue's header buttons.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton

from ..channels.email import IssueEmail
from ..forms import SubscriberImportForm, TestSendForm
from ..models import Delivery, NewsletterIssuePage, NewsletterSend, Subscriber
from ..newsletter import send as sending
from ..newsletter.imports import import_subscribers
from ..newsletter.subscriptions import unsubscribe_url

SEND_PERMISSION = "actualites.add_newslettersend"
# The "Lettre d'information" submenu (wagtail_hooks.py) lists what registers with this hook.
NEWSLETTER_MENU_HOOK = "register_newsletter_menu_item"
SUBSCRIBERS_PERMISSION = "actualites.view_subscriber"
FAILURES_SHOWN = 200


def subscriber_counts():
    """Confirmed, pending and confirmed by language, in two queries."""
    counts = Subscriber.objects.aggregate(
        confirmed=Count("pk", filter=Q(status=Subscriber.Status.CONFIRMED)),
        pending=Count("pk", filter=Q(status=Subscriber.Status.PENDING)),
    )
    counts["by_language"] = list(
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
        .values("language")
        .annotate(count=Count("pk"))
        .order_by("-count", "language")
    )
    return counts


class SubscriberIndexView(IndexView):
    template_name = "actualites/admin/subscriber_index.html"

    @property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("actualites.add_subscriber"):
            buttons.append(
                HeaderButton(
                    _("Importer un fichier CSV"),
                    url=reverse("actualites_subscribers:import"),
                    icon_name="upload",
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = subscriber_counts()
        return context


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = gettext_lazy("Abonnés")
    menu_order = 30
    menu_hook = NEWSLETTER_MENU_HOOK
    url_prefix = "lettre-abonnes"
    url_namespace = "actualites_subscribers"
    index_view_class = SubscriberIndexView
    list_display = ["email", "status", "language", "source", "created_at", "consent_at"]
    list_filter = ["status", "language", "source"]
    search_fields = ["email"]
    form_fields = ["email", "language", "status"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("importer/", self.import_view, name="import"),
        ]

    @property
    def import_view(self):
        @require_http_methods(["GET", "POST"])
        def import_csv(request):
            if not request.user.has_perm("actualites.add_subscriber"):
                raise PermissionDenied
            form = SubscriberImportForm(request.POST or None, request.FILES or None)
            report = None
            if request.method == "POST" and form.is_valid():
                report = import_subscribers(
                    form.cleaned_data["file"], form.cleaned_data["consent_given"]
                )
            context = {"form": form, "report": report, "counts": subscriber_counts()}
            return render(request, "actualites/admin/subscriber_import.html", context)

        return import_csv


def subscriber_viewset():
    return SubscriberViewSet("actualites_subscribers")


def already_sent_message():
    return _(
        "Ce numéro a déjà été envoyé (ou son envoi est en cours) : il ne sera pas envoyé une "
        "seconde fois."
    )


def _require_send_permission(user):
    if not user.has_perm(SEND_PERMISSION):
        raise PermissionDenied


def _issue(pk):
    return get_object_or_404(NewsletterIssuePage.objects.specific(), pk=pk)


def send_list(request):
    _require_send_permission(request.user)
    sends = NewsletterSend.objects.select_related("issue").annotate(
        total=Count("deliveries"),
        sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
    )[:100]
    return render(request, "actualites/admin/send_list.html", {"sends": sends})


def send_detail(request, pk):
    _require_send_permission(request.user)
    send = get_object_or_404(NewsletterSend.objects.select_related("issue", "requested_by"), pk=pk)
    failures = send.deliveries.filter(status=Delivery.Status.FAILED).order_by("pk")
    retrying = send.deliveries.filter(status=Delivery.Status.PENDING).exclude(error="")
    context = {
        "send": send,
        "progress": sending.progress(send),
        # Addresses are the subscribers' personal data: shown only to those who may see them.
        "shows_addresses": request.user.has_perm(SUBSCRIBERS_PERMISSION),
        "failures": failures[:FAILURES_SHOWN],
        "retrying": retrying.order_by("pk")[:FAILURES_SHOWN],
    }
    return render(request, "actualites/admin/send_detail.html", context)


@require_POST
def send_resume(request, pk):
    _require_send_permission(request.user)
    send = get_object_or_404(NewsletterSend, pk=pk)
    if sending.resume_send(send):
        messages.success(
            request, _("L'envoi reprend : seuls les destinataires restants recevront la lettre.")
        )
    else:
        messages.info(request, _("Cet envoi est déjà terminé."))
    return redirect("actualites_sends:detail", pk=send.pk)


@require_http_methods(["GET", "POST"])
def send_start(request, issue_pk):
    """Confirm (GET), then start (POST) the one real send of a live issue."""
    _require_send_permission(request.user)
    issue = _issue(issue_pk)
    existing = NewsletterSend.objects.filter(issue=issue).first()
    if existing:
        messages.warning(
            request,
            already_sent_message(),
        )
        return redirect("actualites_sends:detail", pk=existing.pk)
    if not issue.live:
        messages.error(request, _("Publiez ce numéro avant de l'envoyer."))
        return redirect("wagtailadmin_pages:edit", issue.pk)
    count = sending.recipients_count()
    if request.method == "POST":
        if not count:
            messages.error(request, _("Aucun abonné confirmé : rien à envoyer."))
            return redirect("actualites_sends:start", issue_pk=issue.pk)
        try:
            send = sending.start_send(issue, request.user)
        except sending.AlreadySent:
            messages.warning(
                request,
                already_sent_message(),
            )
            return redirect("actualites_sends:list")
        messages.success(request, _("L'envoi a commencé. Suivez son avancement sur cette page."))
        return redirect("actualites_sends:detail", pk=send.pk)
    return render(request, "actualites/admin/send_confirm.html", {"issue": issue, "count": count})


@require_http_methods(["GET", "POST"])
def send_test(request, issue_pk):
    """Send the real e-mail of an issue, at once, to one address (a proofreader's)."""
    _require_send_permission(request.user)
    issue = _issue(issue_pk)
    form = TestSendForm(request.POST or None, initial={"email": request.user.email})
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["email"]
        probe = Subscriber(email=address, language=issue.locale.language_code)
        IssueEmail(issue, request).message(address, unsubscribe_url(probe)).send()
        messages.success(request, _("E-mail de test envoyé à %(address)s.") % {"address": address})
        return redirect("actualites_sends:test", issue_pk=issue.pk)
    return render(request, "actualites/admin/send_test.html", {"issue": issue, "form": form})


def send_urls():
    return [
        path(
            "lettre-envois/",
            (
                [
                    path("", send_list, name="list"),
                    path("<int:pk>/", send_detail, name="detail"),
                    path("<int:pk>/reprendre/", send_resume, name="resume"),
                    path("envoyer/<int:issue_pk>/", send_start, name="start"),
                    path("test/<int:issue_pk>/", send_test, name="test"),
                ],
                "actualites_sends",
                "actualites_sends",
            ),
        )
    ]


class SendMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(SEND_PERMISSION)


def send_menu_item():
    return SendMenuItem(
        gettext_lazy("Envois"),
        reverse("actualites_sends:list"),
        name="envois",
        icon_name="mail",
        order=20,
    )


def issue_send_buttons(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, NewsletterIssuePage) or not user.has_perm(
        SEND_PERMISSION
    ):
        return
    yield ListingButton(
        _("Envoi de test"),
        reverse("actualites_sends:test", args=[page.pk]),
        icon_name="mail",
        priority=80,
    )
    if page.live:
        yield ListingButton(
            _("Envoyer aux abonnés"),
            reverse("actualites_sends:start", args=[page.pk]),
            icon_name="mail",
            priority=81,
        )
