"""``/verifier/<token>/``: a venue's contact confirms, without an account, that its data holds.

GET only shows the data and a button: mail scanners open every link of a message, so opening
one must change nothing. The button POSTs (CSRF-protected) and moves the verification date.
Never cached: the page carries a CSRF token and the answer depends on the link.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from guide.models import VenuePage
from portal.throttle import over_rate_limit

from .links import ExpiredLink, InvalidLink, venue_id_from_token, verification_links
from .verification import confirm_venue_data

# Per client address: opening and confirming this many links in this many seconds.
VERIFY_RATE_LIMIT = 20
VERIFY_RATE_WINDOW = 10 * 60


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, token):
    if over_rate_limit(request, "freshness-verify", VERIFY_RATE_LIMIT, VERIFY_RATE_WINDOW):
        return _link_problem(
            request,
            _("Trop de demandes depuis votre connexion. Réessayez dans quelques minutes."),
            status=429,
        )
    try:
        venue_id = venue_id_from_token(token)
    except ExpiredLink:
        return _link_problem(
            request,
            _(
                "Ce lien a expiré : il était valable 60 jours. Vous recevrez un nouveau lien "
                "lors de la prochaine relance, ou écrivez-nous pour confirmer vos informations."
            ),
        )
    except InvalidLink:
        return _link_problem(
            request,
            _(
                "Ce lien n'est pas valide. Vérifiez qu'il a été copié en entier depuis "
                "l'e-mail reçu."
            ),
        )
    venue = VenuePage.objects.live().select_related("territory").filter(pk=venue_id).first()
    if venue is None:
        return _link_problem(request, _("Ce lieu n'est plus publié dans le guide."))
    if request.method == "POST":
        verified_on = confirm_venue_data(venue)
        return render(
            request,
            "freshness/verified.html",
            {"venue": venue, "verified_on": verified_on},
        )
    return render(request, "freshness/verify.html", _verify_context(request, venue, token))


def _verify_context(request, venue, token):
    now = timezone.now()
    schedule = venue.schedule(now)
    _confirm_url, change_url = verification_links(venue, "")
    return {
        "venue": venue,
        "week": schedule.week(timezone.localdate(now)),
        "rated_families": [rated for rated in venue.rated_families() if rated.offered],
        "change_url": change_url,
    }


def _link_problem(request, message, status=400):
    return render(request, "freshness/link_problem.html", {"message": message}, status=status)
