"""The receipt a declarant gets by e-mail: the tracking code and the link to follow it."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from portal.mail import sender, signature_context
from portal.public_address import absolute_url


def tracking_url(declaration):
    """Absolute link to the tracking page, the code already filled in."""
    query = urlencode({"code": declaration.display_code})
    return absolute_url(f"{reverse('declarations:track')}?{query}")


def send_receipt(request, declaration):
    context = {
        "declaration": declaration,
        "tracking_url": tracking_url(declaration),
        **signature_context(),
    }
    send_mail(
        subject=_("Votre déclaration est bien reçue — code %(code)s")
        % {"code": declaration.display_code},
        message=render_to_string("declarations/receipt_email.txt", context),
        from_email=sender(context["identity"]),
        recipient_list=[declaration.declarant_email],
        html_message=render_to_string("declarations/receipt_email.html", context),
    )
