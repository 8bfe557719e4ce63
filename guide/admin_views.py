"""Small JSON views of the venue editor (registered in wagtail_hooks.py, behind the admin's
login)."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .geocoding import locate


def location_message(location, postcode):
    if location is None:
        return _(
            "Adresse introuvable et code postal inconnu : placez le repère sur la carte ou "
            "saisissez la latitude et la longitude."
        )
    if location.approximate:
        return _(
            "Position approximative (%(place)s) : déplacez le repère sur la carte pour la préciser."
        ) % {"place": location.label or postcode}
    return _("Adresse trouvée : %(label)s. Vérifiez le repère sur la carte.") % {
        "label": location.label
    }


@require_GET
def locate_address(request):
    """``?address=…&postcode=…&commune=…`` → the position to put in the venue's fields."""
    address = request.GET.get("address", "")
    postcode = request.GET.get("postcode", "")
    location = locate(settings.GEOCODER_URL, address, postcode, request.GET.get("commune", ""))
    answer = {"found": location is not None, "message": location_message(location, postcode)}
    if location is not None:
        answer.update(
            latitude=round(location.latitude, 6),
            longitude=round(location.longitude, 6),
            approximate=location.approximate,
        )
    return JsonResponse(answer)
