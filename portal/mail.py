"""Who the site's e-mails come from and how they are signed: the city, from its settings.

Every e-mail the site sends to residents and partners (newsletter and its confirmation,
declaration receipts and decisions, freshness reminders) names ``sender()`` as its From:
« Ville de Metz — Le numérique pour tous <numerique@metz.fr> », so that residents recognise the
city in their inbox. Empty settings fall back to the server's ``DEFAULT_FROM_EMAIL``.
"""

from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings

from .models import PortalSettings
from .public_address import public_root_url


def sender(identity=None):
    """``Display name <address>``: the settings' sender, else the city's name; the settings'
    address, else ``DEFAULT_FROM_EMAIL``'s."""
    identity = identity or PortalSettings.for_default_site()
    default_name = parseaddr(settings.DEFAULT_FROM_EMAIL)[0]
    name = identity.sender_name or identity.city_name or default_name
    address = sender_address(identity)
    if not name:
        return address
    return str(Address(display_name=name, addr_spec=address))


def sender_address(identity):
    """The bare address of ``sender()``: the settings' address, else ``DEFAULT_FROM_EMAIL``'s."""
    default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return identity.sender_email or default_address or settings.DEFAULT_FROM_EMAIL


def signature_context(identity=None):
    """What ``includes/email_signature.txt`` and ``.html`` print under every e-mail."""
    identity = identity or PortalSettings.for_default_site()
    return {"identity": identity, "site_url": public_root_url() + "/"}
