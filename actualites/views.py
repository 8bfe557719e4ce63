"""Public pages of the subscription: subscribe, confirm, unsubscribe. No JavaScript needed."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from portal.throttle import over_rate_limit

from .forms import SubscribeForm
from .models import Subscriber
from .newsletter import subscriptions

# Per client address: this many subscription attempts in this many seconds.
SUBSCRIBE_RATE_LIMIT = 5
SUBSCRIBE_RATE_WINDOW = 10 * 60
ONE_CLICK_BODY = "One-Click"


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        form = SubscribeForm(initial={"language": get_language()})
        return _subscribe_page(request, form)
    if over_rate_limit(request, "subscribe", SUBSCRIBE_RATE_LIMIT, SUBSCRIBE_RATE_WINDOW):
        form = SubscribeForm(request.POST)
        form.add_error(
            None,
            _(
                "Trop de demandes d'abonnement depuis votre connexion. Réessayez dans "
                "quelques minutes."
            ),
        )
        return _subscribe_page(request, form, status=429)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _subscribe_page(request, form, status=400)
    if not form.is_robot():
        subscriptions.subscribe(
            form.cleaned_data["email"], form.cleaned_data["language"] or get_language()
        )
    return render(request, "actualites/subscriptions/check_inbox.html")


def _subscribe_page(request, form, status=200):
    context = {"subscribe_form": form, "subscribe_url": reverse("actualites:subscribe")}
    return render(request, "actualites/subscriptions/subscribe.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button; only its POST (CSRF-checked) records the consent.

    A mail scanner or a link preview opens every link of a message: consent must be the
    person's click on the page, not the opening of the link.
    """
    try:
        key = subscriptions.key_from_confirm_token(token)
    except subscriptions.ExpiredLink:
        return _link_problem(
            request,
            _(
                "Ce lien de confirmation a expiré. Abonnez-vous à nouveau : vous recevrez un "
                "nouveau lien."
            ),
        )
    except subscriptions.InvalidLink:
        return _link_problem(request, _("Ce lien de confirmation n'est pas valide."))
    if request.method == "GET":
        if Subscriber.objects.filter(key=key).exists():
            return render(request, "actualites/subscriptions/confirm.html")
        subscriber = None
    else:
        subscriber = subscriptions.confirm(key)
    if subscriber is None:
        return _link_problem(
            request,
            _("Cette inscription n'existe plus. Abonnez-vous à nouveau si vous le souhaitez."),
        )
    return render(request, "actualites/subscriptions/confirmed.html")


def _link_problem(request, message):
    context = {"message": message, "subscribe_url": reverse("actualites:subscribe")}
    return render(request, "actualites/subscriptions/link_problem.html", context, status=400)


def _is_one_click(request):
    """RFC 8058: mail clients POST ``List-Unsubscribe=One-Click`` to the List-Unsubscribe URL."""
    return request.method == "POST" and request.POST.get("List-Unsubscribe") == ONE_CLICK_BODY


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks for confirmation; the page's button POSTs (CSRF-checked) and unsubscribes.

    CSRF is exempted for RFC 8058 one-click requests only: a mail provider sends them with no
    cookie and no token, and they are harmless to forge, since the signed token in the URL
    already proves the right to unsubscribe that one address and nothing else. Every other POST
    goes through the CSRF check.
    """
    if request.method == "POST" and not _is_one_click(request):
        return csrf_protect(_unsubscribe)(request, token)
    return _unsubscribe(request, token)


def _unsubscribe(request, token):
    try:
        key = subscriptions.key_from_unsubscribe_token(token)
    except subscriptions.InvalidLink:
        return _link_problem(request, _("Ce lien de désabonnement n'est pas valide."))
    if request.method == "GET":
        if not Subscriber.objects.filter(key=key).exists():
            return render(request, "actualites/subscriptions/unsubscribed.html", {"already": True})
        return render(request, "actualites/subscriptions/unsubscribe.html")
    removed = subscriptions.unsubscribe(key)
    return render(request, "actualites/subscriptions/unsubscribed.html", {"already": not removed})
