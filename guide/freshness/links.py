"""Signed links a venue's contact follows without an account, to confirm or correct its data.

The token names the venue and expires; it grants nothing but confirming that venue's data or
starting a proposed change to it, which a moderator still reviews.
"""

from django.core import signing

SALT = "guide.freshness.verification"
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
