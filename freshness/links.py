"""Signed links a venue's contact follows without an account, to confirm or correct its data.

The token names the venue and expires; it grants nothing but confirming that venue's data or
starting a proposed change to it, which a moderator still reviews.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SALT = "freshness.verification"
LINK_VALIDITY_SECONDS = 60 * 24 * 3600


class InvalidLink(Exception):
    pass


class ExpiredLink(InvalidLink):
    pass


def verification_token(venue):
    return signing.dumps({"venue": venue.pk}, salt=SALT, compress=True)


def venue_id_from_token(token):
    try:
        payload = signing.loads(token, salt=SALT, max_age=LINK_VALIDITY_SECONDS)
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except signing.BadSignature as error:
        raise InvalidLink from error
    return payload["venue"]


def verification_links(venue, root_url):
    """(confirm URL, propose-changes URL) for one venue's contact, both carrying a fresh token.

    French, the source language, has no prefix; the change URL opens the declaration form
    prefilled with the venue (the declarations app).
    """
    token = verification_token(venue)
    with translation.override(settings.LANGUAGE_CODE):
        confirm_path = reverse("freshness:verify", args=[token])
        change_path = reverse("declarations:change", args=[venue.pk])
    change_path += f"?{urlencode({'verification': token})}"
    return root_url + confirm_path, root_url + change_path
