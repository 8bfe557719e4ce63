"""The admin's password reset, which sends at most a few e-mails per address and per client.

Wagtail's view and page are kept (``WAGTAILADMIN_USER_PASSWORD_RESET_FORM``); only the sending is
skipped past the limits. The page is the same either way ("if an account exists, an e-mail was
sent"): it tells nobody whether an address has an account, nor that a limit was reached.
"""

import logging

from wagtail.admin.forms.auth import PasswordResetForm

from .client_address import client_ip
from .throttle import over_limit_for

# This many reset requests per hour for one e-mail address, and from one client.
PER_ADDRESS = (3, 60 * 60)
PER_CLIENT = (10, 60 * 60)

logger = logging.getLogger(__name__)


class ThrottledPasswordResetForm(PasswordResetForm):
    def save(self, *args, request, **kwargs):
        address = self.cleaned_data["email"].casefold()
        # Both counted, whichever is reached first: a client spreading its requests over many
        # addresses, or many clients aiming at one mailbox.
        over_address = over_limit_for(address, "password-reset-address", *PER_ADDRESS)
        over_client = over_limit_for(client_ip(request), "password-reset-client", *PER_CLIENT)
        if over_address or over_client:
            logger.warning("Password reset e-mail not sent: rate limit reached.")
            return
        super().save(*args, request=request, **kwargs)
